// `ronghe phm rul register|activate` as an operator runs them: a child process on an embedded
// data directory. A model file trained offline is validated on the committed FD001 test excerpt
// (test/fixtures/phm/README.md), stored as the asset model's active RUL version with those
// figures; a test file with a bad line is refused naming file and line, and nothing is stored;
// an earlier version is activated again. The same registration over HTTP on both databases, with
// an asset assessed by the registered model, is in src/server/routes/phm-rul.test.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../assets/index.ts';
import { listRegisteredModels, readCmapss, saveModel, trainRulModel } from '../phm/index.ts';
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
