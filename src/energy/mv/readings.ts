// Meter-reading hygiene before any model sees the data (CalTRACK §2.2.1.3–2.2.1.4, §2.3.2, §2.3.5,
// §2.3.6): sort, drop duplicate timestamps, mark negative values missing and count zero
// electricity values (missing for sufficiency only). Every change is reported as a named finding.
import type { Finding, Fuel, MeterReading } from './types.ts';

export interface CleanReadings {
  readings: MeterReading[];
  findings: Finding[];
}

export function cleanReadings(input: readonly MeterReading[], fuel: Fuel): CleanReadings {
  const sorted = [...input].sort((a, b) => a.startMs - b.startMs);
  const readings: MeterReading[] = [];
  let duplicates = 0;
  let conflicting = 0;
  for (const r of sorted) {
    const prev = readings[readings.length - 1];
    if (prev && prev.startMs === r.startMs) {
      duplicates++;
      // §2.3.2.1: keep the most complete version; flag conflicting versions.
      if (Number.isNaN(prev.value)) prev.value = r.value;
      else if (!Number.isNaN(r.value) && r.value !== prev.value) conflicting++;
      continue;
    }
    readings.push({ ...r });
  }
  const findings: Finding[] = [];
  if (duplicates > 0)
    findings.push({
      rule: '2.3.2.1',
      name: 'duplicate-meter-records',
      severity: conflicting > 0 ? 'warn' : 'info',
      message: `${duplicates} duplicate timestamps dropped (${conflicting} with conflicting values: possible multiple meters).`,
      data: { duplicates, conflicting },
    });
  let negatives = 0;
  let zeros = 0;
  for (const r of readings) {
    if (r.value < 0) {
      negatives++;
      r.value = Number.NaN;
    } else if (r.value === 0 && fuel === 'electricity') zeros++;
  }
  if (negatives > 0)
    findings.push({
      rule: '2.3.5',
      name: 'negative-meter-values',
      severity: 'warn',
      message: `${negatives} negative readings (possible net metering) flagged and treated as missing.`,
      data: { negatives },
    });
  if (zeros > 0)
    findings.push({
      rule: '2.2.1.4',
      name: 'zero-electricity-values-missing',
      severity: 'info',
      message: `${zeros} zero electricity readings count as missing for sufficiency (kept in the fit).`,
      data: { zeros },
    });
  const extreme = countExtremeValues(readings);
  if (extreme > 0)
    findings.push({
      rule: '2.3.6',
      name: 'extreme-values',
      severity: 'warn',
      message: `${extreme} readings exceed the median by more than three interquartile ranges; review them.`,
      data: { extreme },
    });
  return { readings, findings };
}

/** §2.3.6: values more than 3 IQR above the median are outliers to review (kept in the fit). */
function countExtremeValues(readings: readonly MeterReading[]): number {
  const v = readings
    .map((r) => r.value)
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  if (v.length < 4) return 0;
  const q = (p: number) => v[Math.floor(p * (v.length - 1))]!;
  const limit = q(0.5) + 3 * (q(0.75) - q(0.25));
  return v.filter((x) => x > limit).length;
}
