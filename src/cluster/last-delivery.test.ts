// Rule 5's end (partition-tenures.ts): the consumer's last delivery as nats-server 2.9 reports it
// (an RFC 3339 time with nanoseconds in `delivered.last_active`, though the client's type says
// nanoseconds), turned into this node's clock late rather than early.
import { describe, expect, it } from 'vitest';
import { lastDelivery } from './node.ts';

describe('lastDelivery', () => {
  const at = '2026-12-07T23:41:08.955271332Z';
  const t = Date.UTC(2026, 11, 7, 23, 41, 8, 955);

  it('less the servers’ least lead: a server ahead of us delivered earlier in our clock', () => {
    expect(lastDelivery(at, 0)).toBe(t);
    expect(lastDelivery(at, 1_500)).toBe(t - 1_500);
    expect(lastDelivery(at, -700)).toBe(t + 700);
  });

  it('unknown without a lead, a time, or with a new leader’s zero time', () => {
    expect(lastDelivery(at, undefined)).toBeUndefined();
    expect(lastDelivery(undefined, 0)).toBeUndefined();
    expect(lastDelivery(0, 0)).toBeUndefined();
    expect(lastDelivery('0001-01-01T00:00:00Z', 0)).toBeUndefined();
    expect(lastDelivery('not a time', 0)).toBeUndefined();
  });
});
