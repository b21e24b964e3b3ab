// `npm run bench -- <area> [options]`: each area is bench/<area>.ts exporting
// `run(argv): Promise<unknown>`; its result is printed as JSON on stdout (progress goes to stderr).
// Helper modules shared by areas live in bench/lib/ (and folders such as bench/telemetry/), so
// the list of areas names only what runs.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('./', import.meta.url));

function areas(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'main.ts' && !f.includes('.'.repeat(1) + 'test.'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function main(argv: string[]): Promise<number> {
  const [area, ...rest] = argv;
  if (!area || !areas().includes(area)) {
    console.error(`Usage: npm run bench -- <area> [options]\nAreas: ${areas().join(', ')}`);
    return 2;
  }
  const mod = (await import(pathToFileURL(`${dir}${area}.ts`).href)) as {
    run(argv: string[]): Promise<unknown>;
  };
  let result: unknown;
  try {
    result = await mod.run(rest);
  } catch (e) {
    // An option the area does not know (or a bad value of one) is the caller's mistake: one
    // line naming it, not a stack trace (node:util parseArgs throws these with a code).
    const code = (e as { code?: string }).code;
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw e;
    console.error(`bench ${area}: ${(e as Error).message}`);
    return 2;
  }
  console.log(JSON.stringify(result, null, 2));
  return 0;
}
