// `ronghe phm …`: RUL models for C-MAPSS and bearing diagnosis for CWRU-style vibration files.
// File reading lives here and in src/phm/load; the models themselves are pure (src/phm/analytics).
import { parseArgs } from 'node:util';
import { invalidData, isRongheError, reasonOf } from '../../kernel/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { registryUsage, runBearingRegistry, runRulRegistry } from './phm-registry.ts';
import {
  loadModel,
  phm08Score,
  predictRul,
  readCmapss,
  readRulTruth,
  rmse,
  saveModel,
  trainRulModel,
  type RulModel,
  diagnoseBearing,
  readVibrationCsv,
  readVibrationDir,
  trainBearingModel,
  type BearingModel,
} from '../../phm/index.ts';

const usage = `Usage:
  ronghe phm rul train --data <train_FD00x.txt> --out <model-file> [--seed N]
  ronghe phm rul predict --model <model-file> --data <test_FD00x.txt>
      CSV on stdout: unit,rul,lower,upper,lower80,upper80 (one line per unit, at its last
      cycle; lower/upper the 90 % interval, lower80/upper80 the 80 % one, empty for models
      trained before both were calibrated)
  ronghe phm rul evaluate --model <model-file> --data <test_FD00x.txt> --truth <RUL_FD00x.txt>
${registryUsage}
  ronghe phm bearing train --data-dir <dir of CSVs> --out <model-file> [--fs 12000] [--rpm 1797]
  ronghe phm bearing predict --model <model-file> --fs 12000 --rpm 1797 --window 4096 <file.csv>
      one label per consecutive non-overlapping window, one per line
  ronghe phm bearing explain … (same options as predict): label, severity and defect-frequency
      evidence per window as JSON lines`;

function need(v: string | undefined, flag: string): string {
  if (v === undefined || v === '') throw new UsageError(`missing ${flag}`);
  return v;
}

/** Adds the file name to an invalid-data error raised by a core that does not know it. */
function inFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isRongheError(e) && e.code === 'RONGHE_INVALID_DATA') {
      const d = (e.details ?? {}) as { file?: string; field?: string; reason?: string };
      if (d.file === undefined) throw invalidData({ file, field: d.field }, reasonOf(e));
    }
    throw e;
  }
}

function predictFile(model: RulModel, data: string) {
  return inFile(data, () => predictRul(model, readCmapss(data)));
}

function seedOf(s: string | undefined): number {
  const seed = Number(s ?? '1');
  if (!Number.isInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got '${s}'`);
  return seed;
}

const rulOptions = {
  data: { type: 'string' },
  out: { type: 'string' },
  model: { type: 'string' },
  truth: { type: 'string' },
  seed: { type: 'string' },
} as const;

function runRul(action: string | undefined, argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: rulOptions, strict: true });
  switch (action) {
    case 'train': {
      const units = readCmapss(need(values.data, '--data'));
      const out = need(values.out, '--out');
      const t0 = Date.now();
      const model = trainRulModel(units, {
        seed: seedOf(values.seed),
        onProgress: (m) => console.error(m),
      });
      saveModel(out, model);
      console.error(
        `rul: trained in ${((Date.now() - t0) / 1000).toFixed(1)} s; model written to ${out}`,
      );
      return 0;
    }
    case 'predict': {
      const model = loadModel<RulModel>(need(values.model, '--model'), 'ronghe.phm.rul-gbt', 2);
      const preds = predictFile(model, need(values.data, '--data'));
      const lines = ['unit,rul,lower,upper,lower80,upper80'];
      const f = (v: number | undefined) => (v === undefined ? '' : v.toFixed(2));
      for (const p of preds)
        lines.push(
          [p.unit, f(p.rul), f(p.lower), f(p.upper), f(p.lower80), f(p.upper80)].join(','),
        );
      console.log(lines.join('\n'));
      return 0;
    }
    case 'evaluate': {
      const model = loadModel<RulModel>(need(values.model, '--model'), 'ronghe.phm.rul-gbt', 2);
      const preds = predictFile(model, need(values.data, '--data'));
      const truthFile = need(values.truth, '--truth');
      const truth = readRulTruth(truthFile);
      if (truth.length !== preds.length) {
        throw invalidData(
          { file: truthFile },
          {
            en: `${truth.length} true RUL values but the test file has ${preds.length} units`,
            'zh-CN': `真实 RUL 有 ${truth.length} 个值，但测试文件有 ${preds.length} 个单元`,
          },
        );
      }
      const rul = preds.map((p) => p.rul);
      console.log(
        `units ${preds.length}\nRMSE ${rmse(rul, truth).toFixed(3)}\nscore ${phm08Score(rul, truth).toFixed(1)}`,
      );
      return 0;
    }
    default:
      throw new UsageError(
        `unknown rul action '${action ?? ''}' (train, predict, evaluate, register, activate)`,
      );
  }
}

const bearingOptions = {
  'data-dir': { type: 'string' },
  out: { type: 'string' },
  model: { type: 'string' },
  fs: { type: 'string' },
  rpm: { type: 'string' },
  window: { type: 'string' },
} as const;

function num(v: string | undefined, flag: string, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  const x = Number(need(v, flag));
  if (!Number.isFinite(x) || x <= 0)
    throw new UsageError(`${flag} must be a positive number, got '${v}'`);
  return x;
}

function runBearing(action: string | undefined, argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: bearingOptions,
    strict: true,
    allowPositionals: true,
  });
  switch (action) {
    case 'train': {
      const dir = need(values['data-dir'], '--data-dir');
      const out = need(values.out, '--out');
      const records = readVibrationDir(dir);
      console.error(
        `bearing: ${records.length} files, classes ${[...new Set(records.map((r) => r.label))].join(' ')}`,
      );
      const model = trainBearingModel(records, {
        fs: num(values.fs, '--fs', 12000),
        rpm: num(values.rpm, '--rpm', 1797),
        window: num(values.window, '--window', 4096),
      });
      saveModel(out, model);
      console.error(`bearing: model written to ${out}`);
      return 0;
    }
    case 'predict':
    case 'explain': {
      const model = loadModel<BearingModel>(need(values.model, '--model'), 'ronghe.phm.bearing', 1);
      if (positionals.length !== 1) throw new UsageError('give exactly one CSV file');
      const file = positionals[0] as string;
      const setup = {
        fs: num(values.fs, '--fs'),
        rpm: num(values.rpm, '--rpm'),
        window: num(values.window, '--window', model.window),
        source: file,
      };
      const result = diagnoseBearing(model, readVibrationCsv(file), setup);
      const lines = result.map((d) => (action === 'predict' ? d.label : JSON.stringify(d)));
      console.log(lines.join('\n'));
      return 0;
    }
    default:
      throw new UsageError(
        `unknown bearing action '${action ?? ''}' (train, predict, explain, register, activate)`,
      );
  }
}

export const command: CliCommand = {
  name: 'phm',
  summary: 'Remaining-useful-life models (C-MAPSS) and bearing fault diagnosis (CWRU)',
  usage,
  run(argv) {
    const [area, action, ...rest] = argv;
    switch (area) {
      case 'rul':
        if (action === 'register' || action === 'activate') return runRulRegistry(action, rest);
        return Promise.resolve(runRul(action, rest));
      case 'bearing':
        if (action === 'register' || action === 'activate') return runBearingRegistry(action, rest);
        return Promise.resolve(runBearing(action, rest));
      default:
        throw new UsageError(`unknown area '${area ?? ''}' (rul, bearing)`);
    }
  },
};
