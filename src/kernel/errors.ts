// The one error catalogue (house style 3). Services throw RongheError with a stable code; the
// HTTP and MQTT edges map it once. Messages say how to fix the input.
//
// Every entry has a title and a message template in Chinese and English ({name} placeholders:
// field, reason, resource, id, at...). An error made with parameters (`RongheError.of`,
// `invalid`, `notFound`, `invalidData`) renders in either language; its English text is the
// English template filled, so `message` stays what it was. A parameter may itself be a
// Localized pair (a reason worded in both languages, see `reason()`). An error thrown with
// English text only renders in Chinese as the entry's Chinese title followed by that text; a
// message is given in both languages as a Localized pair (`new RongheError(code, { en, 'zh-CN' })`),
// which is how every error the platform throws is worded (src/kernel/errors-texts.test.ts).

/** The languages error messages are written in (the console's two catalogues). */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export interface Localized {
  readonly en: string;
  readonly 'zh-CN': string;
}
export type MessageParam = string | number | Localized;
export type MessageParams = Readonly<Record<string, MessageParam>>;

const paramIn = (v: MessageParam, lang: Language): string =>
  typeof v === 'object' ? v[lang] : String(v);

/** Fills `{name}` placeholders; undefined when the template names a parameter not given. */
export function fillTemplate(
  template: string,
  params: MessageParams,
  lang: Language,
): string | undefined {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v !== undefined) return paramIn(v, lang);
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

/** A reason worded in both languages, each template filled with the same parameters. */
export function reason(text: Localized, params: MessageParams = {}): Localized {
  return {
    en: fillTemplate(text.en, params, 'en') ?? text.en,
    'zh-CN': fillTemplate(text['zh-CN'], params, 'zh-CN') ?? text['zh-CN'],
  };
}

