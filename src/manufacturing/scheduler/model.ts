// The flexible job-shop model shared by the parser, the validator and the solver. Indices are
// 0-based inside the core (job 0 is the first job record of a .fjs file, machine 0 is machine 1
// of the file); the CLI converts to the 1-based numbering of the file on output.

/** One way to run an operation: on `machine` it takes `duration` time units. */
export interface OperationOption {
  machine: number;
  duration: number;
}

export interface Operation {
  /** Eligible machines with their processing times (flexible job shop, Brandimarte 1993). */
  options: OperationOption[];
  /** Name for messages (e.g. "operation 2 'sewing'"); "operation k" when absent. */
  name?: string;
}

export interface Job {
  /** The operations form a chain: operation k+1 starts after operation k ends. */
  operations: Operation[];
  /** Earliest start of the job's first operation (release date); 0 when absent. */
  release?: number;
  /** Due date for total tardiness, the secondary objective; no tardiness when absent. */
  due?: number;
  /** Setup family: a machine switching from family a to family b needs `setups.times[a][b]`. */
  family?: number;
  /** Weight of the job's tardiness (weighted tardiness, Lawler 1977); 1 when absent. */
  weight?: number;
  /**
   * Jobs with the same group are sub-lots of one order (lot streaming): the group is late by
   * its last sub-lot's lateness, counted once with the first member's due date and weight.
   */
  group?: number;
  /** Name for messages (e.g. "customer order CO-7 / production order po_x"); "job j" when absent. */
  name?: string;
}

/**
 * A machine is unavailable on [start, end). Operations never run across such a window unless
 * the instance is `resumable`: then an operation stops at the window and resumes after it.
 */
export interface Downtime {
  machine: number;
  start: number;
  /** `Infinity` closes the machine for good. */
  end: number;
}

/** Sequence-dependent setup times between job families, the same on every machine. */
export interface SetupTimes {
  /** times[from][to] ≥ 0: idle time a machine needs between a job of family `from` and `to`. */
  times: number[][];
}

/** An operation that must keep its machine and start (rescheduling: it already started). */
export interface FixedOperation {
  job: number;
  op: number;
  machine: number;
  start: number;
}

export interface Instance {
  machineCount: number;
  jobs: Job[];
  /** Machine names for messages (station codes); "machine k" when absent. */
  machineNames?: string[];
  /**
   * Preemptive-resume across downtimes: an operation interrupted by a closed window continues
   * where it stopped once the machine reopens; closed time does not count as processing.
   */
  resumable?: boolean;
  setups?: SetupTimes;
  downtimes?: Downtime[];
  /** Rescheduling: operations pinned in place; every other operation starts at or after `from`. */
  frozen?: {
    from: number;
    operations: FixedOperation[];
    /** Starts in the schedule being repaired; the secondary objective is the deviation. */
    previous?: { job: number; op: number; machine: number; start: number }[];
  };
}

export interface ScheduledOperation {
  job: number;
  op: number;
  machine: number;
  start: number;
  end: number;
  /** Resumable instances: the running pieces [start, end) when a downtime interrupts it. */
  segments?: [number, number][];
}

export interface Schedule {
  makespan: number;
  operations: ScheduledOperation[];
}

/** Sum over jobs with a due date of max(0, completion − due). */
export function totalTardiness(instance: Instance, schedule: Schedule): number {
  const completion = new Map<number, number>();
  for (const o of schedule.operations) {
    completion.set(o.job, Math.max(completion.get(o.job) ?? 0, o.end));
  }
  let sum = 0;
  instance.jobs.forEach((job, j) => {
    if (job.due !== undefined) sum += Math.max(0, (completion.get(j) ?? 0) - job.due);
  });
  return sum;
}

/**
 * Σ w·max(0, C − d) over tardiness groups (a job, or the sub-lots of one order: C is the last
 * sub-lot's completion, d and w the first member's).
 */
export function weightedTardiness(instance: Instance, schedule: Schedule): number {
  const completion = new Map<number, number>();
  for (const o of schedule.operations) {
    const g = instance.jobs[o.job]?.group ?? -1 - o.job;
    completion.set(g, Math.max(completion.get(g) ?? 0, o.end));
  }
  let sum = 0;
  const seen = new Set<number>();
  instance.jobs.forEach((job, j) => {
    const g = job.group ?? -1 - j;
    if (job.due === undefined || seen.has(g)) return;
    seen.add(g);
    sum += (job.weight ?? 1) * Math.max(0, (completion.get(g) ?? 0) - job.due);
  });
  return sum;
}

/** "customer order … / production order …, operation 2 'sewing'" or "job 3 operation 2". */
export function describeOperation(instance: Instance, job: number, op: number): string {
  const j = instance.jobs[job];
  const o = j?.operations[op];
  return `${j?.name ?? `job ${job + 1}`}, ${o?.name ?? `operation ${op + 1}`}`;
}

export function describeMachine(instance: Instance, machine: number): string {
  const name = instance.machineNames?.[machine];
  return name !== undefined ? `station ${name}` : `machine ${machine + 1}`;
}

export function operationCount(instance: Instance): number {
  return instance.jobs.reduce((n, job) => n + job.operations.length, 0);
}
