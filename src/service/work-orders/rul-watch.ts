// PHM remaining life as it arrives: PHM writes an asset's RUL back as its `rul_hours` telemetry
// channel; the composition root feeds those live points here, and each asset's lowest sample of a
// batch goes through `openFromRul` — one open work order per asset however many samples fall
// under the model's threshold. Queued, so samples of one asset never race each other.
import type { Scope } from '../../identity/index.ts';
import type { TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { openFromRul } from './sources.ts';

export const RUL_CHANNEL = 'rul_hours';

export interface RulWatcher {
  onPoints(
    tenantId: string,
    points: ReadonlyArray<{ assetId: string; channel: string; value: number }>,
  ): void;
  idle(): Promise<void>;
}

export function createRulWatcher(
  db: Db,
  log: (line: string) => void = () => undefined,
  clock: () => number = Date.now,
): RulWatcher {
  let queue: Promise<void> = Promise.resolve();
  return {
    onPoints(tenantId, points) {
      const lowest = new Map<string, number>();
      for (const p of points)
        if (p.channel === RUL_CHANNEL && Number.isFinite(p.value))
          lowest.set(p.assetId, Math.min(p.value, lowest.get(p.assetId) ?? Infinity));
      if (!lowest.size) return;
      const scope: Scope = {
        tenantId: tenantId as TenantId,
        customerIds: null,
        actor: 'system:phm',
      };
      queue = queue
        .then(async () => {
          for (const [assetId, rulHours] of lowest)
            await openFromRul(db, scope, { assetId, rulHours }, clock());
        })
        .catch((e: unknown) => log(`service: PHM work order failed: ${(e as Error).message}`));
    },
    idle: () => queue,
  };
}
