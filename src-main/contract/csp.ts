/**
 * The page's Content-Security-Policy, written once for both transports: the loopback HTTP server sends
 * it with every response ([Note: wire format]) and the Electron app:// handler with every page file
 * ([Note: app protocol]). Only where images and videos may come from differs: Electron's photos travel by photo://.
 */
export function contentSecurityPolicy(options: { imageSchemes?: string[]; connectSources?: string[] } = {}): string {
  return [
    "default-src 'self'",
    ["img-src 'self'", ...(options.imageSchemes ?? []), 'blob:', 'data:'].join(' '),
    // videos and Live Photo motion come from where photos come from
    ["media-src 'self'", ...(options.imageSchemes ?? [])].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    ["connect-src 'self'", ...(options.connectSources ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
