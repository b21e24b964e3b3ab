// Counter-based randomness: every random number is a hash of (seed, asset, stream, time), never
// a draw from a stateful generator. A sample therefore depends only on what it is and when it
// is, so generating a range in one call or in many calls gives identical numbers (the property
// of counter-based generators, Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011). The mixing steps are the MurmurHash3 32-bit block mix and finaliser constants
// (Appleby 2011), which avalanche every input bit.

const TWO_32 = 4294967296;

function mixIn(h: number, k: number): number {
  let x = Math.imul(k | 0, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  let y = h ^ x;
  y = (y << 13) | (y >>> 19);
  return (Math.imul(y, 5) + 0xe6546b64) | 0;
}

function finalise(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** 32-bit hash of a list of integers; values beyond 32 bits are split into high and low words. */
export function hashInts(...keys: number[]): number {
  let h = 0x3c6ef372;
  for (const k of keys) {
    const hi = Math.floor(k / TWO_32);
    h = mixIn(h, k >>> 0);
    h = mixIn(h, hi | 0);
  }
  return finalise(h ^ (keys.length * 8));
}

/** 32-bit hash of a string (UTF-16 code units), for asset keys and city names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = mixIn(h, s.charCodeAt(i));
  return finalise(h ^ s.length);
}

/** Uniform in the open interval (0, 1) for the given key. */
export function uniform(...keys: number[]): number {
  return (hashInts(...keys) + 0.5) / TWO_32;
}

/** Standard normal for the given key (Box–Muller transform on two independent uniforms). */
export function gaussian(...keys: number[]): number {
  const u1 = uniform(...keys, 0x51ed);
  const u2 = uniform(...keys, 0x2f7a);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Smooth noise in [-1, 1] with correlation length `periodMs`: independent values at knots every
 * `periodMs`, joined by a smoothstep so the series has no kinks (Perlin's "value noise").
 */
export function smoothNoise(periodMs: number, t: number, ...keys: number[]): number {
  const x = t / periodMs;
  const k = Math.floor(x);
  const f = x - k;
  const a = 2 * uniform(...keys, k) - 1;
  const b = 2 * uniform(...keys, k + 1) - 1;
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}
