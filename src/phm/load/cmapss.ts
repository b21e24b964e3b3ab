// Parser of the NASA C-MAPSS text files (train_/test_FD00x.txt, RUL_FD00x.txt): space-separated,
// 26 columns per row (unit, cycle, 3 settings, 21 sensors), rows grouped by unit with cycles
// 1, 2, 3, …. Malformed input fails with an error naming file, line and column — never a NaN.
import { basename } from 'node:path';
import { invalidData } from '../../kernel/index.ts';
import { readText } from './read-text.ts';
import { SENSORS, SETTINGS, type EngineUnit } from '../analytics/engine-unit.ts';

const COLUMNS = 2 + SETTINGS + SENSORS;

function columnName(c: number): string {
  if (c === 0) return 'unit';
  if (c === 1) return 'cycle';
  if (c < 2 + SETTINGS) return `setting ${c - 1}`;
  return `sensor ${c - 1 - SETTINGS}`;
}

function parseRow(line: string, file: string, lineNo: number): number[] {
  const fields = line.trim().split(/\s+/);
  if (fields.length !== COLUMNS) {
    throw invalidData(
      { file, line: lineNo },
      {
        en: `expected ${COLUMNS} space-separated columns (unit, cycle, 3 settings, 21 sensors), found ${fields.length}`,
        'zh-CN': `应为 ${COLUMNS} 个以空格分隔的列（单元、周期、3 个设置、21 个传感器），实有 ${fields.length} 个`,
      },
    );
  }
  return fields.map((f, c) => {
    const v = Number(f);
    if (f === '' || !Number.isFinite(v))
      throw invalidData(
        { file, line: lineNo, field: columnName(c) },
        { en: `'${f}' is not a finite number`, 'zh-CN': `“${f}”不是有限数值` },
      );
    return v;
  });
}

interface Acc {
  unit: number;
  settings: number[];
  sensors: number[];
  length: number;
}

function finish(a: Acc): EngineUnit {
  return {
    unit: a.unit,
    length: a.length,
    settings: Float64Array.from(a.settings),
    sensors: Float64Array.from(a.sensors),
  };
}

/** Units of a C-MAPSS train or test file, in file order. */
export function parseCmapss(text: string, file: string): EngineUnit[] {
  const units: EngineUnit[] = [];
  const seen = new Set<number>();
  let cur: Acc | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const row = parseRow(line, file, i + 1);
    const [unit, cycle] = row as [number, number];
    if (!cur || cur.unit !== unit) {
      if (cur) units.push(finish(cur));
      if (seen.has(unit))
        throw invalidData(
          { file, line: i + 1, field: 'unit' },
          {
            en: `unit ${unit} appears again after other units; rows must be grouped by unit`,
            'zh-CN': `单元 ${unit} 在其他单元之后再次出现；各行必须按单元分组`,
          },
        );
      seen.add(unit);
      cur = { unit, settings: [], sensors: [], length: 0 };
    }
    if (cycle !== cur.length + 1)
      throw invalidData(
        { file, line: i + 1, field: 'cycle' },
        {
          en: `unit ${unit}: expected cycle ${cur.length + 1}, found ${cycle}`,
          'zh-CN': `单元 ${unit}：应为周期 ${cur.length + 1}，实为 ${cycle}`,
        },
      );
    cur.settings.push(...row.slice(2, 2 + SETTINGS));
    cur.sensors.push(...row.slice(2 + SETTINGS));
    cur.length++;
  });
  if (cur) units.push(finish(cur));
  if (units.length === 0)
    throw invalidData({ file }, { en: 'no data rows', 'zh-CN': '没有数据行' });
  return units;
}

/** True RUL per test unit (RUL_FD00x.txt): one non-negative number per line. */
export function parseRulTruth(text: string, file: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const f = line.trim();
    if (f === '') return;
    const v = Number(f);
    if (!Number.isFinite(v) || v < 0)
      throw invalidData(
        { file, line: i + 1 },
        { en: `'${f}' is not a non-negative number`, 'zh-CN': `“${f}”不是非负数` },
      );
    out.push(v);
  });
  return out;
}

export function readCmapss(path: string): EngineUnit[] {
  return parseCmapss(readText(path), basename(path));
}

export function readRulTruth(path: string): number[] {
  return parseRulTruth(readText(path), basename(path));
}
