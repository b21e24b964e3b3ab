// The second factor (GB/T 22239-2019 8.1.4.1 d): TOTP (RFC 6238) with recovery codes. The
// secret is made here, shown once (base32 and an otpauth:// URI) and kept sealed with the
// operator's key (kernel/gm.ts; AES-256-GCM or SM4); an enrolment counts once a first code
// proves the app holds it. A code is accepted once: the last accepted time step is stored and
// moved forward with a conditional update, so two requests racing with one code cannot both
// win. Recovery codes are stored as SHA-256 hashes and each works once.
import { createHash, randomBytes } from 'node:crypto';
import { RongheError, randomBase32, type TenantId } from '../kernel/index.ts';
import { openField, sealField, type FieldCipher } from '../kernel/gm.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';
import { base32Encode, matchTotp, otpauthUri } from './totp.ts';

export interface MfaOptions {
  /** The operator's 32-byte key (RONGHE_SECRET_KEY or the data directory's key file). */
  key: Uint8Array;
  cipher?: FieldCipher;
  /** Shown by the authenticator app beside the account. */
  issuer?: string;
}

export interface MfaStatus {
  enrolled: boolean;
  recoveryCodesLeft: number;
}

export type SecondFactor = 'totp' | 'recovery';

interface Who {
  id: string;
  email: string;
  tenantId: string | null;
}

const RECOVERY_CODES = 10;
const hashCode = (code: string): string =>
  createHash('sha256').update(normaliseCode(code)).digest('hex');
const normaliseCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();
/** 16 base32 characters (80 bits), shown in groups of four. */
const newRecoveryCode = (): string => randomBase32(16).match(/.{4}/g)!.join('-');

export function createMfa(db: Db, opts: MfaOptions) {
  const cipher = opts.cipher ?? 'aes-256-gcm';
  const issuer = opts.issuer ?? 'Ronghe';

  async function row(userId: string) {
    return db.kysely
      .selectFrom('user_totp')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }
  const secretOf = (sealed: string) => Buffer.from(openField(opts.key, sealed), 'base64');

  /** Moves the last accepted step forward; false when a request with that code got there first. */
  async function consume(userId: string, step: number): Promise<boolean> {
    const r = await db.kysely
      .updateTable('user_totp')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  return {
    async status(userId: string): Promise<MfaStatus> {
      const r = await row(userId);
      const left = await db.kysely
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { enrolled: Boolean(r?.confirmed_at), recoveryCodesLeft: Number(left.n) };
    },

    /** A new secret, replacing an unconfirmed one; refused while a confirmed one exists. */
    async startEnrolment(user: Who): Promise<{ secret: string; uri: string }> {
      const r = await row(user.id);
      if (r?.confirmed_at)
        throw new RongheError('RONGHE_CONFLICT', {
          en: 'A second factor is enrolled already; an administrator resets it before a new one.',
          'zh-CN': '已绑定动态口令；如需更换，请管理员先重置。',
        });
      const secret = randomBytes(20); // 160 bits, RFC 4226 §4 R6
      const sealed = sealField(cipher, opts.key, secret.toString('base64'));
      await db.kysely.deleteFrom('user_totp').where('user_id', '=', user.id).execute();
      await db.kysely
        .insertInto('user_totp')
        .values({
          user_id: user.id,
          secret: sealed,
          confirmed_at: null,
          last_step: null,
          created_at: Date.now(),
        })
        .execute();
      return { secret: base32Encode(secret), uri: otpauthUri(secret, issuer, user.email) };
    },

    /** The first valid code confirms the enrolment; the recovery codes are returned once. */
    async confirmEnrolment(user: Who, code: string, now = Date.now()): Promise<string[]> {
      const r = await row(user.id);
      if (!r || r.confirmed_at)
        throw new RongheError('RONGHE_CONFLICT', {
          en: 'No enrolment is waiting: start one with POST /api/v1/auth/mfa/enrol.',
          'zh-CN': '没有待确认的绑定，请先调用 POST /api/v1/auth/mfa/enrol。',
        });
      const step = matchTotp(secretOf(r.secret), code, now, { lastStep: r.last_step });
      if (step === undefined || !(await consume(user.id, step))) {
        await audit(user, 'user.mfa.enrol.failed', {});
        throw wrongCode();
      }
      const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
      await db.kysely.transaction().execute(async (trx) => {
        await trx
          .updateTable('user_totp')
          .set({ confirmed_at: now })
          .where('user_id', '=', user.id)
          .execute();
        await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
        await trx
          .insertInto('recovery_codes')
          .values(codes.map((c) => ({ code_hash: hashCode(c), user_id: user.id, used_at: null })))
          .execute();
        await recordAudit(trx, auditEntry(user, 'user.mfa.enrol', { recoveryCodes: codes.length }));
      });
      return codes;
    },

    /** A TOTP code or an unused recovery code of an enrolled user; undefined when neither. */
    async verify(user: Who, code: string, now = Date.now()): Promise<SecondFactor | undefined> {
      const r = await row(user.id);
      if (!r?.confirmed_at) return undefined;
      if (/^\d+$/.test(code)) {
        const step = matchTotp(secretOf(r.secret), code, now, { lastStep: r.last_step });
        return step !== undefined && (await consume(user.id, step)) ? 'totp' : undefined;
      }
      const used = await db.kysely
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hashCode(code))
        .where('user_id', '=', user.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(used.numUpdatedRows) === 1 ? 'recovery' : undefined;
    },

    /** An administrator removes a user's second factor (a lost phone); the user enrols anew. */
    async reset(user: Who, actor: string, address: string): Promise<void> {
      await db.kysely.transaction().execute(async (trx) => {
        await trx.deleteFrom('user_totp').where('user_id', '=', user.id).execute();
        await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
        await trx.deleteFrom('login_challenges').where('user_id', '=', user.id).execute();
        await recordAudit(trx, {
          ...auditEntry(user, 'user.mfa.reset', { address }),
          actor,
        });
      });
    },
  };

  function auditEntry(user: Who, action: string, details: Record<string, unknown>) {
    return {
      tenantId: user.tenantId as TenantId | null,
      actor: `user:${user.id}`,
      action,
      entityType: 'user',
      entityId: user.id,
      details,
    };
  }
  function audit(user: Who, action: string, details: Record<string, unknown>) {
    return recordAudit(db.kysely, auditEntry(user, action, details));
  }
}

export type Mfa = ReturnType<typeof createMfa>;

export const wrongCode = (): RongheError =>
  RongheError.of(
    'RONGHE_UNAUTHENTICATED',
    {
      reason: {
        en: 'code: wrong or already used one-time code.',
        'zh-CN': 'code：动态口令错误或已使用过。',
      },
    },
    [{ field: 'code', reason: 'mfa.code' }],
  );
