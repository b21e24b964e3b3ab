// `ronghe phm rul register|activate` as an operator runs them: a child process on an embedded
// data directory. A model file trained offline is validated on the committed FD001 test excerpt
// (test/fixtures/phm/README.md), stored as the asset model's active RUL version with those
// figures; a test file with a bad line is refused naming file and line, and nothing is stored;
// an earlier version is activated again. `ronghe phm bearing register|activate` likewise, validated
// on labelled CWRU files the model never saw (skipped without ../shared/data). The same registration over HTTP on both databases, with
// an asset assessed by the registered model, is in src/server/routes/phm-rul.test.ts.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../assets/index.ts';
import { missingDataMessage, sharedDataDir } from '../../test/shared-data.ts';
import {
  listRegisteredModels,
  readCmapss,
  readVibrationCsv,
  saveModel,
  trainBearingModel,
  trainRulModel,
} from '../phm/index.ts';
import { openDb, tenantScope } from './context.ts';

const run = promisify(execFile);
const ronghe = (args: string[]) => run(process.execPath, ['bin/ronghe.js', ...args]);
const fixture = (name: string) => `test/fixtures/phm/${name}`;
const TEST = fixture('test_FD001_excerpt_4units.txt');
const TRUTH = fixture('RUL_FD001_excerpt_4units.txt');

describe('ronghe phm rul register and activate', () => {
  let dir: string;
  let assetModelId: string;
  let modelFile: string;
  const registered = async () => {
    const db = await openDb({ data: dir });
    try {
      return await listRegisteredModels(db, await tenantScope(db, 'acme'), { kind: 'rul' });
    } finally {
      await db.close();
    }
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ronghe-phm-register-'));
    await ronghe(['tenant', 'create', '--data', dir, '--slug', 'acme', '--name', 'Acme']);
    const db = await openDb({ data: dir });
    try {
      assetModelId = (
        await createModel(db, await tenantScope(db, 'acme'), {
          name: 'Turbofan',
          channels: [{ key: 'rul_hours', name: 'RUL', dataType: 'float' }],
        })
      ).id;
    } finally {
      await db.close();
    }
    modelFile = join(dir, 'fd001.json');
    const units = readCmapss(fixture('train_FD001_excerpt_8units.txt'));
    saveModel(modelFile, trainRulModel(units, { seed: 3, ensemble: 1, params: { trees: 40 } }));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const register = (test = TEST) =>
    ronghe([
      'phm',
      'rul',
      'register',
      '--data',
      dir,
      '--tenant',
      'acme',
      '--asset-model',
      assetModelId,
      '--model',
      modelFile,
      '--test',
      test,
      '--truth',
      TRUTH,
    ]);

  it('refuses a test file with a bad line, naming file and line, and stores nothing', async () => {
    const lines = readFileSync(TEST, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/^(\S+ \S+) \S+/, '$1 abc');
    const bad = join(dir, 'test_bad.txt');
    writeFileSync(bad, lines.join('\n'));
    const r = await register(bad).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/test_bad\.txt.*line 3.*'abc'/);
    expect(await registered()).toEqual([]);
  }, 120_000);

  it('registers the file as the active version with figures on the test units, then activates v1 again', async () => {
    const first = JSON.parse((await register()).stdout) as {
      id: string;
      version: number;
      status: string;
      metrics: { validation: { protocol: string; units: number; rmse: number } };
    };
    expect(first).toMatchObject({
      version: 1,
      status: 'active',
      metrics: { validation: { protocol: 'test-units', units: 4 } },
    });
    expect(first.metrics.validation.rmse).toBeGreaterThan(0);
    const second = JSON.parse((await register()).stdout) as { id: string; version: number };
    expect(second.version).toBe(2);
    expect((await registered()).map((m) => `${m.version}:${m.status}`)).toEqual([
      '1:retired',
      '2:active',
    ]);
    const back = await ronghe([
      'phm',
      'rul',
      'activate',
      '--data',
      dir,
      '--tenant',
      'acme',
      '--id',
      first.id,
    ]);
    expect(JSON.parse(back.stdout)).toMatchObject({ id: first.id, status: 'active' });
    expect((await registered()).map((m) => `${m.version}:${m.status}`)).toEqual([
      '1:active',
      '2:retired',
    ]);
  }, 180_000);
});

