/**
 * The routes anyone may call without credentials, each with the reason. Every other route the
 * app mounts must carry an auth decision (ApiKeyAuth, IdTokenAuth, …): the route audit fails on
 * one that has neither. Paths are OpenAPI-style (`{param}`).
 */
export const PUBLIC_ROUTES: { method: string; path: string; why: string }[] = [
  { method: 'GET', path: '/health', why: 'liveness probe' },
  { method: 'GET', path: '/health/ready', why: 'readiness probe' },
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    why: 'public keys of the local ID-token issuer',
  },
  {
    method: 'GET',
    path: '/v1/integrations/{platform}/callback',
    why: 'OAuth redirect from the platform; the one-time `state` identifies the user',
  },
  { method: 'GET', path: '/media/{key}', why: 'public media files (local storage)' },
  { method: 'PUT', path: '/media/{key}', why: 'direct-upload target; the signature authorizes' },
  { method: 'GET', path: '/console', why: 'the console page; it signs in through the API' },
  { method: 'GET', path: '/console/{file}', why: "the console's script and style sheet" },
  {
    method: 'GET',
    path: '/sandbox/{platform}/{id}',
    why: "a sandbox post's run URL, public like the platform's post URL",
  },
];

/**
 * Routes the app mounts that are not part of the API, so the OpenAPI document leaves them out.
 * `prefix` covers the Swagger UI's own assets, which Express serves outside Nest (and so outside
 * every guard): public by nature.
 */
export const NON_API_ROUTES: { method: string; path: string; prefix?: boolean; why: string }[] = [
  { method: 'GET', path: '/docs', prefix: true, why: 'Swagger UI and its assets' },
  { method: 'GET', path: '/media/{key}', why: 'URLs Soku hands out; not called by clients' },
  { method: 'PUT', path: '/media/{key}', why: 'signed upload URLs Soku hands out' },
  { method: 'GET', path: '/console', prefix: true, why: 'the console: a web page, not the API' },
  { method: 'GET', path: '/sandbox/{platform}/{id}', why: 'run URLs Soku hands out' },
];
