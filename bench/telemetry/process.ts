// Starting and stopping the systems under test as child processes on free loopback ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { sleep, request } from './http.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `cmd` with pipes for its output. With `logFile`, everything the process writes on
 * stdout and stderr is appended there as it arrives (a server that dies mid-run leaves its last
 * words in the kept data directory); `stderr()` answers the last 4,000 characters of both.
 * stdout is always read: a pipe nobody reads fills at 64 KiB and then blocks or buffers the
 * writer's logger.
 */
export function launch(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  logFile?: string,
) {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
    if (logFile) appendFileSync(logFile, d);
  };
  child.stderr?.on('data', keep);
  child.stdout?.on('data', keep);
  child.once('exit', (code, signal) => {
    if (logFile) appendFileSync(logFile, `\n[bench] exited: code ${code}, signal ${signal}\n`);
  });
  return { child, stderr: () => tail };
}

/** The last `lines` lines of a launched process's output, indented, for an error message. */
export function lastLines(output: string, lines = 30): string {
  return output
    .split('\n')
    .slice(-lines)
    .map((l) => `  | ${l}`)
    .join('\n');
}

/** Resolves with the first stdout line (the Ronghe bench server prints its port and key). */
export function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        child.stdout?.off('data', onData);
        resolve(buf.slice(0, nl));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr()}`)));
  });
}

/** Polls `path` until it answers `ok` (or throws after `timeoutMs`). */
export async function waitHttp(port: number, path: string, ok: number[], timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await request(port, 'GET', path);
      if (ok.includes(r.status)) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`nothing answered on port ${port}${path}`);
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  // Waited for: its exit is logged to the data directory, which the caller removes next
  // (mqtt-devices died with ENOENT after printing its result when a loaded shutdown overran).
  await exited;
}