const cwru = sharedDataDir('cwru');
if (!cwru) describe.skip(`ronghe phm bearing register: ${missingDataMessage('cwru')}`, () => {});
else
  describe('ronghe phm bearing register and activate', () => {
    let dir: string;
    let assetModelId: string;
    let modelFile: string;
    const TRAIN = 61_440; // 15 windows of 4,096; the test files are cut from beyond it
    const signal = (name: string) => readVibrationCsv(join(cwru, `${name}.csv`));
    const csv = (x: Float64Array) => `de_accel_g\n${Array.from(x).join('\n')}\n`;
    const registered = async () => {
      const db = await openDb({ data: dir });
      try {
        return await listRegisteredModels(db, await tenantScope(db, 'acme'), { kind: 'bearing' });
      } finally {
        await db.close();
      }
    };
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ronghe-phm-bearing-register-'));
      await ronghe(['tenant', 'create', '--data', dir, '--slug', 'acme', '--name', 'Acme']);
      const db = await openDb({ data: dir });
      try {
        assetModelId = (
          await createModel(db, await tenantScope(db, 'acme'), {
            name: 'Drive motor',
            channels: [{ key: 'speed', name: 'speed', dataType: 'float' }],
          })
        ).id;
      } finally {
        await db.close();
      }
      const setup = { fs: 12000, rpm: 1797, window: 4096 };
      const files = ['Normal_0_DE_12k', 'IR007_0_DE_12k'];
      modelFile = join(dir, 'bearing.json');
      saveModel(
        modelFile,
        trainBearingModel(
          files.map((f) => ({ label: f.split('_')[0]!, signal: signal(f).subarray(0, TRAIN) })),
          setup,
        ),
      );
      for (const [sub, names] of [
        ['test', files],
        ['test-bad', [...files, 'OR007_at6_0_DE_12k']],
      ] as const) {
        mkdirSync(join(dir, sub));
        for (const f of names)
          writeFileSync(join(dir, sub, `${f}.csv`), csv(signal(f).subarray(TRAIN, TRAIN + 20_480)));
      }
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const register = (testDir: string) =>
      ronghe([
        'phm',
        'bearing',
        'register',
        '--data',
        dir,
        '--tenant',
        'acme',
        '--asset-model',
        assetModelId,
        '--model',
        modelFile,
        '--test-dir',
        join(dir, testDir),
      ]);

    it('refuses test files of a class the model does not know, naming the file, and stores nothing', async () => {
      const r = await register('test-bad').then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/OR007_at6_0_DE_12k\.csv.*'OR007' is not a class of the model/);
      expect(await registered()).toEqual([]);
    }, 120_000);

    it('registers the file as the active version with figures on the test files, then activates v1 again', async () => {
      const first = JSON.parse((await register('test')).stdout) as {
        id: string;
        version: number;
        status: string;
        metrics: {
          protocol: string;
          heldOutWindows: number;
          heldOutAccuracy: number;
          perClass: Record<string, { windows: number; right: number }>;
        };
      };
      expect(first).toMatchObject({
        version: 1,
        status: 'active',
        metrics: {
          protocol: 'test-files',
          heldOutWindows: 10,
          perClass: { Normal: { windows: 5 }, IR007: { windows: 5 } },
        },
      });
      expect(first.metrics.heldOutAccuracy).toBeGreaterThan(0.8);
      const second = JSON.parse((await register('test')).stdout) as { version: number };
      expect(second.version).toBe(2);
      expect((await registered()).map((m) => `${m.version}:${m.status}`)).toEqual([
        '1:retired',
        '2:active',
      ]);
      const back = await ronghe([
        'phm',
        'bearing',
        'activate',
        '--data',
        dir,
        '--tenant',
        'acme',
        '--id',
        first.id,
      ]);
      expect(JSON.parse(back.stdout)).toMatchObject({ id: first.id, status: 'active' });
      expect((await registered()).map((m) => `${m.version}:${m.status}`)).toEqual([
        '1:active',
        '2:retired',
      ]);
    }, 180_000);
  });
