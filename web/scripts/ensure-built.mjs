// Runs before `npm start` and `npm test`: builds the console (vite build) only when web/dist
// is missing or older than its sources, so a fresh clone serves the console with nothing done
// by hand and an up-to-date tree costs a few file stats. Without vite (an install that omitted
// dev dependencies) it says so and the platform serves a short notice at / instead.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(web, 'dist', '.built');
const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) =>
  join(web, p),
);

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const e of readdirSync(path)) max = Math.max(max, newest(join(path, e)));
  return max;
}

export async function ensureBuilt({ force = false, log = console.error } = {}) {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const source = Math.max(...inputs.map(newest));
  if (!force && built > source) return { built: false };
  let vite;
  try {
    const require = createRequire(import.meta.url);
    vite = await import(require.resolve('vite'));
  } catch {
    log('web console: vite is not installed (dev dependencies omitted?); / shows a notice.');
    return { built: false };
  }
  log('web console: building web/dist …');
  const started = Date.now();
  // A build for users, whatever NODE_ENV the caller runs under (vitest sets 'test').
  process.env.NODE_ENV = 'production';
  await vite.build({
    mode: 'production',
    root: web,
    configFile: join(web, 'vite.config.ts'),
    logLevel: 'warn',
  });
  writeFileSync(stamp, new Date().toISOString() + '\n');
  log(`web console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { built: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureBuilt({ force: process.argv.includes('--force') });
}
