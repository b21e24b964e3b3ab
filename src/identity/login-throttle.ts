// Password-guessing defence for POST /auth/login (OWASP Authentication Cheat Sheet, "Login
// Throttling"; NIST SP 800-63B §5.2.2 "Rate Limiting"). Failures are counted per account (the
// e-mail as typed, known or not, so the answer reveals nothing) and per client address. After
// `freeFailures` failures of a key, each further failure doubles its lockout, from `baseDelayMs`
// up to `maxDelayMs`; while locked, an attempt is refused with 429 before the user is looked up
// or any scrypt runs, and does not count. Once the delay has passed the owner logs in as usual,
// and a success forgets the account's failures. scrypt is CPU- and memory-heavy and runs on
// libuv's thread pool (shared with file I/O such as the ingest log's fsync), so at most
// `maxConcurrentHashes` run at once and at most `maxQueuedHashes` wait; more is refused with 429
// rather than queued. Attempts whose account and address have no failures on record and no
// other attempt in flight go ahead of the others (two queues), so a flood of wrong passwords,
// whose addresses and accounts fail or are already trying, cannot make a valid login wait
// behind it for seconds. Attempts in flight count against the free failures too, so a burst
// sent before the first failure is recorded cannot exceed them.
// The state is in memory, per process: at most `maxEntries` keys (least recently failed dropped
// first), each forgotten `forgetAfterMs` after its last failure.
import { RongheError } from '../kernel/index.ts';

export interface LoginThrottleOptions {
  /** Failures of one account before the first lockout. */
  freeFailures: number;
  /** Failures from one client address (any accounts) before its first lockout. */
  freeFailuresPerAddress: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
  maxEntries: number;
  maxConcurrentHashes: number;
  maxQueuedHashes: number;
  now: () => number;
}

export const defaultLoginThrottle: LoginThrottleOptions = {
  freeFailures: 5,
  freeFailuresPerAddress: 10,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxEntries: 100_000,
  maxConcurrentHashes: 2,
  maxQueuedHashes: 8,
  now: Date.now,
};

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

export class LoginThrottle {
  private readonly o: LoginThrottleOptions;
  /** Insertion order is recency: a failure moves its key to the end. */
  private readonly entries = new Map<string, Entry>();
  private active = 0;
  /** Waiting hashes: attempts without failures on record first, then the others. */
  private readonly queues: { clean: Array<() => void>; suspect: Array<() => void> } = {
    clean: [],
    suspect: [],
  };
  private hashes = 0;
  /** Attempts in flight per key (bounded by the hashing slots and queues). */
  private readonly pending = new Map<string, number>();

  constructor(options: Partial<LoginThrottleOptions> = {}) {
    this.o = { ...defaultLoginThrottle, ...options };
  }

  /** Throws RONGHE_LOGIN_THROTTLED while any of the keys is locked out. */
  check(keys: string[]): void {
    const now = this.o.now();
    let until = 0;
    for (const k of keys) {
      if ((this.pending.get(k) ?? 0) >= this.freeOf(k)) until = Math.max(until, now + 1000);
      const e = this.entries.get(k);
      if (!e) continue;
      if (now - e.lastFailure >= this.o.forgetAfterMs) this.entries.delete(k);
      else until = Math.max(until, e.lockedUntil);
    }
    if (until > now) {
      const retryAfterS = Math.ceil((until - now) / 1000);
      throw new RongheError(
        'RONGHE_LOGIN_THROTTLED',
        {
          en: `Too many failed logins for this account or from this address; try again in ${retryAfterS} s.`,
          'zh-CN': `此账号或此地址登录失败次数过多，请 ${retryAfterS} 秒后再试。`,
        },
        { retryAfterS },
      );
    }
  }

  fail(keys: string[]): void {
    const now = this.o.now();
    for (const k of keys) {
      const e = this.entries.get(k) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
      this.entries.delete(k);
      e.failures++;
      e.lastFailure = now;
      const free = this.freeOf(k);
      if (e.failures > free) {
        const doublings = Math.min(e.failures - free - 1, 30);
        e.lockedUntil = now + Math.min(this.o.baseDelayMs * 2 ** doublings, this.o.maxDelayMs);
      }
      this.entries.set(k, e);
    }
    while (this.entries.size > this.o.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private freeOf(key: string): number {
    return key.startsWith('address:') ? this.o.freeFailuresPerAddress : this.o.freeFailures;
  }

  /** No failure on record and no other attempt in flight for any of the keys. */
  isClean(keys: string[]): boolean {
    return keys.every((k) => !this.entries.has(k) && !this.pending.has(k));
  }

  /** Runs one attempt (after check) with its keys counted as in flight. */
  async attempt<T>(keys: string[], fn: (clean: boolean) => Promise<T>): Promise<T> {
    const clean = this.isClean(keys);
    for (const k of keys) this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
    try {
      return await fn(clean);
    } finally {
      for (const k of keys) {
        const n = (this.pending.get(k) ?? 1) - 1;
        if (n > 0) this.pending.set(k, n);
        else this.pending.delete(k);
      }
    }
  }

  /**
   * Runs a password hash in one of the few slots, or refuses when its queue is full; `clean`
   * attempts (isClean) wait in their own queue, served first.
   */
  async hashing<T>(fn: () => Promise<T>, clean = false): Promise<T> {
    if (this.active >= this.o.maxConcurrentHashes) {
      const queue = clean ? this.queues.clean : this.queues.suspect;
      if (queue.length >= this.o.maxQueuedHashes) {
        throw new RongheError(
          'RONGHE_LOGIN_THROTTLED',
          {
            en: 'The server is checking too many logins at once; try again in 1 s.',
            'zh-CN': '服务器正同时校验过多登录请求，请 1 秒后再试。',
          },
          { retryAfterS: 1 },
        );
      }
      await new Promise<void>((resolve) => queue.push(resolve));
    } else this.active++;
    this.hashes++;
    try {
      return await fn();
    } finally {
      const next = this.queues.clean.shift() ?? this.queues.suspect.shift();
      if (next) next();
      else this.active--;
    }
  }

  stats(): { entries: number; hashes: number; active: number; queued: number } {
    return {
      entries: this.entries.size,
      hashes: this.hashes,
      active: this.active,
      queued: this.queues.clean.length + this.queues.suspect.length,
    };
  }
}
