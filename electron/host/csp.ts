/**
 * The renderer's Content-Security-Policy, shared by the browser host and Electron's protocol handler:
 * only Pird's own scripts, styles and bundled fonts; no remote content, no frames, no plugins.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
