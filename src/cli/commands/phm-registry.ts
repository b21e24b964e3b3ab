// `ronghe phm rul|bearing register|activate`: a model file trained offline with `ronghe phm rul
// train` or `ronghe phm bearing train` put into a tenant's PHM registry for an asset model and made the active version (validated on
// test units with their true RUL, or on labelled vibration files, first: the registry keeps
// validation figures with every version), and any registered version made the active one again
// — what the API does at POST /phm/models/rul|bearing and POST /phm/models/{id}/activate, for an
// operator at the server.
import { parseArgs } from 'node:util';
import {
  activateModel,
  loadModel,
  readCmapss,
  readVibrationDir,
  registerBearingModel,
  type BearingModel,
  readRulTruth,
  registerRulModel,
  type RegisteredModel,
  type RulModel,
} from '../../phm/index.ts';
import { UsageError } from '../command.ts';
import { dbOptions, required, tenantScope, withDb } from '../context.ts';

export const registryUsage = `  ronghe phm rul register --tenant <slug> --asset-model <id> --model <model-file>
      --test <test_FD00x.txt> --truth <RUL_FD00x.txt>
      validates the model on the test units, stores it with those figures as the asset model's
      active RUL model (its assets are assessed by it); prints the registered version as JSON
  ronghe phm rul activate --tenant <slug> --id <registered model id>
  ronghe phm bearing register --tenant <slug> --asset-model <id> --model <model-file>
      --test-dir <dir of labelled CSVs the model never saw>
      validates the model on every window of the test files (label: file name up to its first
      underscore), stores it with those figures as the asset model's active bearing model
      (waveforms of its assets are diagnosed by it); prints the registered version as JSON
  ronghe phm bearing activate --tenant <slug> --id <registered model id>
  Options of these: [--data ./data] [--database-url URL]`;

const options = {
  ...dbOptions,
  tenant: { type: 'string' },
  'asset-model': { type: 'string' },
  model: { type: 'string' },
  test: { type: 'string' },
  truth: { type: 'string' },
  'test-dir': { type: 'string' },
  id: { type: 'string' },
} as const;

/** What an operator reads of a registered version: no model body. */
const shown = (m: RegisteredModel) => ({
  id: m.id,
  kind: m.kind,
  assetModelId: m.assetModelId,
  version: m.version,
  status: m.status,
  metrics: m.metrics,
  createdAt: m.createdAt,
});

async function activate(values: ReturnType<typeof parse>): Promise<number> {
  const id = required('id', values.id);
  return withDb(values, async (db) => {
    const m = await activateModel(db, await tenantScope(db, values.tenant), id);
    console.log(JSON.stringify(shown(m), null, 2));
    return 0;
  });
}

const parse = (argv: string[]) => parseArgs({ args: argv, options, strict: true }).values;

export async function runBearingRegistry(action: string, argv: string[]): Promise<number> {
  const values = parse(argv);
  if (action === 'activate') return activate(values);
  const assetModelId = required('asset-model', values['asset-model']);
  // Files are read and checked before the database is opened: a bad line changes nothing.
  const file = required('model', values.model);
  const model = loadModel<BearingModel>(file, 'ronghe.phm.bearing', 1);
  const test = readVibrationDir(required('test-dir', values['test-dir']));
  return withDb(values, async (db) => {
    const scope = await tenantScope(db, values.tenant);
    const m = await registerBearingModel(db, scope, {
      assetModelId,
      model,
      test,
      source: `ronghe phm bearing register --model ${file}`,
    });
    console.log(JSON.stringify(shown(m), null, 2));
    return 0;
  });
}

export async function runRulRegistry(action: string, argv: string[]): Promise<number> {
  const values = parse(argv);
  if (action === 'register') {
    const assetModelId = required('asset-model', values['asset-model']);
    // Files are read and checked before the database is opened: a bad line changes nothing.
    const model = loadModel<RulModel>(required('model', values.model), 'ronghe.phm.rul-gbt', 2);
    const testFile = required('test', values.test);
    const units = readCmapss(testFile);
    const truth = readRulTruth(required('truth', values.truth));
    return withDb(values, async (db) => {
      const scope = await tenantScope(db, values.tenant);
      const m = await registerRulModel(db, scope, {
        assetModelId,
        model,
        test: { units, truth },
        source: `ronghe phm rul register --model ${values.model}`,
      });
      console.log(JSON.stringify(shown(m), null, 2));
      return 0;
    });
  }
  if (action === 'activate') return activate(values);
  throw new UsageError(`unknown rul action '${action}'`);
}
