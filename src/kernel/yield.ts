// Cooperative batching for long work on the one event loop: a loop calls `pause()` once per
// item and yields (setImmediate, so pending I/O and timers run first) after `maxItems` items or
// `sliceMs` of work, whichever comes first. Node's event-loop guide ("Don't Block the Event
// Loop", nodejs.org) recommends exactly this partitioning for CPU work on the main thread.

/** Resolves after the event loop has run its pending I/O callbacks once. */
export const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface Yielder {
  /** Call once per item; yields when the slice is used up. */
  pause(): Promise<void> | undefined;
  /** Times it yielded so far. */
  readonly yields: number;
}

export function createYielder(opts: { sliceMs?: number; maxItems?: number } = {}): Yielder {
  const sliceMs = opts.sliceMs ?? 20;
  const maxItems = opts.maxItems ?? 100;
  let since = performance.now();
  let items = 0;
  let yields = 0;
  return {
    pause() {
      if (++items < maxItems && performance.now() - since < sliceMs) return undefined;
      items = 0;
      yields++;
      return yieldToEventLoop().then(() => {
        since = performance.now();
      });
    },
    get yields() {
      return yields;
    },
  };
}
