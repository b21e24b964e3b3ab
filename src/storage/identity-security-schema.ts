// Tables of the second factor and the separated administrators (migration 033).

export interface UserTotpTable {
  user_id: string;
  /** The shared secret sealed with the operator's key (kernel/gm.ts sealField). */
  secret: string;
  /** Null until a first valid code confirms the enrolment. */
  confirmed_at: number | null;
  /** The last time step accepted: codes of it and earlier steps are refused (no replay). */
  last_step: number | null;
  created_at: number;
}

export interface RecoveryCodeTable {
  /** SHA-256 of the code (128 random bits: a slow hash adds nothing). */
  code_hash: string;
  user_id: string;
  used_at: number | null;
}

/** The half-login between a correct password and the second factor. */
export interface LoginChallengeTable {
  token_hash: string;
  user_id: string;
  /** `totp`: prove the code; `enrol`: enrol first (required and not yet enrolled). */
  purpose: string;
  failures: number;
  expires_at: number;
}

/** Per tenant, or `platform` for accounts outside tenants. */
export interface SecuritySettingsTable {
  scope_id: string;
  mfa_admins: number;
  separation: number;
  updated_at: number;
  updated_by: string;
}

/** Every administrator duty (system, security, audit) an account has held. */
export interface AdminDutyTable {
  user_id: string;
  duty: string;
  granted_at: number;
}

/** Days a tenant's (or `platform`'s) audit records stay in the database (migration 036). */
export interface AuditRetentionTable {
  scope_id: string;
  days: number;
  updated_at: number;
  updated_by: string;
}

export interface IdentitySecurityTables {
  user_totp: UserTotpTable;
  recovery_codes: RecoveryCodeTable;
  login_challenges: LoginChallengeTable;
  security_settings: SecuritySettingsTable;
  admin_duties: AdminDutyTable;
  audit_retention: AuditRetentionTable;
}
