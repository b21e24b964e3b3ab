// Child processes of a local cluster (nats-server, ronghe start): free ports, spawning with
// output to a log file, waiting until they answer, and stopping them by their own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `cmd args`, its stdout and stderr appended to `logFile`; detached: outlives us. */
export function spawnLogged(
  cmd: string,
  args: string[],
  logFile: string,
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; detached?: boolean } = {},
): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(cmd, args, {
      stdio: ['ignore', fd, fd],
      env: opts.env ?? process.env,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      detached: opts.detached ?? false,
    });
    if (opts.detached) child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}

/**
 * Polls `check` until it resolves true, or fails after `ms` naming `what`, the last error and
 * the tail of `logFile`. Each check is cut off after `checkMs`: on a loaded machine a process
 * can accept a connection long before it answers, and one hung check must not use up the limit.
 */
export async function waitFor(
  what: string,
  ms: number,
  check: (signal: AbortSignal) => Promise<boolean>,
  o: { logFile?: string; checkMs?: number; cancel?: AbortSignal } = {},
) {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end && !o.cancel?.aborted) {
    try {
      const signal = AbortSignal.timeout(Math.min(o.checkMs ?? 5_000, end - Date.now()));
      if (await check(signal)) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const why = last instanceof Error ? `: ${last.message}` : '';
  const tail = o.logFile ? `\n--- last lines of ${o.logFile} ---\n${logTail(o.logFile)}` : '';
  throw new Error(`${what} did not come up within ${ms / 1000} s${why}${tail}`);
}

/** The last `n` lines of a log file (for a failure message). */
export function logTail(file: string, n = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch (e) {
    return `(unreadable: ${(e as Error).message})`;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to one process by its pid and waits (up to `ms`) until it is gone. */
export async function stopPid(pid: number, signal: NodeJS.Signals = 'SIGTERM', ms = 15_000) {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}
