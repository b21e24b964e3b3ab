import { describe, expect, it } from 'vitest';
import { collectIfAbove } from './memory.ts';

describe('full GC past a memory bound', () => {
  it('does nothing below the bound', () => {
    expect(collectIfAbove(Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('above it, collects an unreachable shared buffer at once', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    (() => {
      // A shared array like a compacted head's, referenced by nothing once this returns.
      const head = { ts: new Float64Array(new SharedArrayBuffer(8 << 20)) };
      head.ts[0] = 1;
      registry.register(head, 'head');
    })();
    expect(collectIfAbove(0)).toBe(true);
    for (let i = 0; i < 20 && !collected; i++) await new Promise((r) => setTimeout(r, 10));
    expect(collected).toBe(true);
  });
});
