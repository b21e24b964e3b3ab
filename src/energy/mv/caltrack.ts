// Single entry point: dispatch on the method (house style 5: exhaustive switch).
import { assertNever } from '../../kernel/index.ts';
import type { CaltrackInput, CaltrackReport } from './report.ts';
import { runUsagePerDay } from './usage-per-day.ts';
import { runHourly } from './hourly/towt.ts';

export function runCaltrack(input: CaltrackInput): CaltrackReport {
  switch (input.method) {
    case 'daily':
    case 'billing':
      return runUsagePerDay(input);
    case 'hourly':
      return runHourly(input);
    default:
      return assertNever(input.method, 'method');
  }
}
