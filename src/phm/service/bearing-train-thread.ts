// Worker-thread entry of bearing training (bearing-jobs.ts): trains on the first 80 % of each
// labelled signal, scores the windows of the last 20 % it never saw, and posts progress, then
// the model and its validation figures. Runs off the event loop so the API keeps answering.
import { parentPort, workerData } from 'node:worker_threads';
import { diagnoseBearing, trainBearingModel } from '../analytics/bearing-model.ts';

interface Input {
  signals: { label: string; samples: Float64Array }[];
  setup: { fs: number; rpm: number; window: number };
}

const post = (m: unknown) => parentPort?.postMessage(m);

try {
  const { signals, setup } = workerData as Input;
  const cut = (s: Float64Array) => Math.floor(s.length * 0.8);
  post({ kind: 'progress', progress: 0.05, message: 'training' });
  const model = trainBearingModel(
    signals.map((s) => ({ label: s.label, signal: s.samples.subarray(0, cut(s.samples)) })),
    setup,
  );
  post({ kind: 'progress', progress: 0.8, message: 'validating on held-out windows' });
  let right = 0;
  let total = 0;
  const perClass: Record<string, { windows: number; right: number }> = {};
  for (const s of signals) {
    const held = s.samples.subarray(cut(s.samples));
    if (held.length < setup.window) continue;
    const c = (perClass[s.label] ??= { windows: 0, right: 0 });
    for (const d of diagnoseBearing(model, held, setup)) {
      total++;
      c.windows++;
      if (d.label === s.label) {
        right++;
        c.right++;
      }
    }
  }
  post({
    kind: 'done',
    model,
    metrics: {
      heldOutWindows: total,
      heldOutAccuracy: total ? right / total : null,
      perClass,
      classes: model.classifier.classes,
      fs: setup.fs,
      rpm: setup.rpm,
      window: setup.window,
    },
  });
} catch (e) {
  post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
}
