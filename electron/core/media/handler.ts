// The media handler: (Request) => Promise<Response>, shared by Electron's privileged scheme and the
// loopback server of the e2e harness. It answers Range requests itself (RFC 9110 §14): Electron's
// own fetch of file URLs ignores Range, and seeking would break.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { MediaTokens } from './tokens';

const BASE_HEADERS = {
  'Accept-Ranges': 'bytes',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  // No Cross-Origin-Resource-Policy: the app (blindfold://app) and its media (blindfold-media://clip)
  // are different sites, and the unguessable, session-bound token is the access control.
} as const;

// Read in 512 KiB chunks: each chunk crosses a web stream, so fewer, larger chunks cost less.
const CHUNK = 512 * 1024;

export type ByteRange = { readonly start: number; readonly end: number };

/**
 * Parses a single-range `Range` header against a file size. Returns null when there is no usable
 * header (serve the whole file), 'unsatisfiable' for a syntactically valid range outside the file.
 * Multi-range requests are answered with the whole file, which RFC 9110 permits.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return 'unsatisfiable';
  return { start, end };
}

function notFound(): Response {
  return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
}

/** Extracts the token from `<scheme>://clip/<token>` or `http://127.0.0.1:port/media/<token>`. */
export function tokenFromUrl(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const token = pathname.split('/').filter(Boolean).pop() ?? '';
  return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

/** Who asks for media, when the transport knows it (the study server); Electron's scheme does not. */
export interface MediaCaller {
  readonly sessionKey: string;
}

export type MediaHandler = (request: Request, caller?: MediaCaller) => Promise<Response>;

export function createMediaHandler(tokens: MediaTokens): MediaHandler {
  return async (request, caller) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    const token = tokenFromUrl(request.url);
    const media = token ? tokens.resolve(token, caller?.sessionKey) : undefined;
    if (!media) return notFound();
    let size: number;
    try {
      size = (await stat(media.file)).size;
    } catch {
      return notFound();
    }
    const range = parseRange(request.headers.get('range'), size);
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { ...BASE_HEADERS, 'Content-Range': `bytes */${size}` } });
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const length = size === 0 ? 0 : end - start + 1;
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'Content-Type': media.contentType,
      'Content-Length': String(length),
    };
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    const body =
      request.method === 'HEAD' || length === 0
        ? null
        : (Readable.toWeb(createReadStream(media.file, { start, end, highWaterMark: CHUNK })) as ReadableStream<Uint8Array>);
    return new Response(body, { status: range ? 206 : 200, headers });
  };
}
