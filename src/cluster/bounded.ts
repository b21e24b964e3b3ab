// A bound on one await of a lease round (issue 24: under load a node never became a member, its
// round waiting for ever on a KV call while a NATS server restarted). The call itself is not
// cancelled (the NATS client offers no cancel): its late answer is ignored, or, where it still
// tells something true (a write acknowledged), used by the caller's own continuation.

/** A call that did not answer within its bound: the round that made it is abandoned. */
export class CallCut extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'CallCut';
  }
}

/** `p`, or a CallCut once `ms` passed first. A late rejection of `p` is handled (ignored). */
export function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallCut(what, ms)), ms);
  });
  return Promise.race([p, cut]).finally(() => clearTimeout(timer));
}
