// Reader of CWRU-style vibration CSV files: a header line naming the columns, then one sample per
// line. The drive-end column is `de_accel_g` (acceleration in g); other columns are ignored.
// A missing column, an empty or non-numeric field fails with the file and line.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { invalidData } from '../../kernel/index.ts';
import { readText } from './read-text.ts';

export const CWRU_COLUMN = 'de_accel_g';

export function parseVibrationCsv(text: string, file: string, column = CWRU_COLUMN): Float64Array {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = header.indexOf(column);
  if (col < 0)
    throw invalidData(
      { file, line: 1, field: column },
      {
        en: `header '${lines[0] ?? ''}' has no column '${column}'`,
        'zh-CN': `表头“${lines[0] ?? ''}”中没有列“${column}”`,
      },
    );
  const out = new Float64Array(lines.length);
  let n = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const f = (line.split(',')[col] ?? '').trim();
    const v = Number(f);
    if (f === '' || !Number.isFinite(v))
      throw invalidData(
        { file, line: i + 1, field: column },
        { en: `'${f}' is not a finite number`, 'zh-CN': `“${f}”不是有限数值` },
      );
    out[n++] = v;
  }
  return out.slice(0, n);
}

export function readVibrationCsv(path: string): Float64Array {
  return parseVibrationCsv(readText(path), basename(path));
}

/** Class label of a CWRU file: its name up to the first underscore (e.g. `IR007_0_DE_12k.csv`). */
export function labelOfFile(name: string): string {
  return (
    basename(name)
      .replace(/\.csv$/i, '')
      .split('_')[0] ?? ''
  );
}

/** All `*.csv` files in a folder, sorted by name, with their labels and signals. */
export function readVibrationDir(
  dir: string,
): { file: string; label: string; signal: Float64Array }[] {
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort();
  if (files.length === 0)
    throw invalidData(
      { file: dir },
      { en: 'no .csv files in this folder', 'zh-CN': '此文件夹中没有 .csv 文件' },
    );
  return files.map((f) => ({
    file: f,
    label: labelOfFile(f),
    signal: readVibrationCsv(join(dir, f)),
  }));
}
