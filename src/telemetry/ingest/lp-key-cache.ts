// The series keys of earlier bodies, by a hash of their bytes (line-protocol.ts): a gateway
// sends the same few thousand keys in every body, so each is parsed once, not once per body.
import type { SeriesKey } from './line-protocol.ts';

interface KnownKey {
  /** The key's bytes (a copy: the entry outlives the body). */
  bytes: Uint8Array;
  key: SeriesKey;
  next: KnownKey | undefined;
}

/**
 * Series keys seen in earlier bodies, by a hash of their bytes (a chain for the rare
 * collision): a gateway sends the same few thousand keys in every body, so each is parsed once,
 * not once per body. The parse depends on the text alone, and the keys are frozen, so one
 * cache serves every tenant. Bounded: emptied when full.
 */
export class KnownKeys {
  private readonly byHash = new Map<number, KnownKey>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  find(h: number, s: Uint8Array, from: number, to: number): SeriesKey | undefined {
    for (let e = this.byHash.get(h); e !== undefined; e = e.next) {
      if (sameBytes(s, from, to, e.bytes)) return e.key;
    }
    return undefined;
  }

  add(h: number, bytes: Uint8Array, key: SeriesKey): void {
    if (this.size >= this.capacity) {
      this.byHash.clear();
      this.size = 0;
    }
    this.byHash.set(h, { bytes: Uint8Array.from(bytes), key, next: this.byHash.get(h) });
    this.size++;
  }
}

export const knownKeys = new KnownKeys(50_000);

/** Bytes [from, to) of `s` equal `b`. */
export function sameBytes(s: Uint8Array, from: number, to: number, b: Uint8Array): boolean {
  if (to - from !== b.length) return false;
  for (let k = 0; k < b.length; k++) if (s[from + k] !== b[k]) return false;
  return true;
}

/** `from` copied into the larger `to`. */
export function grow<T extends Float64Array | Int32Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const BSLASH = 92;

/** A view of bytes [from, to) when they hold no backslash (the text is the key verbatim). */
export function plainBytes(s: Buffer, from: number, to: number): Uint8Array | undefined {
  for (let k = from; k < to; k++) if (s[k] === BSLASH) return undefined;
  return s.subarray(from, to);
}

/**
 * The field keys of the last line parsed, carried into the next body: a device or gateway sends
 * the same keys in every body, so its first line is matched in place too, and every row of
 * every body shares one key array (prepare.ts then matches its memo by identity). Text only,
 * never mutated, so shared by all tenants. The bytes are copies: the body they came from goes.
 */
export let carried: { keys: string[]; bytes: (Uint8Array | undefined)[] } = { keys: [], bytes: [] };

export function carry(keys: string[], bytes: (Uint8Array | undefined)[]): void {
  if (keys === carried.keys) return;
  carried = { keys, bytes: bytes.map((b) => b && Uint8Array.from(b)) };
}
