// `ronghe region evaluate`: the integration index of a panel CSV under an indicator system
// (entropy, AHP or combined weights; coupling coordination). Reads the two files here, at the
// edge, and runs the region context's pure core.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Evaluation, IndicatorSystem, WeightMethod } from '../../region/index.ts';
import { coordinationClass, evaluate, parsePanelCsv, parseSystem } from '../../region/index.ts';
import type { CliCommand } from '../command.ts';
import { UsageError } from '../command.ts';

const usage = `Usage: ronghe region evaluate --data <panel.csv> --system <system.json>
         [--weights entropy|ahp|combined] [--ahp-share <0..1>] [--json]

  --data       panel CSV: unit, year, one column per indicator key; other columns (name …)
               are carried along
  --system     indicator system JSON: two subsystems (manufacturing first, then services),
               each with indicators {key, direction}; optional "ahp" pairwise matrix per
               subsystem; alpha and beta (0.5 each unless given)
  --weights    entropy (default), ahp, or combined (a linear combination of both)
  --ahp-share  for combined: the share of the AHP weights (default 0.5)
  --json       print {"weights": {...}, "rows": [{unit, year, U1, U2, C, T, D, class, lagging}]}`;

const METHODS: readonly WeightMethod[] = ['entropy', 'ahp', 'combined'];
const f4 = (x: number) => x.toFixed(4);

function table(system: IndicatorSystem, r: Evaluation): string {
  const lines: string[] = [];
  for (const s of system.subsystems) {
    lines.push(`${s.key}${s.name ? ` (${s.name})` : ''}`);
    for (const i of s.indicators)
      lines.push(`  ${i.key.padEnd(28)} ${f4(r.weights[i.key] ?? NaN)}  ${i.name ?? ''}`);
  }
  lines.push('');
  lines.push(['unit', 'year', 'U1', 'U2', 'C', 'T', 'D', 'class', 'lagging'].join('\t'));
  for (const row of r.rows) {
    const c = coordinationClass(row.D);
    const name = Object.values(row.carry)[0];
    const unit = name ? `${row.unit} ${name}` : row.unit;
    const nums = [row.U1, row.U2, row.C, row.T, row.D].map(f4);
    lines.push([unit, row.year, ...nums, `${c['zh-CN']} ${c.en}`, row.lagging].join('\t'));
  }
  return lines.join('\n');
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `${flag}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? e})`,
    );
  }
}

async function evaluateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      system: { type: 'string' },
      weights: { type: 'string', default: 'entropy' },
      'ahp-share': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.data) throw new UsageError('--data is required');
  if (!values.system) throw new UsageError('--system is required');
  const method = values.weights as WeightMethod;
  if (!METHODS.includes(method)) throw new UsageError(`--weights must be ${METHODS.join('|')}`);
  const share = values['ahp-share'] === undefined ? undefined : Number(values['ahp-share']);
  if (share !== undefined && !(share >= 0 && share <= 1))
    throw new UsageError('--ahp-share must be a number within 0–1');
  let json: unknown;
  try {
    json = JSON.parse(readText(values.system, '--system'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--system: ${values.system} is not JSON (${(e as Error).message})`);
  }
  const system = parseSystem(json);
  const panel = parsePanelCsv(readText(values.data, '--data'), system, values.data);
  const r = evaluate(system, panel, {
    method,
    ...(share !== undefined ? { ahpShare: share } : {}),
  });
  if (!values.json) {
    console.log(table(system, r));
    return 0;
  }
  const rows = r.rows.map((x) => ({
    unit: x.unit,
    year: x.year,
    ...x.carry,
    U1: x.U1,
    U2: x.U2,
    C: x.C,
    T: x.T,
    D: x.D,
    class: x.class,
    lagging: x.lagging,
  }));
  console.log(JSON.stringify({ weights: r.weights, rows }));
  return 0;
}

export const command: CliCommand = {
  name: 'region',
  summary: 'Regional pilot programmes: integration index of a panel (evaluate)',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'evaluate') throw new UsageError(`unknown subcommand '${sub ?? ''}'`);
    return evaluateCommand(rest);
  },
};
