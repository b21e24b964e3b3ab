// Independent schedule checker, used by the tests and the benchmark on every solve. It works on
// the Schedule alone (not the solver's internal state) and reports every violated constraint:
// each operation exactly once, machine eligibility, duration equal to the chosen machine's time,
// precedence within a job, no overlap on a machine (including setup times), release dates,
// machine calendars (in a resumable instance: open time between start and end equal to the
// processing time, and no start inside a closed window), pinned operations, and makespan equal
// to the latest end.
import { buildCalendar } from './calendar.ts';
import type { Instance, Schedule, ScheduledOperation } from './model.ts';

/** Closed time of the windows (flat [s0, e0, …]) within [from, to). */
function closedWithin(windows: number[], from: number, to: number): number {
  let sum = 0;
  for (let i = 0; i < windows.length; i += 2) {
    sum += Math.max(0, Math.min(windows[i + 1]!, to) - Math.max(windows[i]!, from));
  }
  return sum;
}

export function validateSchedule(instance: Instance, schedule: Schedule): string[] {
  const errors: string[] = [];
  const at = (o: { job: number; op: number }): string => `job ${o.job + 1} op ${o.op + 1}`;
  const byKey = new Map<string, ScheduledOperation>();
  for (const o of schedule.operations) {
    const key = `${o.job}/${o.op}`;
    if (byKey.has(key)) errors.push(`${at(o)} is scheduled twice`);
    byKey.set(key, o);
  }
  const frozenFrom = instance.frozen?.from ?? -Infinity;
  const pinned = new Map((instance.frozen?.operations ?? []).map((f) => [`${f.job}/${f.op}`, f]));
  const resumable = instance.resumable === true;
  const calendar = resumable ? buildCalendar(instance) : [];
  const processing = (s: ScheduledOperation): number =>
    resumable
      ? s.end - s.start - closedWithin(calendar[s.machine] ?? [], s.start, s.end)
      : s.end - s.start;
  instance.jobs.forEach((job, j) => {
    let prevEnd = -Infinity;
    job.operations.forEach((op, k) => {
      const s = byKey.get(`${j}/${k}`);
      if (!s) return void errors.push(`job ${j + 1} op ${k + 1} is missing`);
      const opt = op.options.find((x) => x.machine === s.machine);
      if (!opt) errors.push(`${at(s)} runs on machine ${s.machine + 1}, which is not eligible`);
      else if (processing(s) !== opt.duration) {
        errors.push(
          `${at(s)} lasts ${processing(s)}, machine ${s.machine + 1} needs ${opt.duration}`,
        );
      }
      if (s.start < prevEnd)
        errors.push(`${at(s)} starts at ${s.start} before its predecessor ends at ${prevEnd}`);
      if (s.start < (job.release ?? 0))
        errors.push(`${at(s)} starts before the job's release ${job.release}`);
      const f = pinned.get(`${j}/${k}`);
      if (f && (f.start !== s.start || f.machine !== s.machine))
        errors.push(`${at(s)} was pinned but moved`);
      if (!f && s.start < frozenFrom)
        errors.push(`${at(s)} starts before the rescheduling time ${frozenFrom}`);
      prevEnd = s.end;
    });
  });
  for (const s of schedule.operations) {
    if (!instance.jobs[s.job]?.operations[s.op]) errors.push(`${at(s)} does not exist`);
  }
  const perMachine = new Map<number, ScheduledOperation[]>();
  for (const s of schedule.operations)
    perMachine.set(s.machine, [...(perMachine.get(s.machine) ?? []), s]);
  const setups = instance.setups?.times;
  for (const [m, list] of perMachine) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      const fa = instance.jobs[a.job]?.family ?? 0;
      const fb = instance.jobs[b.job]?.family ?? 0;
      const gap = setups?.[fa]?.[fb] ?? 0;
      if (b.start < a.end + gap) {
        errors.push(`machine ${m + 1}: ${at(a)} and ${at(b)} overlap (setup ${gap})`);
      }
    }
    for (const d of instance.downtimes ?? []) {
      if (d.machine !== m) continue;
      for (const s of list) {
        // Resumable: an operation may span a window (its closed time is not counted above) but
        // may not start inside one.
        const runs = resumable
          ? s.start >= d.start && s.start < d.end
          : s.start < d.end && (s.end > d.start || (s.start === s.end && s.start >= d.start));
        if (runs && !pinned.has(`${s.job}/${s.op}`)) {
          errors.push(`${at(s)} runs on machine ${m + 1} during downtime [${d.start}, ${d.end})`);
        }
      }
    }
  }
  const maxEnd = schedule.operations.reduce((mx, s) => Math.max(mx, s.end), 0);
  if (schedule.makespan !== maxEnd)
    errors.push(`makespan ${schedule.makespan} differs from the latest end ${maxEnd}`);
  return errors;
}
