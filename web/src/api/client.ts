// The console's one way to the API: typed by the generated schema (schema.d.ts), sends the
// session cookie, turns the server's error JSON {code, message, details} into an ApiError, and
// hands a 401 to the shell, which sends the user to login and back to the page afterwards.
import type { paths } from './schema';

export type ErrorCode =
  | 'RONGHE_VALIDATION'
  | 'RONGHE_BAD_REQUEST'
  | 'RONGHE_UNAUTHENTICATED'
  | 'RONGHE_FORBIDDEN'
  | 'RONGHE_NOT_FOUND'
  | 'RONGHE_CONFLICT'
  | 'RONGHE_PAYLOAD_TOO_LARGE'
  | 'RONGHE_UNSUPPORTED_MEDIA_TYPE'
  | 'RONGHE_INVALID_TRANSITION'
  | 'RONGHE_TOO_MANY_REQUESTS'
  | 'RONGHE_INVALID_DATA'
  | 'RONGHE_INTERNAL'
  | 'RONGHE_UNAVAILABLE'
  | 'NETWORK';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

// The UI language goes with every call as Accept-Language, so the server's error messages come
// in the language the user reads (src/server/language.ts); the shell sets it (shell/i18n.ts).
let language = 'zh-CN';
export function setApiLanguage(lng: string): void {
  language = lng;
}
/** The Accept-Language header of every API call: the UI language first, English after it. */
export const languageHeader = (): string => (language === 'en' ? 'en' : `${language}, en;q=0.5`);

let onUnauthenticated: () => void = () => undefined;
/** The shell registers what a 401 does (go to login, remember the page). */
export function setUnauthenticatedHandler(f: () => void): void {
  onUnauthenticated = f;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, infer O>
    ? [O] extends [never]
      ? never
      : P
    : never;
}[keyof paths];
type Op<P extends keyof paths, M extends Method> = paths[P] extends Record<M, infer O> ? O : never;
type Json<T> = T extends { content: { 'application/json': infer J } } ? J : unknown;
type ResponseOf<O> = O extends { responses: { 200: infer R } }
  ? Json<R>
  : O extends { responses: { 201: infer R } }
    ? Json<R>
    : unknown;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;
type Params<O> = O extends { parameters: infer Prm } ? Prm : never;
type QueryOf<O> =
  Params<O> extends { query?: infer Q } ? ([Q] extends [undefined] ? never : Q) : never;
type PathOf<O> = Params<O> extends { path: infer X } ? ([X] extends [never] ? never : X) : never;

export interface RequestOptions<O> {
  path?: PathOf<O>;
  query?: QueryOf<O> | Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

function url(template: string, path?: unknown, query?: unknown): string {
  let u = template.replace(/\{(\w+)\}/g, (_, k: string) =>
    encodeURIComponent(String((path as Record<string, unknown> | undefined)?.[k] ?? '')),
  );
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries((query ?? {}) as object))
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  if ([...qs].length) u += `?${qs}`;
  return u;
}

/** One request; JSON in and out. Throws ApiError (code NETWORK when the server is unreachable). */
export async function request<T>(
  method: string,
  path: string,
  opts: { body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: method.toUpperCase(),
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': languageHeader(),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const b = (body ?? {}) as { code?: string; message?: string; details?: unknown };
    const err = new ApiError(
      res.status,
      b.code ?? `HTTP_${res.status}`,
      b.message ?? text,
      b.details,
    );
    // The login form handles its own 401 (wrong password) and "who am I" answers null when
    // nobody is logged in; anywhere else a 401 means the session expired.
    if (res.status === 401 && !/\/auth\/(login|me)$/.test(path)) onUnauthenticated();
    throw err;
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Typed by the OpenAPI paths; routes whose answer the schema leaves open take a type argument. */
export const api = {
  get<P extends PathsWith<'get'>, T = ResponseOf<Op<P, 'get'>>>(
    path: P,
    opts: RequestOptions<Op<P, 'get'>> = {},
  ): Promise<T> {
    return request<T>('get', url(path, opts.path, opts.query), opts);
  },
  post<P extends PathsWith<'post'>, T = ResponseOf<Op<P, 'post'>>>(
    path: P,
    body: BodyOf<Op<P, 'post'>> | Record<string, never>,
    opts: RequestOptions<Op<P, 'post'>> = {},
  ): Promise<T> {
    return request<T>('post', url(path, opts.path, opts.query), { ...opts, body });
  },
  put<P extends PathsWith<'put'>, T = ResponseOf<Op<P, 'put'>>>(
    path: P,
    body: BodyOf<Op<P, 'put'>>,
    opts: RequestOptions<Op<P, 'put'>> = {},
  ): Promise<T> {
    return request<T>('put', url(path, opts.path, opts.query), { ...opts, body });
  },
  patch<P extends PathsWith<'patch'>, T = ResponseOf<Op<P, 'patch'>>>(
    path: P,
    body: BodyOf<Op<P, 'patch'>>,
    opts: RequestOptions<Op<P, 'patch'>> = {},
  ): Promise<T> {
    return request<T>('patch', url(path, opts.path, opts.query), { ...opts, body });
  },
  delete<P extends PathsWith<'delete'>>(
    path: P,
    opts: RequestOptions<Op<P, 'delete'>> = {},
  ): Promise<void> {
    return request<void>('delete', url(path, opts.path, opts.query), opts);
  },
};

/** Component types of the schema by route, e.g. `Res<'/api/v1/assets/{id}', 'get'>`. */
export type Res<P extends keyof paths, M extends Method> = ResponseOf<Op<P, M>>;
export type Body<P extends keyof paths, M extends Method> = BodyOf<Op<P, M>>;
