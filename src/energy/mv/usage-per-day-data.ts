// Baseline design rows and data-sufficiency findings for the daily and billing methods
// (CalTRACK §2.2.1–2.2.3). Each rule that removes data or fails is reported by section and name.
import type { UpdRow } from './grid-search.ts';
import type { UsagePeriod } from './periods.ts';
import type { Finding, Fuel, Method } from './types.ts';

/** §2.2.1.2: at most 37 of the 365 baseline days (10 %) may be missing. */
export const MAX_MISSING_BASELINE_DAYS = 37;
export const BASELINE_DAYS = 365;

type UpdMethod = Exclude<Method, 'hourly'>;

/** Billing cycle from the median period length: pseudo-monthly vs bi-monthly (§2.2.3.5). */
export function billingCycleLimit(periods: readonly UsagePeriod[]): number {
  const d = periods.map((p) => p.days).sort((a, b) => a - b);
  const median = d[Math.floor(d.length / 2)] ?? 30;
  return median > 35 ? 70 : 35;
}

export interface UpdDesign {
  rows: UpdRow[];
  periods: UsagePeriod[];
  findings: Finding[];
}

/**
 * Keep the periods usable for regression. Billing: drop off-cycle reads < 25 days (§2.2.3.4),
 * reads over 35/70 days (§2.2.3.5) and periods with < 90 % temperature hours (§2.2.3.2).
 * Both: drop missing usage and periods with no day having ≥ 50 % temperature hours (§2.2.2.3).
 */
export function buildDesign(periods: readonly UsagePeriod[], method: UpdMethod): UpdDesign {
  const limit = billingCycleLimit(periods);
  let short = 0;
  let long = 0;
  let tempCoverage = 0;
  let noTemp = 0;
  let noUsage = 0;
  let daysDroppedForTemp = 0;
  const kept: UsagePeriod[] = [];
  for (const p of periods) {
    if (method === 'billing') {
      if (p.days < 25) {
        short++;
        continue;
      }
      if (p.days > limit) {
        long++;
        continue;
      }
      if (p.temps.hourCoverage < 0.9) {
        tempCoverage++;
        continue;
      }
    }
    if (Number.isNaN(p.value)) {
      noUsage++;
      continue;
    }
    daysDroppedForTemp += p.temps.nDays - p.temps.dailyMeans.length;
    if (p.temps.dailyMeans.length === 0) {
      noTemp++;
      continue;
    }
    kept.push(p);
  }
  const findings: Finding[] = [];
  const note = (rule: string, name: string, count: number, what: string) => {
    if (count > 0)
      findings.push({ rule, name, severity: 'info', message: `${count} ${what}`, data: { count } });
  };
  note('2.2.3.4', 'off-cycle-reads-dropped', short, 'billing periods under 25 days dropped.');
  note('2.2.3.5', 'long-periods-dropped', long, `billing periods over ${limit} days dropped.`);
  note(
    '2.2.3.2',
    'billing-temperature-coverage',
    tempCoverage,
    'periods with < 90 % temperature hours dropped.',
  );
  note(
    '2.2.2.3',
    'days-without-temperature',
    daysDroppedForTemp,
    'days with < 50 % temperature hours left out of degree days.',
  );
  note(
    '2.2.2.3',
    'periods-without-temperature',
    noTemp,
    'periods with no day of sufficient temperature dropped.',
  );
  note(
    '2.2.1.3',
    'missing-usage',
    noUsage,
    'periods without usage (missing, negative or zero electricity).',
  );
  const rows: UpdRow[] = kept.map((p) => {
    const w = method === 'billing' ? p.temps.dailyMeans.length : 1;
    return { y: p.value / p.days, w, days: w, dailyMeans: p.temps.dailyMeans };
  });
  return { rows, periods: kept, findings };
}

/**
 * §2.2.1.1–2.2.1.2: the baseline is the 365 days before the intervention; no more than 37 days of
 * it may lack usage or temperature.
 */
export function baselineSufficiency(
  all: readonly UsagePeriod[],
  kept: readonly UsagePeriod[],
  window: { startMs: number; endMs: number },
  fuel: Fuel,
): Finding[] {
  const findings: Finding[] = [];
  const first = all[0];
  if (!first || first.startMs > window.startMs)
    findings.push({
      rule: '2.2.1.1',
      name: 'baseline-shorter-than-365-days',
      severity: 'fail',
      message: 'Meter data starts after the start of the 365-day baseline period.',
      data: { dataStart: first ? new Date(first.startMs).toISOString() : 'none' },
    });
  // Days covered inside the window (a straddling first bill counts only its in-window part).
  // §2.2.1.4: a zero electricity reading is a missing day here, though it stays in the fit.
  const covered = kept.reduce(
    (s, p) =>
      fuel === 'electricity' && p.value === 0
        ? s
        : s + (p.endMs - Math.max(p.startMs, window.startMs)) / 86_400_000,
    0,
  );
  const missing = Math.max(0, Math.round((BASELINE_DAYS - covered) * 100) / 100);
  findings.push({
    rule: '2.2.1.2',
    name: 'too-many-missing-baseline-days',
    severity: missing > MAX_MISSING_BASELINE_DAYS ? 'fail' : 'info',
    message: `${missing} of ${BASELINE_DAYS} baseline days lack usage or temperature (limit ${MAX_MISSING_BASELINE_DAYS}).`,
    data: { missingDays: missing, limit: MAX_MISSING_BASELINE_DAYS },
  });
  return findings;
}
