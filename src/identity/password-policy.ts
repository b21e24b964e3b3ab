// The password policy (GB/T 22239-2019 8.1.4.1 a: "口令应有复杂度要求并定期更换" — passwords
// with complexity rules, changed periodically). Two profiles: `standard`, after NIST SP
// 800-63B §5.1.1.2 (a minimum length and a list of passwords known to be guessed first, no
// composition rules), and `mlps3`, what a level-3 assessment expects (three of four character
// classes, no reuse of the last five, a change every 90 days). Each rule is also set on its own
// (config.ts). A refusal names the rule it broke, in Chinese and English.
import { RongheError, reason, type Localized } from '../kernel/index.ts';

export interface PasswordPolicy {
  minLength: number;
  /** Of lower case, upper case, digits and other characters, how many must appear. */
  classes: number;
  /** How many earlier passwords of the user may not be used again (0: none kept). */
  history: number;
  /** Days a password may be used before it must be changed (0: no limit). */
  maxAgeDays: number;
  /** Whether the e-mail's name or the user's name may not appear in the password. */
  personal: boolean;
}

/** How long a console session lives (GB/T 22239-2019 8.1.4.1 b, "登录连接超时自动退出"). */
export interface SessionPolicy {
  /** Minutes without a request after which a session ends (0: never). */
  idleMinutes: number;
  /** Hours after login that a session ends whatever its use. */
  lifetimeHours: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMinutes: 30, lifetimeHours: 12 };

export const passwordProfiles = {
  standard: { minLength: 8, classes: 1, history: 0, maxAgeDays: 0, personal: false },
  mlps3: { minLength: 8, classes: 3, history: 5, maxAgeDays: 90, personal: true },
} as const satisfies Record<string, PasswordPolicy>;

/**
 * Guessed first by every password-spraying list, and so refused whatever the policy (NIST SP
 * 800-63B §5.1.1.2, "passwords obtained from previous breach corpuses", "dictionary words",
 * "repetitive or sequential characters"). Compared case-insensitively.
 */
const COMMON = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '00000000',
  '88888888',
  '66666666',
  '12341234',
  '11223344',
  '123123123',
  '147258369',
  '1qaz2wsx',
  'qwertyui',
  'qwerty123',
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'iloveyou',
  'admin123',
  'admin@123',
  'administrator',
  'abc12345',
  'abcd1234',
  'a1234567',
  'woaini1314',
  'woaini520',
  'qq123456',
  'letmein1',
  'welcome1',
  'changeme',
  'sunshine',
  'football',
  'baseball',
  'superman',
  'trustno1',
  'zxcvbnm1',
  'asdfghjk',
  'asdf1234',
  'root1234',
  'test1234',
  'ronghe123',
  'ronghe2026',
]);

const CLASSES: Array<[RegExp, Localized]> = [
  [/[a-z]/, { en: 'lower-case letters', 'zh-CN': '小写字母' }],
  [/[A-Z]/, { en: 'upper-case letters', 'zh-CN': '大写字母' }],
  [/[0-9]/, { en: 'digits', 'zh-CN': '数字' }],
  [/[^a-zA-Z0-9]/, { en: 'other characters', 'zh-CN': '其他字符' }],
];

function refuse(field: string, rule: string, text: Localized, params = {}): never {
  throw RongheError.of('RONGHE_VALIDATION', { field, reason: reason(text, params) }, [
    { field, reason: rule },
  ]);
}

/** Repeated or running characters only (`aaaaaaaa`, `12345678`, `abcdefgh`). */
function monotonous(p: string): boolean {
  const codes = [...p].map((c) => c.codePointAt(0)!);
  const steps = new Set(codes.slice(1).map((c, i) => c - codes[i]!));
  return steps.size === 1 && [...steps].every((s) => Math.abs(s) <= 1);
}

/**
 * Refuses a password that breaks a rule, naming the rule (`password.minLength`, …). `context`:
 * what the password must not contain (the e-mail's local part, the user's name).
 */
export function checkPassword(
  policy: PasswordPolicy,
  password: string,
  context: { email?: string; name?: string } = {},
  field = 'password',
): void {
  const length = [...password].length;
  if (length < policy.minLength)
    refuse(
      field,
      'password.minLength',
      {
        en: 'at least {min} characters (this one has {n}).',
        'zh-CN': '至少 {min} 个字符（当前 {n} 个）。',
      },
      { min: policy.minLength, n: length },
    );
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || monotonous(password))
    refuse(field, 'password.common', {
      en: 'one of the passwords guessed first; choose another.',
      'zh-CN': '属于最常被猜中的密码，请另选。',
    });
  const local = context.email?.split('@')[0]?.toLowerCase();
  const name = context.name?.toLowerCase().replace(/\s+/g, '');
  for (const part of policy.personal ? [local, name] : [])
    if (part && part.length >= 3 && lower.includes(part))
      refuse(field, 'password.personal', {
        en: 'must not contain your e-mail name or user name.',
        'zh-CN': '不得包含邮箱用户名或姓名。',
      });
  const present = CLASSES.filter(([re]) => re.test(password));
  if (present.length < policy.classes) {
    const all = CLASSES.map(([, n]) => n);
    refuse(
      field,
      'password.classes',
      {
        en: `at least {k} of: ${all.map((n) => n.en).join(', ')} (this one has {n}).`,
        'zh-CN': `须包含${all.map((n) => n['zh-CN']).join('、')}中的至少 {k} 类（当前 {n} 类）。`,
      },
      { k: policy.classes, n: present.length },
    );
  }
}

/** The refusal for a password used before (the history check itself needs the hashes). */
export function refuseReused(policy: PasswordPolicy, field = 'password'): never {
  return refuse(
    field,
    'password.history',
    {
      en: 'used before; the last {n} passwords may not be used again.',
      'zh-CN': '近期用过；最近 {n} 个密码不可重复使用。',
    },
    { n: policy.history },
  );
}

/** Whether a password set at `changedAt` has outlived the policy's maximum age. */
export function passwordExpired(policy: PasswordPolicy, changedAt: number, now = Date.now()) {
  return policy.maxAgeDays > 0 && now - changedAt > policy.maxAgeDays * 86_400_000;
}
