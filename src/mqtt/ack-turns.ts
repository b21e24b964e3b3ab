// At most so many acknowledgements per turn of the event loop (issue 21). Settling a message
// lets Aedes write its PUBACK and, a moment later in the same turn, read that connection's next
// packets (up to PACKETS_PER_READ). When a group commit acknowledged thousands of devices at
// once, behind ingest, one turn thus wrote thousands of PUBACKs and parsed up to eight times as
// many messages, all alive at once (seconds of CPU and GC in one turn, BENCHMARKS.md mqtt21b).
// Here the rest waits for the next turn (setImmediate), with sockets, timers and the next
// group's commit served in between; below the limit nothing waits.

export class AckTurns<T> {
  private queue: T[] = [];
  private head = 0;
  private left: number;
  private turnPending = false;

  constructor(
    private readonly settle: (item: T) => void,
    private readonly perTurn: number,
  ) {
    this.left = perTurn;
  }

  /** Settles the items in order: at once while this turn's share lasts, the rest after. */
  add(items: readonly T[]): void {
    for (const i of items) this.queue.push(i);
    this.settleSome();
  }

  /** Items waiting for a later turn (for tests). */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  private settleSome(): void {
    while (this.left > 0 && this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      this.queue[this.head++] = undefined as T; // let it go once settled
      this.left--;
      this.settle(item);
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    // One setImmediate a turn that acknowledged anything: it starts the next turn's share.
    if (!this.turnPending) {
      this.turnPending = true;
      setImmediate(this.nextTurn);
    }
  }

  private readonly nextTurn = (): void => {
    this.turnPending = false;
    this.left = this.perTurn;
    if (this.head < this.queue.length) this.settleSome();
  };
}
