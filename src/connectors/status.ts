// Health of running connectors, kept in memory by whoever runs them (the platform or
// `ronghe gateway`): per connector the connection state and last error, per mapping the last
// value, last error, counts of good and bad values and a rate over the last minute. Errors are
// kept in both languages and a snapshot is taken in one: the console shows them to people in
// zh-CN or en; the protocol's own names (status codes, exception numbers) stay in them.
import type { Language, Localized } from '../kernel/index.ts';

/** An error as a client says it: in both languages, or one text for both (the stack's own). */
export type Said = string | Localized;
const both = (s: Said): Localized => (typeof s === 'string' ? { en: s, 'zh-CN': s } : s);

export type ConnectionState = 'connecting' | 'online' | 'offline';

export interface MappingStatus {
  key: string;
  lastValue: number | null;
  lastTs: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  good: number;
  bad: number;
  /** Good values per second over roughly the last minute. */
  rate: number;
}

export interface ConnectorStatus {
  id: string;
  state: ConnectionState;
  lastError: string | null;
  lastErrorAt: number | null;
  since: number;
  mappings: MappingStatus[];
}

const WINDOW_MS = 60_000;

class MappingTracker {
  readonly s: MappingStatus;
  private said: Localized | null = null;
  private windowStart = Date.now();
  private windowCount = 0;
  private prevRate = 0;

  constructor(key: string) {
    this.s = {
      key,
      lastValue: null,
      lastTs: null,
      lastError: null,
      lastErrorAt: null,
      good: 0,
      bad: 0,
      rate: 0,
    };
  }

  value(v: number, ts: number): void {
    this.s.lastValue = v;
    this.s.lastTs = ts;
    this.s.good++;
    this.roll(Date.now());
    this.windowCount++;
  }

  error(message: Said, bad = false): void {
    this.said = both(message);
    this.s.lastError = this.said.en;
    this.s.lastErrorAt = Date.now();
    if (bad) this.s.bad++;
  }

  private roll(now: number): void {
    if (now - this.windowStart >= WINDOW_MS) {
      this.prevRate = (this.windowCount * 1000) / (now - this.windowStart);
      this.windowStart = now;
      this.windowCount = 0;
    }
  }

  snapshot(now: number, lang: Language): MappingStatus {
    this.roll(now);
    const elapsed = Math.max(1, now - this.windowStart);
    const current = (this.windowCount * 1000) / Math.max(elapsed, 1000);
    const rate = this.prevRate > 0 && elapsed < WINDOW_MS / 4 ? this.prevRate : current;
    return {
      ...this.s,
      lastError: this.said ? this.said[lang] : null,
      rate: Math.round(rate * 1000) / 1000,
    };
  }
}

/** One connector's status, written by its client and read by the API. */
export class StatusTracker {
  private state: ConnectionState = 'connecting';
  private lastError: Localized | null = null;
  private lastErrorAt: number | null = null;
  private since = Date.now();
  private readonly mappings = new Map<string, MappingTracker>();

  constructor(
    readonly id: string,
    mappingKeys: readonly string[] = [],
  ) {
    for (const k of mappingKeys) this.mappings.set(k, new MappingTracker(k));
  }

  private m(key: string): MappingTracker {
    let t = this.mappings.get(key);
    if (!t) this.mappings.set(key, (t = new MappingTracker(key)));
    return t;
  }

  setState(state: ConnectionState, error?: Said): void {
    if (state !== this.state) this.since = Date.now();
    this.state = state;
    if (error !== undefined) {
      this.lastError = both(error);
      this.lastErrorAt = Date.now();
    }
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  value(key: string, v: number, ts: number): void {
    this.m(key).value(v, ts);
  }

  /** An error for one mapping; `bad` counts a value that arrived with bad quality. */
  mappingError(key: string, message: Said, bad = false): void {
    this.m(key).error(message, bad);
  }

  /** The status with its errors in `lang` (English by default, as logs and scripts read it). */
  snapshot(lang: Language = 'en'): ConnectorStatus {
    const now = Date.now();
    return {
      id: this.id,
      state: this.state,
      lastError: this.lastError ? this.lastError[lang] : null,
      lastErrorAt: this.lastErrorAt,
      since: this.since,
      mappings: [...this.mappings.values()].map((t) => t.snapshot(now, lang)),
    };
  }
}
