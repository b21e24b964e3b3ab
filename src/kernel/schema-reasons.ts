// What a JSON Schema keyword found wrong (an Ajv error, as Fastify/TypeBox validation and the
// gateway's config check report it), in both languages, so a zh-CN caller reads the reason in
// Chinese (issue #17). English is Ajv's own message; keywords per JSON Schema draft 2020-12,
// "Validation vocabulary" (https://json-schema.org/draft/2020-12/json-schema-validation).
import { reason, type Localized } from './errors.ts';

/** The part of an Ajv ErrorObject this reads (kernel imports no Ajv). */
export interface SchemaError {
  readonly keyword: string;
  readonly params: unknown;
  readonly message?: string;
}

/** JSON types in Chinese. */
const TYPE_ZH: Readonly<Record<string, string>> = {
  string: '字符串',
  number: '数字',
  integer: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  null: 'null',
};

const typesZh = (t: unknown): string =>
  String(t ?? '')
    .split(',')
    .map((x) => TYPE_ZH[x.trim()] ?? x.trim())
    .join('或');

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Chinese for the `format` names TypeBox and the routes use. */
const FORMAT_ZH: Readonly<Record<string, string>> = {
  'date-time': 'ISO 8601 日期时间',
  date: 'YYYY-MM-DD 日期',
  time: 'HH:MM:SS 时刻',
  email: '电子邮件地址',
  uri: 'URI',
  uuid: 'UUID',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
  hostname: '主机名',
};

export function schemaReason(v: SchemaError): Localized {
  const p = (v.params ?? {}) as {
    additionalProperty?: string;
    missingProperty?: string;
    limit?: number;
    comparison?: string;
    allowedValues?: unknown[];
    allowedValue?: unknown;
    type?: unknown;
    format?: string;
    pattern?: string;
    multipleOf?: number;
    i?: number;
    j?: number;
  };
  const en = v.message ?? 'is invalid';
  const zh = (text: string): Localized => ({ en, 'zh-CN': text });
  switch (v.keyword) {
    case 'additionalProperties':
      return reason(
        { en: "unknown field '{name}'", 'zh-CN': '未知字段“{name}”' },
        { name: p.additionalProperty ?? '' },
      );
    case 'required':
      return { en: 'is required', 'zh-CN': '必填' };
    case 'enum':
      return {
        en: `must be one of ${(p.allowedValues ?? []).map(show).join(', ')}`,
        'zh-CN': `必须是以下之一：${(p.allowedValues ?? []).map(show).join('、')}`,
      };
    case 'const':
      return zh(`必须等于 ${show(p.allowedValue)}`);
    case 'type':
      return zh(`类型应为${typesZh(p.type)}`);
    case 'minimum':
      return zh(`不能小于 ${p.limit}`);
    case 'exclusiveMinimum':
      return zh(`必须大于 ${p.limit}`);
    case 'maximum':
      return zh(`不能大于 ${p.limit}`);
    case 'exclusiveMaximum':
      return zh(`必须小于 ${p.limit}`);
    case 'multipleOf':
      return zh(`必须是 ${p.multipleOf} 的整数倍`);
    case 'minLength':
      return zh(`至少 ${p.limit} 个字符`);
    case 'maxLength':
      return zh(`最多 ${p.limit} 个字符`);
    case 'minItems':
      return zh(`至少 ${p.limit} 项`);
    case 'maxItems':
      return zh(`最多 ${p.limit} 项`);
    case 'uniqueItems':
      return zh(`不能有重复项（第 ${p.j} 项与第 ${p.i} 项相同）`);
    case 'minProperties':
      return zh(`至少 ${p.limit} 个字段`);
    case 'maxProperties':
      return zh(`最多 ${p.limit} 个字段`);
    case 'pattern':
      return zh(`格式应符合正则表达式 ${p.pattern ?? ''}`);
    case 'format':
      return zh(`格式应为${FORMAT_ZH[p.format ?? ''] ?? ` ${p.format ?? ''}`}`);
    case 'anyOf':
    case 'oneOf':
      return zh('不符合任何一种允许的形式');
    case 'not':
      return zh('是不允许的形式');
    case 'if':
      return zh('不符合条件所要求的形式');
    case 'propertyNames':
      return zh('字段名不合要求');
    case 'dependentRequired':
    case 'dependencies':
      return zh(`与其他字段一起使用时缺少“${p.missingProperty ?? ''}”`);
    default:
      return zh('不符合接口模式的要求');
  }
}
