// The channel layout of an asset model: its declared channels plus its derived channels.
// A model declares every channel it stores, measured or computed — the declaration is what lets
// telemetry accept a channel and the console chart it. A declared channel that a derived channel
// names is therefore the storage of that derived channel (its values are written back), not a
// measured input, and gets no raw slot; that is also why points written back never re-enter the
// engine as input. A derived channel may not read the declared channel whose name it takes
// (`power = power * 1000`): that would silently replace the measurement it reads, so it is
// refused as a collision with the raw channel rather than reported as a cycle.
import { RongheError, reservedNameReason, type Localized } from '../../kernel/index.ts';
import { functions } from './check.ts';
import { channelsOf } from './ast.ts';
import { createChannelLayout, type ChannelLayout, type DerivedChannelSpec } from './derived.ts';
import { parseExpression } from './parse.ts';

/** What a derived channel may be called: an identifier the expression language reads as one name. */
export const derivedNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const reserved = new Set(['true', 'false', ...Object.keys(functions)]);

const refuse = (field: string, reason: Localized) =>
  new RongheError(
    'RONGHE_VALIDATION',
    { en: `${field}: ${reason.en}`, 'zh-CN': `输入有误 — ${field}：${reason['zh-CN']}` },
    [{ field, reason: reason.en }],
  );

/** Reads of an expression, or none when it does not parse (createChannelLayout reports where). */
function readsOf(expression: string): string[] {
  try {
    return channelsOf(parseExpression(expression));
  } catch {
    return [];
  }
}

/** Names: pattern, reserved words, duplicates, and collisions with the raw channel they replace. */
export function checkDerivedNames(
  declared: readonly string[],
  specs: readonly DerivedChannelSpec[],
): void {
  const seen = new Set<string>();
  for (const [i, s] of specs.entries()) {
    const field = `channels[${i}].name`;
    if (!derivedNamePattern.test(s.name) || s.name.length > 64)
      throw refuse(field, {
        en: `'${s.name}' must be a letter or _ then letters, digits or _ (≤ 64)`,
        'zh-CN': `“${s.name}”必须以字母或 _ 开头，其后为字母、数字或 _（≤ 64 个字符）`,
      });
    if (reserved.has(s.name))
      throw refuse(field, {
        en: `'${s.name}' is a reserved word of the expression language`,
        'zh-CN': `“${s.name}”是表达式语言的保留字`,
      });
    const reservedName = reservedNameReason(s.name);
    if (reservedName !== undefined) throw refuse(field, reservedName);
    if (seen.has(s.name))
      throw refuse(field, {
        en: `duplicate derived channel name '${s.name}'`,
        'zh-CN': `派生通道名称“${s.name}”重复`,
      });
    seen.add(s.name);
    if (declared.includes(s.name) && readsOf(s.expression).includes(s.name))
      throw refuse(field, {
        en: `'${s.name}' collides with the raw channel '${s.name}' of the model, which its expression reads; choose another name`,
        'zh-CN': `“${s.name}”与型号中同名的原始通道冲突，而其表达式正读取该通道；请换一个名称`,
      });
  }
}

/** The layout of an asset of a model; throws RONGHE_VALIDATION naming the channel and position. */
export function modelChannelLayout(
  declared: readonly string[],
  specs: readonly DerivedChannelSpec[],
  properties: Readonly<Record<string, number>> = {},
): ChannelLayout {
  checkDerivedNames(declared, specs);
  const derivedNames = new Set(specs.map((s) => s.name));
  const raw = declared.filter((c) => !derivedNames.has(c));
  return createChannelLayout(raw, specs, properties);
}
