// server: the HTTP edge. Fastify plugins per context, authentication and permissions, schema
// validation and the one error mapping. It calls contexts through their index.ts only.
export { buildApp, API_PREFIX, type AppOptions } from './app.ts';
export { scopeOf, SESSION_COOKIE, type RoutePermission } from './auth.ts';
export { toErrorResponse } from './errors.ts';
