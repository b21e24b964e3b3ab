// The broker's PUBACK latency buckets (issue 21): each time lands in the first bucket whose
// bound it does not exceed, and the counts read out cumulative, as Prometheus' `le` buckets.
import { expect, it } from 'vitest';
import { ACK_BUCKETS_MS, AckLatency } from './ack-latency.ts';

it('counts each acknowledgement in its bucket, cumulatively, with +Inf last', () => {
  const h = new AckLatency();
  for (const ms of [0.2, 1, 1.01, 100, 100.5, 40_000]) h.observe(ms);
  const s = h.snapshot();
  const at = (le: number) => s.cumulative[ACK_BUCKETS_MS.indexOf(le as never)];
  expect(at(1)).toBe(2); // 0.2 and exactly 1
  expect(at(2.5)).toBe(3);
  expect(at(75)).toBe(3);
  expect(at(100)).toBe(4);
  expect(at(150)).toBe(5);
  expect(at(30_000)).toBe(5);
  expect(s.cumulative).toHaveLength(ACK_BUCKETS_MS.length + 1);
  expect(s.cumulative.at(-1)).toBe(6);
  expect(s.count).toBe(6);
  expect(s.sumMs).toBeCloseTo(0.2 + 1 + 1.01 + 100 + 100.5 + 40_000, 6);
});
