// The one error catalogue (house style 3). Services throw RongheError with a stable code; the
// HTTP and MQTT edges map it once. Messages say how to fix the input.

export const errorCatalogue = {
  RONGHE_VALIDATION: { status: 400, summary: 'The input does not match the schema.' },
  RONGHE_BAD_REQUEST: { status: 400, summary: 'The request cannot be processed as sent.' },
  RONGHE_UNAUTHENTICATED: { status: 401, summary: 'No valid session, API key or device token.' },
  RONGHE_FORBIDDEN: { status: 403, summary: 'The principal lacks the permission.' },
  RONGHE_CROSS_ORIGIN: {
    status: 403,
    summary: 'A cookie-authenticated change from another site (CSRF); use an API key.',
  },
  RONGHE_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    summary: 'The password was set by someone else; change it (POST /api/v1/auth/password) first.',
  },
  RONGHE_NOT_FOUND: { status: 404, summary: 'No such resource visible to the principal.' },
  RONGHE_CONFLICT: { status: 409, summary: 'The change conflicts with existing data.' },
  RONGHE_PAYLOAD_TOO_LARGE: { status: 413, summary: 'The request body exceeds the size limit.' },
  RONGHE_UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The content type is not accepted.' },
  RONGHE_INVALID_TRANSITION: { status: 409, summary: 'The lifecycle transition is not allowed.' },
  RONGHE_TOO_MANY_REQUESTS: { status: 429, summary: 'Over capacity; retry after the delay.' },
  RONGHE_TOO_MANY_STREAMS: {
    status: 429,
    summary: 'Too many live streams open for this user or key; close one first.',
  },
  RONGHE_LOGIN_THROTTLED: {
    status: 429,
    summary: 'Too many failed logins for the account or address; retry after the delay.',
  },
  RONGHE_INVALID_DATA: { status: 422, summary: 'Data (file, line, record) is malformed.' },
  RONGHE_PARTIAL_WRITE: {
    status: 400,
    summary: "Some lines were stored, the others refused (InfluxDB's partial write; asked for).",
  },
  RONGHE_QUERY_TOO_LARGE: {
    status: 400,
    summary: 'The query would read more points or take longer than allowed; narrow it or page.',
  },
  RONGHE_INTERNAL: { status: 500, summary: 'Unexpected server error; see the server log.' },
  RONGHE_UNAVAILABLE: { status: 503, summary: 'A dependency is not ready.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
export type ErrorStatus = (typeof errorCatalogue)[ErrorCode]['status'];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class RongheError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'RongheError';
    this.code = code;
    this.details = details;
  }

  get status(): ErrorStatus {
    return errorCatalogue[this.code].status;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const isRongheError = (e: unknown): e is RongheError => e instanceof RongheError;

export const notFound = (what: string, id: string): RongheError =>
  new RongheError('RONGHE_NOT_FOUND', `${what} '${id}' was not found.`, { resource: what, id });

export const invalid = (field: string, reason: string): RongheError =>
  new RongheError('RONGHE_VALIDATION', `${field}: ${reason}`, [{ field, reason }]);

/** Malformed data at a place in a file: the message names file, line and what is wrong. */
export function invalidData(
  where: { file?: string; line?: number; field?: string },
  reason: string,
) {
  const parts = [
    where.file,
    where.line !== undefined ? `line ${where.line}` : undefined,
    where.field,
  ];
  const at = parts.filter((p) => p !== undefined).join(', ');
  return new RongheError('RONGHE_INVALID_DATA', at ? `${at}: ${reason}` : reason, {
    ...where,
    reason,
  });
}
