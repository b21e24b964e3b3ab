import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingNodeFlags, rongheNodeFlags, RONGHE_BIN } from './node-flags.ts';

const root = join(RONGHE_BIN, '..', '..');

describe('the Node.js flags ronghe runs with (issue 21)', () => {
  it('are read from the shebang of bin/ronghe.js, and every other launch point passes them', () => {
    const flags = rongheNodeFlags();
    expect(flags).toContain('--max-semi-space-size=64');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(`node ${flags.join(' ')} bin/ronghe.js start`);
    const unit = readFileSync(join(root, 'docs/deploy/ronghe.service'), 'utf8');
    expect(unit).toContain(
      `ExecStart=/usr/bin/node ${flags.join(' ')} /opt/ronghe/bin/ronghe.js start`,
    );
  });

  it('are what the kernel passes to node when it runs the shebang line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-flags-'));
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `${readFileSync(RONGHE_BIN, 'utf8').split('\n', 1)[0]}\nconsole.log(JSON.stringify(process.execArgv));\n`,
      { mode: 0o755 },
    );
    expect(JSON.parse(execFileSync(probe, { encoding: 'utf8' }))).toEqual(rongheNodeFlags());
  });

  it('refuses a bin whose first line is not `env -S node`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-flags-'));
    const f = join(dir, 'x.js');
    writeFileSync(f, '#!/usr/bin/env node\n');
    expect(() => rongheNodeFlags(f)).toThrow(/first line/);
    writeFileSync(f, '#!/usr/bin/env -S node\n');
    expect(rongheNodeFlags(f)).toEqual([]);
  });

  it('names the flags a start lacks, by name, from the command line or NODE_OPTIONS', () => {
    expect(missingNodeFlags([], '')).toEqual(rongheNodeFlags());
    expect(missingNodeFlags(['--max-semi-space-size=64'], '')).toEqual([]);
    expect(missingNodeFlags([], '--max-old-space-size=900 --max-semi-space-size=32')).toEqual([]);
    expect(missingNodeFlags(['--max_semi_space_size=16'], '')).toEqual([]);
    expect(missingNodeFlags(['--max-old-space-size=900'], '')).toEqual(rongheNodeFlags());
  });
});
