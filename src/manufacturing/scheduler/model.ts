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
}

/** A machine is unavailable on [start, end); operations never run across such a window. */
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

export function operationCount(instance: Instance): number {
  return instance.jobs.reduce((n, job) => n + job.operations.length, 0);
}
