// A context's catalogue: Chinese first (the reference), English with exactly the same keys,
// checked by the compiler.
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export interface Catalogue {
  'zh-CN': object;
  en: object;
}

export function defineMessages<Z extends object>(
  zh: Z,
  en: Shape<Z>,
): { 'zh-CN': Z; en: Shape<Z> } {
  return { 'zh-CN': zh, en };
}
