// Electron's privileged custom schemes, as Chromium-without-Electron can load them. Chromium knows
// no custom schemes, so a URL `scheme://host/path` of a registered scheme is shown to the page as
// `https://host.scheme.invalid/path` (secure, standard, never on any network: every such request is
// fulfilled by main's protocol handler through Playwright's routing) and mapped back before main
// sees it. The mapping is applied at every place a URL crosses between main and the page: loadURL,
// the request URLs main's handlers receive, the CSP and Location headers they send, the sender
// frame's URL, will-navigate, and strings that cross the context bridge.
export const PAGE_SUFFIX = '.invalid';

export interface SchemePrivileges {
  readonly standard?: boolean;
  readonly secure?: boolean;
  readonly bypassCSP?: boolean;
  readonly allowServiceWorkers?: boolean;
  readonly supportFetchAPI?: boolean;
  readonly corsEnabled?: boolean;
  readonly stream?: boolean;
  readonly codeCache?: boolean;
}

export const PRIVILEGE_KEYS = ['standard', 'secure', 'bypassCSP', 'allowServiceWorkers', 'supportFetchAPI', 'corsEnabled', 'stream', 'codeCache'] as const;

export class SchemeMap {
  constructor(private readonly schemes: () => ReadonlyMap<string, SchemePrivileges>) {}

  /** `blindfold://app/x` → `https://app.blindfold.invalid/x`; any other URL unchanged. */
  toPage(url: string): string {
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
    if (!match || !this.schemes().has(match[1]!.toLowerCase())) return url;
    return `https://${match[2]!.toLowerCase()}.${match[1]!.toLowerCase()}${PAGE_SUFFIX}${match[3] ?? ''}`;
  }

  /** The inverse of toPage: null for a URL that is not one of a registered scheme. */
  toMain(url: string): { readonly scheme: string; readonly url: string } | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (parsed.protocol !== 'https:' || !parsed.hostname.endsWith(PAGE_SUFFIX) || parsed.port !== '') return null;
    const labels = parsed.hostname.slice(0, -PAGE_SUFFIX.length).split('.');
    const scheme = labels.pop()!;
    if (!this.schemes().has(scheme) || labels.length === 0) return null;
    return { scheme, url: `${scheme}://${labels.join('.')}${parsed.pathname}${parsed.search}${parsed.hash}` };
  }

  /** Main's URL as main would see it: mapped back if it is a scheme URL, else as it is. */
  mainUrl(url: string): string {
    return this.toMain(url)?.url ?? url;
  }

  /** A CSP as main wrote it, for the page: scheme sources and scheme URLs of registered schemes mapped. */
  csp(policy: string): string {
    return policy
      .split(';')
      .map((directive) =>
        directive
          .split(/\s+/)
          .map((token) => {
            const bare = /^([a-z][a-z0-9+.-]*):$/i.exec(token);
            if (bare && this.schemes().has(bare[1]!.toLowerCase())) return `https://*.${bare[1]!.toLowerCase()}${PAGE_SUFFIX}`;
            return this.toPage(token);
          })
          .join(' '),
      )
      .join(';');
  }

  /** Deep copy of a cloned value with every string that is a registered scheme's URL mapped. */
  mapStrings(value: unknown, map: (s: string) => string): unknown {
    if (typeof value === 'string') return map(value);
    if (Array.isArray(value)) return value.map((v) => this.mapStrings(v, map));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.mapStrings(v, map)]));
    }
    return value;
  }
}
