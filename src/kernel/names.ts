// Names that user input may not use as keys: they address JavaScript's object machinery
// (prototype pollution, OWASP "Prototype Pollution Prevention Cheat Sheet"), so a property,
// channel or tag called so would read or write Object.prototype wherever it becomes a key.
export const reservedNames: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export const isReservedName = (name: string): boolean => reservedNames.includes(name);

/** The reason to give when `name` is reserved, in both languages, else undefined. */
export const reservedNameReason = (name: string): { en: string; 'zh-CN': string } | undefined =>
  isReservedName(name)
    ? {
        en: `'${name}' is a reserved name (not one of ${reservedNames.join(', ')})`,
        'zh-CN': `“${name}”是保留名称（不能使用 ${reservedNames.join('、')}）`,
      }
    : undefined;

/** Input echoed in an error message, cut to `max` characters so a huge value stays a short message. */
export const clip = (s: string, max = 60): string =>
  s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
