// Reads a text file for the PHM loaders; a missing or unreadable file becomes an invalid-data
// error naming the path instead of a raw Node stack trace.
import { readFileSync } from 'node:fs';
import { invalidData } from '../../kernel/index.ts';

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw invalidData(
      { file: path },
      { en: `cannot read the file (${code})`, 'zh-CN': `无法读取文件（${code}）` },
    );
  }
}
