// Group commit (Gray & Reuter, "Transaction Processing", §9.4.7; PostgreSQL's commit_delay):
// batches that arrive while a commit is in flight are committed together by the next one, so
// concurrent writers share one round trip and one fsync instead of queueing for one each.
// Each batch is built right before its group commits, in arrival order, so it sees what the
// batches before it (in this group and the committed ones) registered.

interface Waiting<T> {
  build: () => T;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export class GroupCommit<T> {
  private waiting: Waiting<T>[] = [];
  private running: Promise<void> | undefined;

  constructor(
    /** Makes the group durable, all or none; throws to refuse every batch of it. */
    private readonly commit: (group: T[]) => Promise<void>,
    private readonly maxGroup = 64,
  ) {}

  /** Resolves with the built batch once its group is committed. */
  submit(build: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ build, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once everything submitted so far is committed or refused. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Yield first: `running` is set before this can finish, and writers of the same tick
    // join the first group.
    await null;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroup);
        const built: { w: Waiting<T>; v: T }[] = [];
        for (const w of group) {
          try {
            built.push({ w, v: w.build() });
          } catch (e) {
            w.reject(e);
          }
        }
        if (built.length === 0) continue;
        try {
          await this.commit(built.map((b) => b.v));
          for (const b of built) b.w.resolve(b.v);
        } catch (e) {
          for (const b of built) b.w.reject(e);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
