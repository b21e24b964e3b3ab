// The telemetry benchmark's writers after a long set-up (issue 21): the platform row imported
// 100,000 assets over the shared keep-alive agent, then spent over a minute encoding 15 M
// points; the server closed the idle socket at its keep-alive timeout meanwhile and the first
// write sent on it failed with "socket hang up". The writers now open their own connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { ingest, request } from '../bench/telemetry/http.ts';

// A server in another process (its timers run while this one is blocked), closing a
// keep-alive socket after 2 s idle (closed by about 4 s on Node 20), answering every request 204 once its body is read. Whole
// seconds: Node's agent drops at once a socket whose server announces `Keep-Alive: timeout=0`,
// and otherwise times it out a second early — a timer that cannot fire while this process is
// blocked.
const serverSource = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.statusCode = 204; res.end(); });
});
s.keepAliveTimeout = 2000;
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
});

function startServer(): Promise<number> {
  child = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child!.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child!.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

it('writes after the set-up left a keep-alive socket idle past the server timeout', async () => {
  const port = await startServer();
  // The set-up's last request leaves its socket idle in the shared agent.
  expect((await request(port, 'POST', '/setup', 'x')).status).toBe(204);
  // This process busy past the server's keep-alive timeout (encoding the workload).
  const until = Date.now() + 5000;
  while (Date.now() < until);
  const bodies = (c: number) => Array.from({ length: 3 }, (_, i) => `m,asset=A${c} v=${i} ${i}`);
  const r = await ingest(
    port,
    '/write',
    { connections: 2, points: 6, stream: false, bodies },
    { 'content-type': 'text/plain' },
  );
  expect(r.retries).toBe(0);
});
