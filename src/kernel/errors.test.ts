import { describe, expect, it } from 'vitest';
import { RongheError, errorCatalogue, invalidData, newId } from './index.ts';

describe('error catalogue', () => {
  it('maps each code to its status and a JSON body', () => {
    const e = new RongheError('RONGHE_NOT_FOUND', "Asset 'x' was not found.", { id: 'x' });
    expect(e.status).toBe(404);
    expect(e.toBody()).toEqual({
      code: 'RONGHE_NOT_FOUND',
      message: "Asset 'x' was not found.",
      details: { id: 'x' },
    });
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^RONGHE_[A-Z_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('names file and line of malformed data', () => {
    const e = invalidData(
      { file: 'a.csv', line: 7, field: 'value' },
      { en: 'not a number: "x"', 'zh-CN': '不是数字：“x”' },
    );
    expect(e.message).toBe('a.csv, line 7, value: not a number: "x"');
    expect(e.status).toBe(422);
  });

  it('makes prefixed unique ids', () => {
    const a = newId('asset');
    expect(a).toMatch(/^as_[0-9a-hjkmnp-tv-z]{16}$/);
    expect(newId('asset')).not.toBe(a);
  });
});
