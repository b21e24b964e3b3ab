// `ronghe schedule solve <instance.fjs>`: reads a flexible job-shop instance file, solves it with
// the manufacturing scheduler and prints the schedule. The file is read here; parsing and solving
// are the pure core's (src/manufacturing/scheduler).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { notFound } from '../../kernel/index.ts';
import {
  parseFjs,
  solveParallel,
  validateSchedule,
  type Schedule,
} from '../../manufacturing/index.ts';
import { UsageError, type CliCommand } from '../command.ts';

const usage = `Usage: ronghe schedule solve <instance.fjs> [options]

Solves a flexible job-shop instance (.fjs, Brandimarte format) for minimum makespan.

Options:
  --time-limit <seconds>  search time (default 10)
  --seed <N>              random seed (default 1); with --workers 1 the search is repeatable
  --workers <N>           parallel independent searches (default: min(2, CPU count))
  --json                  print {"makespan": M, "operations": [{job, op, machine, start, end}]}
                          with jobs, operations and machines numbered from 1 as in the file
Progress goes to stderr.`;

function positiveNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive number, got '${value}'`);
  return n;
}

/** The schedule in the file's 1-based numbering, operations ordered by job and position. */
export function toFileNumbering(schedule: Schedule): Schedule {
  const operations = schedule.operations
    .map((o) => ({
      job: o.job + 1,
      op: o.op + 1,
      machine: o.machine + 1,
      start: o.start,
      end: o.end,
    }))
    .sort((a, b) => a.job - b.job || a.op - b.op);
  return { makespan: schedule.makespan, operations };
}

function summary(schedule: Schedule, machineCount: number): string {
  const lines = [`makespan ${schedule.makespan}`];
  for (let m = 0; m < machineCount; m++) {
    const ops = schedule.operations
      .filter((o) => o.machine === m)
      .sort((a, b) => a.start - b.start);
    const busy = ops.reduce((s, o) => s + o.end - o.start, 0);
    const util = schedule.makespan > 0 ? Math.round((100 * busy) / schedule.makespan) : 0;
    const seq = ops.map((o) => `J${o.job + 1}.${o.op + 1}@${o.start}`).join(' ');
    lines.push(`machine ${m + 1} (${util}% busy): ${seq}`);
  }
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'schedule',
  summary: 'Flexible job-shop scheduling: solve .fjs instances',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'time-limit': { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const [action, file, ...extra] = positionals;
    if (action !== 'solve')
      throw new UsageError(`unknown action '${action ?? ''}'; expected 'solve'`);
    if (!file) throw new UsageError('missing <instance.fjs>');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const seconds = positiveNumber(values['time-limit'], 'time-limit', 10);
    const seed = Math.floor(positiveNumber(values.seed, 'seed', 1));
    const workers = Math.floor(
      positiveNumber(values.workers, 'workers', Math.min(2, availableParallelism())),
    );
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw notFound('instance file', file);
    }
    const instance = parseFjs(text, file);
    const result = await solveParallel(instance, {
      timeLimitMs: seconds * 1000,
      seed,
      workers,
      onImprove: (makespan, _s, ms) =>
        process.stderr.write(`makespan ${makespan} at ${(ms / 1000).toFixed(2)} s\n`),
    });
    const errors = validateSchedule(instance, result.schedule);
    if (errors.length > 0) throw new Error(`internal: infeasible schedule: ${errors.join('; ')}`);
    if (values.json) console.log(JSON.stringify(toFileNumbering(result.schedule)));
    else console.log(summary(result.schedule, instance.machineCount));
    return 0;
  },
};