export const errorCatalogue = {
  RONGHE_VALIDATION: {
    status: 400,
    summary: 'The input does not match the schema.',
    title: { en: 'Invalid input', 'zh-CN': '输入有误' },
    message: { en: '{field}: {reason}', 'zh-CN': '输入有误 — {field}：{reason}' },
  },
  RONGHE_BAD_REQUEST: {
    status: 400,
    summary: 'The request cannot be processed as sent.',
    title: { en: 'Bad request', 'zh-CN': '请求无法处理' },
    message: { en: '{reason}', 'zh-CN': '请求无法处理：{reason}' },
  },
  RONGHE_UNAUTHENTICATED: {
    status: 401,
    summary: 'No valid session, API key or device token.',
    title: { en: 'Not authenticated', 'zh-CN': '未通过身份验证' },
    message: { en: '{reason}', 'zh-CN': '未通过身份验证：{reason}' },
  },
  RONGHE_FORBIDDEN: {
    status: 403,
    summary: 'The principal lacks the permission.',
    title: { en: 'Not permitted', 'zh-CN': '无权执行此操作' },
    message: { en: '{reason}', 'zh-CN': '无权执行此操作：{reason}' },
  },
  RONGHE_CROSS_ORIGIN: {
    status: 403,
    summary: 'A cookie-authenticated change from another site (CSRF); use an API key.',
    title: { en: 'Cross-site request refused', 'zh-CN': '拒绝跨站请求' },
    message: { en: '{reason}', 'zh-CN': '拒绝跨站请求（CSRF），请改用 API 密钥：{reason}' },
  },
  RONGHE_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    summary: 'The password was set by someone else; change it (POST /api/v1/auth/password) first.',
    title: { en: 'Change your password first', 'zh-CN': '请先修改密码' },
    message: {
      en: '{reason}',
      'zh-CN': '密码由他人设置，请先修改密码（POST /api/v1/auth/password）：{reason}',
    },
  },
  RONGHE_NOT_FOUND: {
    status: 404,
    summary: 'No such resource visible to the principal.',
    title: { en: 'Not found', 'zh-CN': '未找到' },
    message: { en: "{resource} '{id}' was not found.", 'zh-CN': '未找到{resource}“{id}”。' },
  },
  RONGHE_CONFLICT: {
    status: 409,
    summary: 'The change conflicts with existing data.',
    title: { en: 'Conflict', 'zh-CN': '与现有数据冲突' },
    message: { en: '{reason}', 'zh-CN': '与现有数据冲突：{reason}' },
  },
  RONGHE_PAYLOAD_TOO_LARGE: {
    status: 413,
    summary: 'The request body exceeds the size limit.',
    title: { en: 'Too large', 'zh-CN': '内容过大' },
    message: { en: '{reason}', 'zh-CN': '内容超过大小上限：{reason}' },
  },
  RONGHE_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    summary: 'The content type is not accepted.',
    title: { en: 'Content type not accepted', 'zh-CN': '不接受此内容类型' },
    message: { en: '{reason}', 'zh-CN': '不接受此内容类型：{reason}' },
  },
  RONGHE_INVALID_TRANSITION: {
    status: 409,
    summary: 'The lifecycle transition is not allowed.',
    title: { en: 'Not allowed in this state', 'zh-CN': '当前状态下不允许此操作' },
    message: { en: '{reason}', 'zh-CN': '当前状态下不允许此操作：{reason}' },
  },
  RONGHE_TOO_MANY_REQUESTS: {
    status: 429,
    summary: 'Over capacity; retry after the delay.',
    title: { en: 'Over capacity', 'zh-CN': '系统繁忙' },
    message: { en: '{reason}', 'zh-CN': '系统繁忙，请稍后重试：{reason}' },
  },
  RONGHE_TOO_MANY_STREAMS: {
    status: 429,
    summary: 'Too many live streams open for this user or key; close one first.',
    title: { en: 'Too many live streams', 'zh-CN': '实时数据流过多' },
    message: { en: '{reason}', 'zh-CN': '实时数据流过多，请先关闭一个：{reason}' },
  },
  RONGHE_LOGIN_THROTTLED: {
    status: 429,
    summary: 'Too many failed logins for the account or address; retry after the delay.',
    title: { en: 'Too many failed logins', 'zh-CN': '登录失败次数过多' },
    message: { en: '{reason}', 'zh-CN': '登录失败次数过多，请稍后再试：{reason}' },
  },
  RONGHE_INVALID_DATA: {
    status: 422,
    summary: 'Data (file, line, record) is malformed.',
    title: { en: 'Malformed data', 'zh-CN': '数据格式有误' },
    message: { en: '{at}{reason}', 'zh-CN': '数据格式有误 — {at}{reason}' },
  },
  RONGHE_PARTIAL_WRITE: {
    status: 400,
    summary: "Some lines were stored, the others refused (InfluxDB's partial write; asked for).",
    title: { en: 'Partly written', 'zh-CN': '部分写入' },
    message: { en: '{reason}', 'zh-CN': '部分数据已写入，其余被拒绝：{reason}' },
  },
  RONGHE_QUERY_TOO_LARGE: {
    status: 400,
    summary: 'The query would read more points or take longer than allowed; narrow it or page.',
    title: { en: 'Query too large', 'zh-CN': '查询范围过大' },
    message: { en: '{reason}', 'zh-CN': '查询范围过大，请缩小范围或分页：{reason}' },
  },
  RONGHE_INTERNAL: {
    status: 500,
    summary: 'Unexpected server error; see the server log.',
    title: { en: 'Server error', 'zh-CN': '服务器内部错误' },
    message: { en: '{reason}', 'zh-CN': '服务器内部错误，详情见服务器日志：{reason}' },
  },
  RONGHE_UNAVAILABLE: {
    status: 503,
    summary: 'A dependency is not ready.',
    title: { en: 'Not ready', 'zh-CN': '服务未就绪' },
    message: { en: '{reason}', 'zh-CN': '服务未就绪：{reason}' },
  },
} as const satisfies Record<
  string,
  { status: number; summary: string; title: Localized; message: Localized }
