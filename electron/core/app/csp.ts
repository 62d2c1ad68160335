// The renderer's Content-Security-Policy: nothing from remote origins, scripts and styles only from
// the app itself, media only from the clip scheme (or, in the e2e harness, its loopback equivalent).
export function contentSecurityPolicy(mediaSource: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `media-src ${mediaSource}`,
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
