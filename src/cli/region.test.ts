// `ronghe region evaluate` as a user runs it: a child process on the demo panel.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ronghe = (args: string[]) => run(process.execPath, ['bin/ronghe.js', ...args]);
const data = ['--data', 'src/region/demo/jiangsu-cities-panel.csv'];
const system = ['--system', 'src/region/demo/system.json'];
const tmp = mkdtempSync(join(tmpdir(), 'ronghe-region-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Out {
  weights: Record<string, number>;
  rows: Array<Record<string, unknown> & { D: number; U1: number; U2: number }>;
}

describe('ronghe region evaluate', () => {
  it('prints the weights and every row as one JSON object', async () => {
    const { stdout } = await ronghe(['region', 'evaluate', ...data, ...system, '--json']);
    const out = JSON.parse(stdout) as Out;
    expect(Object.keys(out)).toEqual(['weights', 'rows']);
    expect(Object.keys(out.weights)).toHaveLength(10);
    const mfg = ['mfg_value_added', 'rd_intensity', 'hitech_share', 'labour_productivity'];
    const sum = [...mfg, 'energy_intensity'].reduce((s, k) => s + out.weights[k]!, 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(out.rows).toHaveLength(65);
    const first = out.rows[0]!;
    expect(Object.keys(first)).toEqual([
      'unit',
      'year',
      'name',
      'U1',
      'U2',
      'C',
      'T',
      'D',
      'class',
      'lagging',
    ]);
    expect(first).toMatchObject({ unit: 'nanjing', year: 2019, name: '南京' });
    expect(first.D).toBeCloseTo(Math.sqrt((first.C as number) * (first.T as number)), 12);
  });

  it('uses AHP and combined weights from the system file', async () => {
    const ahp = JSON.parse(
      (await ronghe(['region', 'evaluate', ...data, ...system, '--weights', 'ahp', '--json']))
        .stdout,
    ) as Out;
    const ent = JSON.parse(
      (await ronghe(['region', 'evaluate', ...data, ...system, '--json'])).stdout,
    ) as Out;
    const comb = JSON.parse(
      (
        await ronghe([
          ...['region', 'evaluate', ...data, ...system],
          '--weights',
          'combined',
          '--json',
        ])
      ).stdout,
    ) as Out;
    const k = 'mfg_value_added';
    expect(comb.weights[k]).toBeCloseTo((ahp.weights[k]! + ent.weights[k]!) / 2, 12);
  });

  it('prints a table with Chinese and English class names', async () => {
    const { stdout } = await ronghe(['region', 'evaluate', ...data, ...system]);
    expect(stdout).toMatch(/mfg_value_added\s+0\.\d{4}/);
    expect(stdout).toMatch(/nanjing 南京\t2019\t.*协调 .*coordination/);
  });

  it('names the line and column of text in a number and exits 1', async () => {
    const bad = join(tmp, 'bad.csv');
    writeFileSync(
      bad,
      'unit,year,mfg_value_added,rd_intensity,hitech_share,labour_productivity,energy_intensity,producer_services_va,software_revenue,tech_service_staff,servitization_share,logistics_cost_ratio\n' +
        'a,2020,1,2,3,4,5,6,7,8,9,10\nb,2020,1,2,n/a,4,5,6,7,8,9,10\n',
    );
    const e = await ronghe(['region', 'evaluate', '--data', bad, ...system]).then(
      () => null,
      (x: { code: number; stderr: string }) => x,
    );
    expect(e?.code).toBe(1);
    expect(e?.stderr).toMatch(/line 3, hitech_share: 'n\/a' is not a number/);
  });
});
