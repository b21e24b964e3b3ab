// Machine calendars: unavailable windows [start, end) per machine. Operations are not
// preemptible, so an operation that would overlap a window waits until the window ends.
import { RongheError } from '../../kernel/index.ts';
import type { Instance } from './model.ts';

/** Windows per machine, sorted and merged; flat [start0, end0, start1, end1, …]. */
export type Calendar = number[][];

export function buildCalendar(instance: Instance): Calendar {
  const byMachine: [number, number][][] = Array.from({ length: instance.machineCount }, () => []);
  for (const d of instance.downtimes ?? []) byMachine[d.machine]?.push([d.start, d.end]);
  return byMachine.map((ws) => {
    ws.sort((a, b) => a[0] - b[0]);
    const flat: number[] = [];
    for (const [s, e] of ws) {
      const n = flat.length;
      if (n > 0 && s <= flat[n - 1]!) flat[n - 1] = Math.max(flat[n - 1]!, e);
      else flat.push(s, e);
    }
    return flat;
  });
}

/** Earliest start ≥ ready at which an operation of length `duration` avoids every window. */
export function earliestFit(windows: number[], ready: number, duration: number): number {
  let s = ready;
  for (let i = 0; i < windows.length; i += 2) {
    const a = windows[i]!;
    const b = windows[i + 1]!;
    if (s + duration <= a && !(duration === 0 && s === a)) break;
    if (s < b) s = b;
  }
  return s;
}

function invalidCalendar(reason: string): RongheError {
  return new RongheError('RONGHE_VALIDATION', `infeasible machine calendar: ${reason}`, {
    field: 'downtimes',
    reason,
  });
}

/**
 * Rejects calendars no schedule can satisfy, saying why: bad windows, and operations for which
 * every eligible machine is closed for good before any gap long enough to run them.
 */
export function checkCalendar(instance: Instance): void {
  for (const d of instance.downtimes ?? []) {
    if (!Number.isInteger(d.machine) || d.machine < 0 || d.machine >= instance.machineCount) {
      throw invalidCalendar(`machine ${d.machine + 1} does not exist`);
    }
    if (!(d.start >= 0) || !(d.end > d.start)) {
      throw invalidCalendar(
        `window [${d.start}, ${d.end}) on machine ${d.machine + 1} is empty or negative`,
      );
    }
  }
  const calendar = buildCalendar(instance);
  instance.jobs.forEach((job, j) => {
    job.operations.forEach((op, k) => {
      const fits = op.options.some((o) => {
        const ws = calendar[o.machine] ?? [];
        return Number.isFinite(earliestFit(ws, job.release ?? 0, o.duration) + o.duration);
      });
      if (!fits) {
        throw invalidCalendar(
          `job ${j + 1} operation ${k + 1} cannot run: every eligible machine is closed for good ` +
            `without a free gap as long as its processing time`,
        );
      }
    });
  });
}
