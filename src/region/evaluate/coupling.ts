// The coupling coordination model of two subsystems (廖重斌 1999; the form used across the
// two-industry integration literature): C = 2√(U₁U₂)/(U₁+U₂), T = αU₁ + βU₂, D = √(C·T).
import type { Localized } from '../../kernel/errors.ts';

export interface Coupling {
  readonly C: number;
  readonly T: number;
  readonly D: number;
}

export function couple(u1: number, u2: number, alpha = 0.5, beta = 0.5): Coupling {
  const sum = u1 + u2;
  // Both subsystems at zero: no coupling to speak of, rather than 0/0.
  const C = sum > 0 ? (2 * Math.sqrt(u1 * u2)) / sum : 0;
  const T = alpha * u1 + beta * u2;
  return { C, T, D: Math.sqrt(C * T) };
}

/** The ten classes of D in steps of 0.1, lowest first. */
export const COORDINATION_CLASSES = [
  { key: 'extreme-imbalance', 'zh-CN': '极度失调', en: 'extreme imbalance' },
  { key: 'serious-imbalance', 'zh-CN': '严重失调', en: 'serious imbalance' },
  { key: 'moderate-imbalance', 'zh-CN': '中度失调', en: 'moderate imbalance' },
  { key: 'mild-imbalance', 'zh-CN': '轻度失调', en: 'mild imbalance' },
  { key: 'verge-of-imbalance', 'zh-CN': '濒临失调', en: 'on the verge of imbalance' },
  { key: 'barely-coordinated', 'zh-CN': '勉强协调', en: 'barely coordinated' },
  { key: 'primary-coordination', 'zh-CN': '初级协调', en: 'primary coordination' },
  { key: 'intermediate-coordination', 'zh-CN': '中级协调', en: 'intermediate coordination' },
  { key: 'good-coordination', 'zh-CN': '良好协调', en: 'good coordination' },
  { key: 'high-quality-coordination', 'zh-CN': '优质协调', en: 'high-quality coordination' },
] as const satisfies readonly (Localized & { key: string })[];

export type CoordinationClass = (typeof COORDINATION_CLASSES)[number]['key'];

/** Class of D: [0, 0.1) is the first, …, [0.9, 1] the tenth (D = 1 belongs to the tenth). */
export function coordinationClass(D: number): (typeof COORDINATION_CLASSES)[number] {
  // A hair of tolerance so that D computed as 0.7 − 1e-16 still counts as 0.7.
  const level = Math.min(9, Math.max(0, Math.floor(D * 10 + 1e-9)));
  return COORDINATION_CLASSES[level]!;
}

/** Which subsystem lags: U₂/U₁ below 0.9 → the second; above 1.1 → the first; else none. */
export function lagging(u1: number, u2: number, keys: readonly [string, string]): string {
  if (u1 === 0 && u2 === 0) return 'none';
  if (u1 === 0) return keys[0];
  const r = u2 / u1;
  if (r < 0.9) return keys[1];
  if (r > 1.1) return keys[0];
  return 'none';
}
