// Seeded pseudo-random numbers, so that training, simulated data and randomised tests are
// reproducible: the same seed gives the same sequence bit for bit. mulberry32 (Tommy Ettinger's
// 32-bit generator, public domain idea) is small, fast and good enough for sampling, shuffles
// and test data; it is not for cryptography.

export type Rng = () => number;

/** A generator of uniform numbers in [0, 1) determined by `seed`. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
