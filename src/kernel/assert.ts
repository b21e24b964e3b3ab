/** Exhaustiveness check for `switch` over a discriminated union (house style 5). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
