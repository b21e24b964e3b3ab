import type { CaltrackInput, CaltrackReport } from '../report.ts';
export function runHourly(_input: CaltrackInput): CaltrackReport {
  throw new Error('todo');
}
