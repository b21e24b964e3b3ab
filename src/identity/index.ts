// identity: tenants (a manufacturer or service provider), their customers (the asset owners
// they serve, nestable group → plant), users with roles, API keys for machines, tokens for
// devices, sessions for the console, and the audit log of who changed what. Permissions are
// one table (roles.ts) checked at the edge; data scoping (tenant, customer subtree) is a
// `Scope` every service call takes.
export * from './roles.ts';
export type { Principal, Scope } from './principal.ts';
export { hashPassword, verifyPassword, hashSecret } from './secrets.ts';
export {
  recordAudit,
  recordAudits,
  listAudit,
  type AuditEntry,
  type AuditQuery,
  type AuditRecord,
} from './audit.ts';
export {
  createRefusalAudit,
  type RefusalAudit,
  type RefusalAuditOptions,
} from './refusal-audit.ts';
export * from './tenants.ts';
export * from './customers.ts';
export * from './users.ts';
export * from './credentials.ts';
export { subscriberContact, type SubscriberContact } from './subscribers.ts';
export {
  createAuthenticator,
  type Authenticator,
  type AuthenticatorOptions,
} from './authenticate.ts';
export {
  LoginThrottle,
  defaultLoginThrottle,
  type LoginThrottleOptions,
} from './login-throttle.ts';
export {
  createRevocations,
  principalKey,
  type PrincipalRef,
  type Revocations,
} from './revocations.ts';
export {
  getTimeZones,
  setTimeZones,
  timeZoneOf,
  type TimeZoneSettings,
  type TimeZoneInput,
} from './time-zones.ts';
export {
  checkPassword,
  passwordProfiles,
  defaultSessionPolicy,
  type PasswordPolicy,
  type SessionPolicy,
} from './password-policy.ts';
export { setAuditHash } from './audit-chain.ts';
export { verifyAuditChain, type ChainReport, type VerifyOptions } from './audit-verify.ts';
export {
  archiveAudit,
  startAuditArchiver,
  readArchive,
  type AuditArchiver,
  type ArchiveHeader,
  type ArchiveStatus,
  type ArchivedRecord,
} from './audit-archive.ts';
export { resealAuditPersonalData, RESEALED_SCOPE, type ResealReport } from './audit-reseal.ts';
export {
  AUDIT_RETENTION_MIN_DAYS,
  auditRetentionOf,
  setAuditRetention,
} from './audit-retention.ts';
export {
  adminProfiles,
  adminPolicyOf,
  setAdminPolicy,
  type AdminPolicy,
  type EffectivePolicy,
} from './admin-policy.ts';
export { dutyOf, checkDuty, SEPARATION_RULE, type Duty } from './duties.ts';
export { createMfa, wrongCode, type Mfa, type MfaStatus, type SecondFactor } from './mfa.ts';
export {
  createChallenge,
  challengeOf,
  challengeFailed,
  endChallenge,
  CHALLENGE_TTL_MS,
  type ChallengePurpose,
} from './login-challenges.ts';
export { base32Decode, base32Encode, totp, matchTotp, otpauthUri } from './totp.ts';
export {
  listAuditView,
  outcomeOf,
  type AuditViewQuery,
  type AuditViewRecord,
} from './audit-view.ts';
export {
  createPlatformAccount,
  listPlatformAccounts,
  updatePlatformAccount,
  type PlatformAccountPatch,
  platformDuties,
  type PlatformDuty,
} from './administrators.ts';
export { verifyAuditChain as auditChainStatus } from './audit-verify.ts';
export { actorAliases, actorNames, ownIdentity, withActorNames, userActor } from './actor-names.ts';
