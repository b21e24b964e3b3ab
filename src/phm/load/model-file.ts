// Model files: JSON with a `kind` and `version` so that a bearing model is never loaded as a RUL
// model and an old format is refused with a clear message. Non-finite numbers (an infinite
// conformal half-width from too few calibration residuals) are written as strings.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { invalidData } from '../../kernel/index.ts';
import { readText } from './read-text.ts';

export function saveModel(path: string, model: { kind: string; version: number }): void {
  const text = JSON.stringify(model, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v)
      ? String(v)
      : ArrayBuffer.isView(v)
        ? Array.from(v as unknown as ArrayLike<number>)
        : v,
  );
  writeFileSync(path, text);
}

export function loadModel<T extends { kind: string; version: number }>(
  path: string,
  kind: T['kind'],
  version: T['version'],
): T {
  const file = basename(path);
  const text = readText(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_k, v: unknown) =>
      v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v,
    );
  } catch (e) {
    throw invalidData({ file }, `not a model file (${(e as Error).message})`);
  }
  const m = parsed as Partial<T> | null;
  if (!m || typeof m !== 'object' || m.kind !== kind)
    throw invalidData(
      { file, field: 'kind' },
      `expected a '${kind}' model, found '${String(m?.kind)}'`,
    );
  if (m.version !== version)
    throw invalidData(
      { file, field: 'version' },
      `model version ${String(m.version)} is not supported (expected ${version}); retrain`,
    );
  return m as T;
}
