// Limits of one query's reads (issue 15, #4): a point budget checked before anything is decoded,
// a deadline checked between slices, and a turn of the event loop between slices, so no read
// holds the loop for longer than one slice's work (SLICE_POINTS points, a few milliseconds).
import { RongheError, yieldToEventLoop, type Localized } from '../../kernel/index.ts';

/** Points per slice of a long read: about 1 MiB decoded. */
export const SLICE_POINTS = 65_536;

export interface ReadLimits {
  /** Points one JSON query may read (RONGHE_QUERY_MAX_POINTS). */
  maxPoints: number;
  /** Milliseconds one query may take, export included (RONGHE_QUERY_TIMEOUT_MS). */
  timeoutMs: number;
  /** Points per slice of a long read; SLICE_POINTS unless a test wants many slices. */
  slicePoints?: number;
}

const tooLarge = (message: Localized) => new RongheError('RONGHE_QUERY_TOO_LARGE', message);

export class ReadGuard {
  private readonly started = performance.now();

  readonly slicePoints: number;

  constructor(readonly limits: ReadLimits) {
    this.slicePoints = limits.slicePoints ?? SLICE_POINTS;
  }

  /** Throws when reading `points` would pass the budget; `what` names the read. */
  budget(points: number, what: string): void {
    const max = this.limits.maxPoints;
    if (points <= max) return;
    throw tooLarge({
      en:
        `${what} would read ${points} raw points; at most ${max} points per query. Narrow the ` +
        'range, use buckets of whole minutes, hours or days (served from rollups), or page ' +
        'through /telemetry/raw.',
      'zh-CN':
        `${what} 将读取 ${points} 个原始数据点，每次查询最多 ${max} 个。请缩小时间范围、` +
        '改用整分钟、整小时或整天的分桶（由汇总数据提供），或通过 /telemetry/raw 分页读取。',
    });
  }

  /** Throws once the query has run past its time limit. */
  check(): void {
    const ms = this.limits.timeoutMs;
    if (performance.now() - this.started <= ms) return;
    throw tooLarge({
      en: `The query passed its time limit of ${ms} ms; narrow the range or page.`,
      'zh-CN': `查询超过了 ${ms} 毫秒的时间上限，请缩小范围或分页。`,
    });
  }

  /** Between two slices: stop past the deadline, else let other requests run first. */
  async between(): Promise<void> {
    this.check();
    await yieldToEventLoop();
  }
}

/** For reads inside the platform (no request behind them). */
export const unguarded = (): ReadGuard =>
  new ReadGuard({ maxPoints: Infinity, timeoutMs: Infinity });
