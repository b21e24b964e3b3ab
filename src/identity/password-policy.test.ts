import { describe, expect, it } from 'vitest';
import type { RongheError } from '../kernel/index.ts';
import {
  checkPassword,
  passwordExpired,
  passwordProfiles,
  refuseReused,
} from './password-policy.ts';

const { standard, mlps3 } = passwordProfiles;

/** The rule a refusal names, and its Chinese message. */
function refusal(fn: () => void): { rule: string; zh: string } {
  try {
    fn();
  } catch (e) {
    const err = e as RongheError;
    const [detail] = err.details as Array<{ rule?: string; reason: string }>;
    return { rule: detail!.reason, zh: err.messageIn('zh-CN') };
  }
  throw new Error('accepted');
}

describe('password policy', () => {
  it('refuses the passwords guessed first under every profile, naming the rule', () => {
    for (const p of ['12345678', 'password', 'Password', 'PASSWORD123', 'aaaaaaaaaa', 'abcdefghij'])
      expect(refusal(() => checkPassword(standard, p)).rule).toBe('password.common');
    const r = refusal(() => checkPassword(standard, '12345678'));
    expect(r.zh).toContain('最常被猜中');
  });

  it('counts length in characters, so a Chinese passphrase is as long as it looks', () => {
    expect(refusal(() => checkPassword(standard, 'short1')).rule).toBe('password.minLength');
    expect(() => checkPassword(standard, '融合平台运维口令')).not.toThrow(); // 8 characters
    expect(refusal(() => checkPassword(standard, '融合平台口令')).zh).toContain(
      '至少 8 个字符（当前 6 个）',
    );
  });

  it('mlps3 refuses the e-mail name or the user name inside the password', () => {
    const ctx = { email: 'wang.lei@plant.cn', name: 'Wang Lei' };
    expect(refusal(() => checkPassword(mlps3, 'Wang.Lei-2026', ctx)).rule).toBe(
      'password.personal',
    );
    expect(refusal(() => checkPassword(mlps3, 'x-WangLei-7', ctx)).rule).toBe('password.personal');
    expect(() => checkPassword(mlps3, 'Correct horse 7', ctx)).not.toThrow();
    expect(() => checkPassword(standard, 'wang.lei-2026', ctx)).not.toThrow(); // mlps3 only
  });

  it('mlps3 wants three character classes; standard does not', () => {
    expect(() => checkPassword(standard, 'longenough')).not.toThrow();
    const r = refusal(() => checkPassword(mlps3, 'longenough'));
    expect(r.rule).toBe('password.classes');
    expect(r.zh).toContain('至少 3 类（当前 1 类）');
    expect(() => checkPassword(mlps3, 'Longenough7')).not.toThrow();
    expect(() => checkPassword(mlps3, 'long enough 7')).not.toThrow();
  });

  it('names the history rule, and ages passwords only when the policy says so', () => {
    expect(refusal(() => refuseReused(mlps3)).rule).toBe('password.history');
    const day = 86_400_000;
    expect(passwordExpired(standard, 0, 1000 * day)).toBe(false);
    expect(passwordExpired(mlps3, 0, 90 * day)).toBe(false);
    expect(passwordExpired(mlps3, 0, 91 * day)).toBe(true);
  });
});
