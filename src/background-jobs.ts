// The platform's background work as one unit: telemetry retention (cluster mode only — the
// single process runs it from the telemetry service's own start), scheduled PHM assessments,
// maintenance plans, SLA clocks with renewal reminders (service notices), and in cluster mode
// the alarm books' clock (escalation, shelf expiry: monitoring/runtime.ts). The single
// process starts it at once; a clustered node starts it only while it holds the cluster's
// background lease (src/cluster/background.ts), so it runs on one node at a time (issue 24).

export interface Job {
  start(): void;
  stop(): Promise<void>;
}

export interface BackgroundJobs extends Job {
  /** Whether the jobs run in this process now. */
  readonly running: boolean;
}

/** Starts and stops the jobs together; start after start, or stop after stop, does nothing. */
export function backgroundJobs(jobs: readonly Job[]): BackgroundJobs {
  let running = false;
  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      for (const j of jobs) j.start();
    },
    async stop() {
      if (!running) return;
      running = false;
      await Promise.all(jobs.map((j) => j.stop()));
    },
  };
}

/** A job made by a function that starts it and returns its stop (startAssessmentScheduler). */
export function restartable(begin: () => { stop(): Promise<void> }): Job {
  let current: { stop(): Promise<void> } | undefined;
  return {
    start() {
      current ??= begin();
    },
    async stop() {
      const c = current;
      current = undefined;
      await c?.stop();
    },
  };
}
