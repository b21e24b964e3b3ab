import { afterEach, describe, expect, it } from 'vitest';
import { parseLineProtocol } from './line-protocol.ts';
import { ParsePool } from './parse-pool.ts';

const pools: ParsePool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.stop();
});

/** A body well over the offload threshold, with a bad line at `badLine` when given. */
function body(lines: number, badLine?: number): string {
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) {
    if (i === badLine) out.push(`m,asset=A${i % 7} v="text" ${i}`);
    else out.push(`m,asset=A${i % 7} v=${(i * 0.37).toFixed(2)},w=${i}i ${1_700_000_000_000 + i}`);
  }
  return out.join('\n');
}

const plain = (p: ReturnType<typeof parseLineProtocol>) => ({
  rows: p.rows,
  series: p.series,
  ts: Array.from(p.ts),
  lineNo: Array.from(p.lineNo),
  fieldStart: Array.from(p.fieldStart),
  rowKeys: p.rowKeys,
  fieldValue: Array.from(p.fieldValue),
  errors: p.errors,
});

async function threadedPool(): Promise<ParsePool> {
  const pool = new ParsePool(true);
  pools.push(pool);
  // The first large body starts the thread (and is parsed in place meanwhile).
  await pool.parse(Buffer.from(body(1_000)), 'ms', 20);
  for (let i = 0; i < 200 && !(pool as unknown as { ready: boolean }).ready; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((pool as unknown as { ready: boolean }).ready).toBe(true);
  return pool;
}

describe('line-protocol parser thread', () => {
  it('gives exactly what parsing in place gives, good lines and bad', async () => {
    const pool = await threadedPool();
    for (const text of [body(3_000), body(3_000, 1_234), body(2_000, 1)]) {
      const bytes = Buffer.from(text);
      const [a, b] = [await pool.parse(bytes, 'ms', 20), parseLineProtocol(text, 'ms', 20)];
      // The bytes moved to the thread (no copy on the ingest thread).
      expect(bytes.buffer.byteLength).toBe(0);
      expect(plain(a)).toEqual(plain(b));
    }
    const bad = await pool.parse(Buffer.from(body(3_000, 1_234)), 'ms', 20);
    expect(bad.errors).toEqual([{ line: 1_234, reason: expect.stringMatching(/string/) }]);
  });

  it('parses in place once stopped, and in place for small bodies', async () => {
    const pool = await threadedPool();
    await pool.stop();
    const text = body(3_000);
    expect(plain(await pool.parse(Buffer.from(text), 'ms', 20))).toEqual(
      plain(parseLineProtocol(text, 'ms')),
    );
    // Non-ASCII text (UTF-8 bytes) decodes the same on either path.
    const zh = `${text}\n冷水机组,asset=一号 温度=7.5 9`;
    expect((await pool.parse(Buffer.from(zh), 'ms', 20)).series.at(-1)).toEqual({
      measurement: '冷水机组',
      tags: { asset: '一号' },
    });
    const off = new ParsePool(false);
    expect((await off.parse('m,asset=a v=1 5', 'ms', 20)).rows).toBe(1);
  });
});
