// Acknowledgements in turns of the event loop (issue 21): a group commit that acknowledges
// more messages than one turn's share settles the rest in the next turns, in order; below the
// share nothing waits.
import { expect, it } from 'vitest';
import type { TelemetryService } from '../telemetry/index.ts';
import { AckTurns } from './ack-turns.ts';
import { IngestBatcher } from './batcher.ts';

/** Resolves in the check phase of the loop's current iteration, after what was queued before. */
const afterThisTurn = () => new Promise<void>((r) => setImmediate(r));

it('settles at once up to the share of a turn, and the rest in later turns, in order', async () => {
  const settled: number[] = [];
  const turns = new AckTurns<number>((i) => settled.push(i), 3);
  turns.add([1, 2]);
  expect(settled).toEqual([1, 2]); // below the share: nothing waits
  turns.add([3, 4, 5, 6, 7, 8]);
  expect(settled).toEqual([1, 2, 3]); // the same turn: one left of its share
  expect(turns.waiting).toBe(5);
  await afterThisTurn();
  expect(settled).toEqual([1, 2, 3, 4, 5, 6]);
  await afterThisTurn();
  expect(settled).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(turns.waiting).toBe(0);
  await afterThisTurn();
  turns.add([9]); // a new turn has its whole share again
  expect(settled.at(-1)).toBe(9);
});

it('acknowledges a large group commit over several turns of the loop, not all in one', async () => {
  let release!: () => void;
  const stored = new Promise<void>((r) => (release = r));
  const telemetry = { ingestJsonParts: () => stored } as unknown as TelemetryService;
  const batcher = new IngestBatcher(telemetry, { maxPoints: 1e9, maxDelayMs: 60_000 }, 256);
  const acked: number[] = [];
  for (let d = 0; d < 600; d++) {
    const scope = { tenantId: 't', customerIds: null, deviceId: `d${d}`, deviceAssetId: `a${d}` };
    const message = { kind: 'json' as const, points: [{ asset: `a${d}`, values: { c: d } }] };
    void batcher.submit(scope, message).then(() => acked.push(d));
  }
  batcher.drain(); // written now, acknowledged when `stored` resolves
  const perTurn: number[] = [];
  const count = () => afterThisTurn().then(() => perTurn.push(acked.length));
  const first = count(); // queued before the commit resolves: runs right after its turn
  release();
  await first;
  while (acked.length < 600) await count();
  expect(perTurn).toEqual([256, 512, 600]);
  expect(acked).toEqual([...Array(600).keys()]);
});
