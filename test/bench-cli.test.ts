// `npm run bench -- <area> [options]` with a bad area or an option the area does not know: one
// line naming it and exit code 2, not a stack trace (the project's rule for bad input).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bench = fileURLToPath(new URL('../bin/bench.js', import.meta.url));
const runBench = (...args: string[]) =>
  spawnSync(process.execPath, [bench, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('bench command line', () => {
  it('names an unknown option of an area in one line and exits 2', () => {
    const r = runBench('mqtt-devices', '--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("bench mqtt-devices: Unknown option '--no-such-option'");
    expect(r.stdout).toBe('');
  });

  it('lists the areas for an unknown area and exits 2', () => {
    const r = runBench('no-such-area');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Usage: npm run bench -- <area> \[options\]\nAreas: .*telemetry/);
  });
});
