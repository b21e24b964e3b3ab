// Against the standards' own test vectors: GB/T 32905-2016 (SM3) Appendix A, examples 1 and 2;
// GB/T 32907-2016 (SM4) Appendix A, example 1. HMAC-SM3 against RFC 2104's construction
// computed by hand from SM3 itself.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestHex, hmac, openField, sealField, sm4Block } from './gm.ts';

describe('国密 primitives', () => {
  it('SM3 gives the digests of GB/T 32905-2016 Appendix A', () => {
    expect(digestHex('sm3', 'abc')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(digestHex('sm3', 'abcd'.repeat(16))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('SM4 encrypts and decrypts the block of GB/T 32907-2016 Appendix A example 1', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = sm4Block(key, key);
    expect(c.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(sm4Block(key, c, true).toString('hex')).toBe('0123456789abcdeffedcba9876543210');
  });

  it('HMAC-SM3 is RFC 2104 over SM3', () => {
    const key = Buffer.from('ronghe-audit-key');
    const msg = '审计记录 audit record';
    const block = Buffer.alloc(64);
    key.copy(block);
    const pad = (b: number) => Buffer.from(block.map((x) => x ^ b));
    const inner = Buffer.from(
      digestHex('sm3', Buffer.concat([pad(0x36), Buffer.from(msg)])),
      'hex',
    );
    const outer = digestHex('sm3', Buffer.concat([pad(0x5c), inner]));
    expect(hmac('sm3', key, msg).toString('hex')).toBe(outer);
  });

  it('seals and opens fields with SM4 or AES, and refuses an altered one', () => {
    const key = randomBytes(32);
    for (const cipher of ['sm4-ctr-hmac-sm3', 'aes-256-gcm'] as const) {
      const sealed = sealField(cipher, key, '王磊 wang.lei@plant.cn 138-0000-0000');
      expect(sealed).not.toContain('wang');
      expect(openField(key, sealed)).toBe('王磊 wang.lei@plant.cn 138-0000-0000');
      const parts = sealed.split('.');
      const body = Buffer.from(parts[3]!, 'base64url');
      body[0] = body[0]! ^ 1;
      parts[3] = body.toString('base64url');
      expect(() => openField(key, parts.join('.'))).toThrow();
      expect(() => openField(randomBytes(32), sealed)).toThrow();
    }
  });
});
