// Locates ../shared/data beside the project. The project must work without it: callers skip a
// data-driven test or benchmark with a clear message when a folder is missing.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of ../shared/data/<name>, or undefined when it is not there. */
export function sharedDataDir(name: string): string | undefined {
  const base = process.env.RONGHE_SHARED_DATA ?? join(projectRoot, '..', 'shared', 'data');
  const dir = join(base, name);
  return existsSync(dir) ? dir : undefined;
}

export function missingDataMessage(name: string): string {
  return `shared data '${name}' not found (expected ../shared/data/${name} beside the project, or set RONGHE_SHARED_DATA); skipped`;
}