>;

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
  /** Parameters of the entry's message template, when the error was made from them. */
  readonly params: MessageParams | undefined;
  /** The message in both languages, when it was thrown so. */
  readonly texts: Localized | undefined;

  constructor(
    code: ErrorCode,
    message: string | Localized,
    details?: unknown,
    params?: MessageParams,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'RongheError';
    this.code = code;
    this.details = details;
    this.params = params;
    this.texts = typeof message === 'string' ? undefined : message;
  }

  /** An error whose message is the entry's template filled with `params`, in both languages. */
  static of(code: ErrorCode, params: MessageParams, details?: unknown): RongheError {
    const en = fillTemplate(errorCatalogue[code].message.en, params, 'en');
    if (en === undefined) throw new TypeError(`${code}: parameters do not fill its template`);
    return new RongheError(code, en, details, params);
  }

  get status(): ErrorStatus {
    return errorCatalogue[this.code].status;
  }

  /** The message in `lang`: English is `message` as thrown; Chinese fills the Chinese template,
   * or, for an error thrown with English text only, puts the entry's Chinese title before it. */
  messageIn(lang: Language): string {
    if (lang === 'en') return this.message;
    if (this.texts) return this.texts[lang];
    const entry = errorCatalogue[this.code];
    const filled = this.params && fillTemplate(entry.message[lang], this.params, lang);
    return filled ?? `${entry.title[lang]}：${this.message}`;
  }

  toBody(lang: Language = 'en'): ErrorBody {
    const message = this.messageIn(lang);
    return this.details === undefined
      ? { code: this.code, message }
      : { code: this.code, message, details: this.details };
  }
}

export const isRongheError = (e: unknown): e is RongheError => e instanceof RongheError;

/** Names of resources in `notFound` messages, in Chinese (English is the name as given). */
const RESOURCE_ZH: Readonly<Record<string, string>> = {
  Alarm: '告警',
  'Alarm subscription': '告警订阅',
  'API key': 'API 密钥',
  Asset: '资产',
  'Asset model': '资产型号',
  Contract: '合同',
  Customer: '客户',
  Enterprise: '企业',
  Grant: '数据授权',
  'Customer order': '客户订单',
  Device: '设备',
  'KPI report': 'KPI 报告',
  Meter: '计量表',
  Part: '备件',
  'PHM model': 'PHM 模型',
  Plan: '生产计划',
  'Pilot unit': '试点单位',
  'Planned operation': '计划工序',
  'Product model': '产品型号',
  Programme: '试点项目',
  'Production order': '生产订单',
  Proposal: '提案',
  Report: '报告',
  'Purchase order': '采购订单',
  Quote: '报价单',
  Reservation: '备件预留',
  'Service contract': '服务合同',
  'Shop-floor view': '车间视图',
  Station: '工位',
  Statement: '结算单',
  Tenant: '租户',
  User: '用户',
  'Work order': '工单',
};

export const notFound = (what: string, id: string): RongheError =>
  RongheError.of(
    'RONGHE_NOT_FOUND',
    { resource: { en: what, 'zh-CN': RESOURCE_ZH[what] ?? what }, id },
    { resource: what, id },
  );

/** Bad input in a field; `why` is worded in both languages (`reason()` fills parameters), so a
 * zh-CN caller never reads an English sentence inside a Chinese message (issue #17). */
export const invalid = (field: string, why: Localized): RongheError =>
  RongheError.of('RONGHE_VALIDATION', { field, reason: why }, [{ field, reason: why.en }]);

/** The reason an error was made with, in both languages (its whole message when it has none), so
 * a caller that re-raises it for another field or file keeps the Chinese text. */
export function reasonOf(e: RongheError): Localized {
  const r = e.params?.reason;
  if (typeof r === 'object') return r;
  if (r !== undefined) return { en: String(r), 'zh-CN': String(r) };
  return { en: e.message, 'zh-CN': e.messageIn('zh-CN') };
}

/** Malformed data at a place in a file: the message names file, line and what is wrong. */
export function invalidData(
  where: { file?: string; line?: number; field?: string },
  why: Localized,
) {
  const place = (lineWord: (n: number) => string, sep: string) =>
    [where.file, where.line !== undefined ? lineWord(where.line) : undefined, where.field]
      .filter((p) => p !== undefined)
      .join(sep);
  const en = place((n) => `line ${n}`, ', ');
  const zh = place((n) => `第 ${n} 行`, '，');
  const at = { en: en ? `${en}: ` : '', 'zh-CN': zh ? `${zh}：` : '' };
  return RongheError.of('RONGHE_INVALID_DATA', { at, reason: why }, { ...where, reason: why.en });
}
