// Which suppression applies to an (asset, rule): maintenance of the asset first (designed
// suppression, ISA-18.2 §16.4), then a shelf on the rule for that asset or for all assets
// (operator shelving, §16.3).
import type { AlarmBook, Suppression } from './types.ts';

export function suppressionFor(
  book: Pick<AlarmBook, 'shelves' | 'maintenance'>,
  asset: string,
  ruleId: string,
): Suppression | undefined {
  const m = book.maintenance.get(asset);
  if (m) return { kind: 'maintenance', by: m.by, reason: m.reason };
  const s = book.shelves.find(
    (x) => x.ruleId === ruleId && (x.asset === undefined || x.asset === asset),
  );
  return s ? { kind: 'shelved', by: s.by, reason: s.reason } : undefined;
}
