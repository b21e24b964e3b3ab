// Machine calendars: unavailable windows [start, end) per machine. By default operations are not
// preemptible, so an operation that would overlap a window waits until the window ends. In a
// resumable instance an operation is preempted by a window and resumes after it (the
// preemptive-resume model of calendar-constrained scheduling, Mati, Dauzère-Pérès & Lahlou
// 2011): it starts at the first open time and ends once its processing time of open time has
// passed.
import { RongheError } from '../../kernel/index.ts';
import { describeMachine, describeOperation, type Instance } from './model.ts';

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

/** First open time ≥ t (t itself unless a window covers it). */
export function openFrom(windows: number[], t: number): number {
  let s = t;
  for (let i = 0; i < windows.length; i += 2) {
    if (windows[i]! > s) break;
    if (s < windows[i + 1]!) s = windows[i + 1]!;
  }
  return s;
}

/**
 * End of an operation that starts at `start` and needs `duration` of open time, resuming after
 * every window it meets; Infinity when a window that never ends comes first.
 */
export function resumeEnd(windows: number[], start: number, duration: number): number {
  let t = start;
  let left = duration;
  for (let i = 0; i < windows.length; i += 2) {
    const a = windows[i]!;
    const b = windows[i + 1]!;
    if (b <= t) continue;
    if (a > t) {
      if (t + left <= a) return t + left;
      left -= a - t;
    }
    t = b;
  }
  return t + left;
}

/** Running pieces [s, e) of an operation from `start` to `end` between the windows. */
export function segmentsOf(windows: number[], start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let t = start;
  for (let i = 0; i < windows.length && t < end; i += 2) {
    const a = windows[i]!;
    const b = windows[i + 1]!;
    if (b <= t) continue;
    if (a >= end) break;
    if (a > t) out.push([t, a]);
    t = Math.max(t, b);
  }
  if (t < end) out.push([t, end]);
  return out;
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
        `window [${d.start}, ${d.end}) on ${describeMachine(instance, d.machine)} is empty or negative`,
      );
    }
  }
  const calendar = buildCalendar(instance);
  instance.jobs.forEach((job, j) => {
    job.operations.forEach((op, k) => {
      const fits = op.options.some((o) => {
        const ws = calendar[o.machine] ?? [];
        const r = job.release ?? 0;
        const end = instance.resumable
          ? resumeEnd(ws, openFrom(ws, r), o.duration)
          : earliestFit(ws, r, o.duration) + o.duration;
        return Number.isFinite(end);
      });
      if (!fits) {
        const where = op.options.map((o) => describeMachine(instance, o.machine)).join(', ');
        const need = instance.resumable
          ? 'as much open time as its processing time before it closes for good'
          : 'a free gap as long as its processing time';
        throw new RongheError(
          'RONGHE_VALIDATION',
          `infeasible machine calendar: ${describeOperation(instance, j, k)} cannot run: ` +
            `none of its eligible stations (${where}) has ${need}`,
          { field: 'downtimes', job: j, op: k, machines: op.options.map((o) => o.machine) },
        );
      }
    });
  });
}
