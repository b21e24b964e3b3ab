// Attachment files beside a backup: what is copied (not a write in progress), what a second
// backup to the same name says, and what a restore moves aside.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { backupAttachments, restoreAttachments } from './backup-attachments.ts';

const root = mkdtempSync(join(tmpdir(), 'ronghe-bk-att-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('copies the files but not a write in progress, refuses an existing copy, restores aside', () => {
  const live = join(root, 'live');
  mkdirSync(join(live, 'attachments', 'tn_a'), { recursive: true });
  writeFileSync(join(live, 'attachments', 'tn_a', 'at_1'), 'one');
  writeFileSync(join(live, 'attachments', 'tn_a', 'at_2.tmp'), 'half');
  const file = join(root, 'b.db');
  expect(backupAttachments(join(live, 'ronghe.db'), file)).toEqual({
    dir: `${file}.attachments`,
    files: 1,
  });
  expect(() => backupAttachments(join(live, 'ronghe.db'), file)).toThrow(
    /b\.db\.attachments exists/,
  );
  // Nothing to copy: no directory beside the backup, and nothing said.
  expect(backupAttachments(join(root, 'empty', 'ronghe.db'), join(root, 'c.db'))).toBeUndefined();

  const other = join(root, 'other');
  mkdirSync(join(other, 'attachments', 'tn_b'), { recursive: true });
  writeFileSync(join(other, 'attachments', 'tn_b', 'at_9'), 'nine');
  const aside = join(other, 'before-restore-1');
  expect(restoreAttachments(file, join(other, 'ronghe.db'), aside)).toMatch(
    /\(1 attachment file\)$/,
  );
  expect(readFileSync(join(other, 'attachments', 'tn_a', 'at_1'), 'utf8')).toBe('one');
  expect(readdirSync(join(other, 'attachments'))).toEqual(['tn_a']);
  expect(readFileSync(join(aside, 'attachments', 'tn_b', 'at_9'), 'utf8')).toBe('nine');
});
