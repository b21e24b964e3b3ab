// `npm run bench -- region [--units N] [--years N] [--indicators N] [--runs N]`: evaluates a
// generated panel (2,000 units × 10 years × 40 indicators unless told, half in each subsystem)
// with entropy weights (AHP's random index stops at 15 indicators, and its cost is negligible
// beside the panel passes), then ranks and trends D. Target: under 1 s for the
// evaluation (issue #22). Also times parsing the same panel from CSV text.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '../src/kernel/index.ts';
import type { IndicatorSystem, Panel, PanelRow } from '../src/region/index.ts';
import { evaluate, parsePanelCsv, rankAndChange, trends } from '../src/region/index.ts';

function generate(units: number, years: number, indicators: number) {
  const half = indicators / 2;
  const sub = (key: string, from: number) => ({
    key,
    indicators: Array.from({ length: half }, (_, k) => ({
      key: `x${from + k}`,
      direction: (k % 5 === 4 ? 'negative' : 'positive') as 'negative' | 'positive',
    })),
  });
  const system: IndicatorSystem = {
    subsystems: [sub('manufacturing', 0), sub('services', half)],
  };
  const rng = createRng(22);
  const n = units * years;
  const rows: PanelRow[] = [];
  for (let u = 0; u < units; u++)
    for (let y = 0; y < years; y++) rows.push({ unit: `u${u}`, year: 2014 + y, carry: {} });
  const values = new Map<string, Float64Array>();
  for (let k = 0; k < indicators; k++) {
    const col = new Float64Array(n);
    for (let u = 0; u < units; u++) {
      const level = 10 + 90 * rng();
      for (let y = 0; y < years; y++) col[u * years + y] = level * (1 + 0.04 * y) + 5 * rng();
    }
    values.set(`x${k}`, col);
  }
  return { system, panel: { rows, values } satisfies Panel };
}

function toCsv(system: IndicatorSystem, panel: Panel): string {
  const keys = system.subsystems.flatMap((s) => s.indicators.map((i) => i.key));
  const cols = keys.map((k) => panel.values.get(k)!);
  const lines = [['unit', 'year', ...keys].join(',')];
  panel.rows.forEach((r, i) =>
    lines.push([r.unit, r.year, ...cols.map((c) => c[i]!.toFixed(4))].join(',')),
  );
  return lines.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, f: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  return Math.round(median(ms) * 10) / 10;
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      units: { type: 'string', default: '2000' },
      years: { type: 'string', default: '10' },
      indicators: { type: 'string', default: '40' },
      runs: { type: 'string', default: '5' },
    },
  });
  const units = Number(values.units);
  const years = Number(values.years);
  const indicators = Number(values.indicators);
  const runs = Number(values.runs);
  const { system, panel } = generate(units, years, indicators);
  process.stderr.write(`region: ${units} units × ${years} years × ${indicators} indicators\n`);
  const entropyMs = time(runs, () => void evaluate(system, panel, { method: 'entropy' }));
  const rows = evaluate(system, panel, { method: 'entropy' }).rows;
  const rankTrendMs = time(runs, () => {
    rankAndChange(rows);
    trends(rows, (u) => u);
  });
  const csv = toCsv(system, panel);
  const parseMs = time(Math.min(runs, 3), () => void parsePanelCsv(csv, system));
  return {
    units,
    years,
    indicators,
    rows: rows.length,
    evaluateEntropyMs: entropyMs,
    rankAndTrendMs: rankTrendMs,
    parseCsvMs: parseMs,
    csvMegabytes: Math.round(csv.length / 1e4) / 100,
    targetMs: 1000,
    met: entropyMs < 1000,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
