// Nominal typing for ids and physical units: a `Brand<number, 'Celsius'>` cannot be passed where
// `Brand<number, 'Kelvin'>` is expected. Only the named conversion functions cast.
declare const brand: unique symbol;
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };
