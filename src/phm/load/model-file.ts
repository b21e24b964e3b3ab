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
    throw invalidData(
      { file },
      {
        en: `not a model file (${(e as Error).message})`,
        'zh-CN': '不是模型文件（JSON 无法解析）',
      },
    );
  }
  const m = parsed as Partial<T> | null;
  if (!m || typeof m !== 'object' || m.kind !== kind)
    throw invalidData(
      { file, field: 'kind' },
      {
        en: `expected a '${kind}' model, found '${String(m?.kind)}'`,
        'zh-CN': `应为“${kind}”模型，实为“${String(m?.kind)}”`,
      },
    );
  if (m.version !== version)
    throw invalidData(
      { file, field: 'version' },
      {
        en: `model version ${String(m.version)} is not supported (expected ${version}); retrain`,
        'zh-CN': `不支持模型版本 ${String(m.version)}（应为 ${version}），请重新训练`,
      },
    );
  return m as T;
}
