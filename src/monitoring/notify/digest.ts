// Alarm-storm digests: per recipient, the first `maxPerWindow` notifications of a window go out
// one by one; the rest are held and sent as one digest when the window ends, so a flood
// (EEMUA 191: > 10 alarms in 10 minutes) becomes one message instead of a thousand. Pure: the
// caller supplies the clock.

export interface Digest<T> {
  recipient: string;
  windowStart: number;
  count: number;
  items: T[];
}

export interface StormDigest<T> {
  /** 'send' to notify now, 'held' when it went into the recipient's pending digest. */
  offer(recipient: string, item: T, now: number): 'send' | 'held';
  /** Digests whose window has ended (now ≥ start + windowMs); they are removed. */
  due(now: number): Digest<T>[];
}

export function createStormDigest<T>(opts: {
  windowMs: number;
  maxPerWindow: number;
}): StormDigest<T> {
  const windows = new Map<string, { start: number; sent: number; held: T[] }>();
  return {
    offer(recipient, item, now) {
      let w = windows.get(recipient);
      if (w && now >= w.start + opts.windowMs && w.held.length === 0) w = undefined;
      if (!w) {
        w = { start: now, sent: 0, held: [] };
        windows.set(recipient, w);
      }
      if (w.sent < opts.maxPerWindow && w.held.length === 0) {
        w.sent++;
        return 'send';
      }
      w.held.push(item);
      return 'held';
    },
    due(now) {
      const out: Digest<T>[] = [];
      for (const [recipient, w] of windows) {
        if (now < w.start + opts.windowMs) continue;
        if (w.held.length > 0)
          out.push({ recipient, windowStart: w.start, count: w.held.length, items: w.held });
        windows.delete(recipient);
      }
      return out;
    },
  };
}
