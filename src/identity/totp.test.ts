// RFC 6238 Appendix B test vectors (8 digits, 30 s steps, T0 = 0) and RFC 4226 Appendix D
// (HOTP, 6 digits), plus the window and replay rules the login relies on.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totp } from './totp.ts';

const seed20 = Buffer.from('12345678901234567890', 'ascii');
const seed32 = Buffer.from('12345678901234567890123456789012', 'ascii');
const seed64 = Buffer.from(
  '1234567890123456789012345678901234567890123456789012345678901234',
  'ascii',
);

describe('TOTP (RFC 6238)', () => {
  // Appendix B: time (s), SHA-1, SHA-256, SHA-512.
  const vectors: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(vectors)('Appendix B at %i s', (t, sha1, sha256, sha512) => {
    const at = t * 1000;
    expect(totp(seed20, at, { algorithm: 'sha1', digits: 8, period: 30 })).toBe(sha1);
    expect(totp(seed32, at, { algorithm: 'sha256', digits: 8, period: 30 })).toBe(sha256);
    expect(totp(seed64, at, { algorithm: 'sha512', digits: 8, period: 30 })).toBe(sha512);
  });

  it('HOTP matches RFC 4226 Appendix D', () => {
    const d = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583'];
    d.forEach((code, counter) => expect(hotp(seed20, counter)).toBe(code));
  });

  it('accepts one step either side, not two, and never a step already used', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    const at = (k: number) => totp(seed20, now + k * 30_000);
    expect(matchTotp(seed20, at(0), now)).toBe(step);
    expect(matchTotp(seed20, at(-1), now)).toBe(step - 1);
    expect(matchTotp(seed20, at(1), now)).toBe(step + 1);
    expect(matchTotp(seed20, at(-2), now)).toBeUndefined();
    expect(matchTotp(seed20, at(2), now)).toBeUndefined();
    // Replay: the step accepted last time, and any before it, is refused.
    expect(matchTotp(seed20, at(0), now, { lastStep: step })).toBeUndefined();
    expect(matchTotp(seed20, at(-1), now, { lastStep: step })).toBeUndefined();
    expect(matchTotp(seed20, at(1), now, { lastStep: step })).toBe(step + 1);
    expect(matchTotp(seed20, '12345', now)).toBeUndefined();
    expect(matchTotp(seed20, 'abcdef', now)).toBeUndefined();
  });

  it('base32 round-trips (RFC 4648 §10 vectors) and builds the otpauth URI', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(base32Decode('MZ1')).toBeUndefined();
    expect(base32Decode(base32Encode(seed20))).toEqual(seed20);
    expect(base32Encode(seed20)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    const uri = otpauthUri(seed20, 'Ronghe', 'admin@acme.test');
    expect(uri).toBe(
      'otpauth://totp/Ronghe:admin%40acme.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Ronghe&algorithm=SHA1&digits=6&period=30',
    );
  });
});
