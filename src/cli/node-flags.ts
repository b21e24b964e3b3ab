// The Node.js flags `ronghe` runs with: those on bin/ronghe.js's first line
// (`#!/usr/bin/env -S node <flags>`). V8 sizes its heap when the process starts, so they cannot
// be set from inside; whatever starts `ronghe start` some other way (the benchmarks, the
// systemd unit, `npm start`) passes the same ones, and a start without them says so.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RONGHE_BIN = fileURLToPath(new URL('../../bin/ronghe.js', import.meta.url));

/** The flags after `node` on the shebang line of `file` (bin/ronghe.js by default). */
export function rongheNodeFlags(file = RONGHE_BIN): string[] {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0]!;
  const m = /^#!\/usr\/bin\/env -S node((?: +\S+)*)\s*$/.exec(first);
  if (!m) throw new Error(`${file}: the first line is not '#!/usr/bin/env -S node <flags>'`);
  return m[1]!.split(' ').filter(Boolean);
}

/**
 * The flags of rongheNodeFlags() this process was not started with (on its command line or in
 * NODE_OPTIONS), compared by name: another value given on purpose is the operator's choice.
 */
export function missingNodeFlags(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): string[] {
  const given = new Set(
    [...execArgv, ...nodeOptions.split(/\s+/)].map((f) => f.split('=')[0]!.replace(/_/g, '-')),
  );
  return rongheNodeFlags().filter((f) => !given.has(f.split('=')[0]!));
}
