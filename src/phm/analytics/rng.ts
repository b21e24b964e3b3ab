// Seeded pseudo-random numbers so that training is reproducible: the same seed gives the same
// model bit for bit (the generator is the kernel's), and shuffles over them.

import type { Rng } from '../../kernel/index.ts';

export { createRng, type Rng } from '../../kernel/index.ts';

/** Fisher–Yates shuffle of a copy of `items`. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
