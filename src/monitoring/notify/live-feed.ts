// Live alarm feed for the console over Server-Sent Events (WHATWG HTML §9.2,
// "text/event-stream"): frames are `id:`, `event:` and `data:` lines ended by a blank line;
// multi-line data becomes several `data:` lines. The hub fans messages out to the connections
// of a user; the HTTP route (edge) only writes frames to the response.

export function sseFrame(event: string, data: unknown, id?: string): string {
  const lines = JSON.stringify(data)
    .split('\n')
    .map((l) => `data: ${l}`);
  return [...(id !== undefined ? [`id: ${id}`] : []), `event: ${event}`, ...lines, '', ''].join(
    '\n',
  );
}

export interface LiveFeed {
  /** Registers a connection of `userId`; returns the unsubscribe function. */
  subscribe(userId: string, write: (frame: string) => void): () => void;
  /** Sends to every connection of the user; returns how many received it. */
  publish(userId: string, event: string, data: unknown): number;
  readonly connections: number;
}

export function createLiveFeed(): LiveFeed {
  const byUser = new Map<string, Set<(frame: string) => void>>();
  let seq = 0;
  let count = 0;
  return {
    subscribe(userId, write) {
      const set = byUser.get(userId) ?? new Set();
      byUser.set(userId, set);
      set.add(write);
      count++;
      return () => {
        if (set.delete(write)) count--;
        if (set.size === 0) byUser.delete(userId);
      };
    },
    publish(userId, event, data) {
      const set = byUser.get(userId);
      if (!set) return 0;
      const frame = sseFrame(event, data, String(++seq));
      for (const w of set) w(frame);
      return set.size;
    },
    get connections() {
      return count;
    },
  };
}
