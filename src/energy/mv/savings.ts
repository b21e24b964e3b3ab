// Avoided energy use (CalTRACK §3.6.1 / §1.4.5): prediction of the baseline model under
// reporting-period weather minus observed use, summed per local calendar month and in total.
// A partial year is reported as is, never annualised (§4.1.2).
import { monthKey } from './time.ts';

export interface PredictedObservation {
  startMs: number;
  offsetMin: number;
  predicted: number;
  observed: number;
}

export interface SavingsRow {
  period: string;
  n: number;
  predicted: number;
  observed: number;
  avoided: number;
}

export interface SavingsSummary {
  periods: SavingsRow[];
  total: SavingsRow & { savingsFraction: number };
}

export function summariseSavings(obs: readonly PredictedObservation[]): SavingsSummary {
  const byMonth = new Map<string, SavingsRow>();
  const total = { period: 'total', n: 0, predicted: 0, observed: 0, avoided: 0 };
  for (const o of obs) {
    if (!Number.isFinite(o.predicted) || !Number.isFinite(o.observed)) continue;
    const key = monthKey(o.startMs, o.offsetMin);
    let row = byMonth.get(key);
    if (!row) {
      row = { period: key, n: 0, predicted: 0, observed: 0, avoided: 0 };
      byMonth.set(key, row);
    }
    for (const r of [row, total]) {
      r.n++;
      r.predicted += o.predicted;
      r.observed += o.observed;
      r.avoided += o.predicted - o.observed;
    }
  }
  return {
    periods: [...byMonth.values()],
    total: { ...total, savingsFraction: total.avoided / total.predicted },
  };
}
