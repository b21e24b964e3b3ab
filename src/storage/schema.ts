// Table types for Kysely. Times are epoch milliseconds (bigint in PostgreSQL, integer in
// SQLite); JSON documents are stored as text so one migration set serves both dialects.
import type { ColumnType, Generated } from 'kysely';
import type { TelemetryTables } from './telemetry-schema.ts';
import type { EnergyTables } from './energy-schema.ts';
import type { IdentitySecurityTables } from './identity-security-schema.ts';

export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  created_at: number;
  /** IANA zone its days are cut in (migration 015); Asia/Shanghai by default. */
  time_zone: ColumnType<string, string | undefined, string>;
}

/** A site's own time zone where it differs from the tenant's (migration 015). */
export interface SiteTimeZoneTable {
  tenant_id: string;
  site: string;
  time_zone: string;
  updated_at: number;
}

export interface CustomerTable {
  id: string;
  tenant_id: string;
  parent_id: string | null;
  name: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  tenant_id: string | null;
  customer_id: string | null;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
  /** 1 while the password was set by someone else (migration 012); 0 by default. */
  password_must_change: ColumnType<number, number | undefined, number>;
  /** When the password was last set (migration 028), for its maximum age. */
  password_changed_at?: number | null;
  /** Keyed hash of the lower-cased e-mail (034); `email` and `name` hold ciphertext. */
  email_hash?: string | null;
}

/** The last audit record (seq) a collector took, per export target (034). */
export interface AuditExportTable {
  id: string;
  seq: number;
}

/** The check value of the key personal data is sealed with (034). */
export interface PersonalDataKeyTable {
  id: string;
  key_check: string;
}

/** Earlier password hashes of a user (migration 028), for the policy's no-reuse rule. */
export interface PasswordHistoryTable {
  user_id: string;
  password_hash: string;
  set_at: number;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  /** The session's last request (migration 028), for the idle timeout; null: none yet. */
  last_seen_at?: number | null;
}

export interface ApiKeyTable {
  id: string;
  tenant_id: string | null;
  name: string;
  role: string;
  prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** JSON ApiKeyLineMapping (migration 020), null for the defaults. */
  line_mapping?: string | null;
  /** After this the key is refused (migration 028); null: no expiry. */
  expires_at?: number | null;
}

export interface DeviceCredentialTable {
  token_hash: string;
  device_id: string;
  tenant_id: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
  /** After this the token is refused (migration 028); null: no expiry. */
  expires_at?: number | null;
}

export interface AuditTable {
  id: string;
  tenant_id: string | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  details: string | null;
  at: number;
  /** Place in the audit hash chain (migration 028); null for records written before it. */
  seq?: number | null;
  /** `<alg>:<hex>` over the record and the previous hash (identity/audit-chain.ts). */
  hash?: string | null;
}

export interface AuditChainTable {
  id: string;
  seq: number;
  hash: string;
}

export interface AssetModelTable {
  id: string;
  tenant_id: string;
  name: string;
  category: string;
  description: string;
  properties: string;
  channels: string;
  /** 0 or 1: telemetry may create channels the model does not list. */
  allow_new_channels: number;
  created_at: number;
  updated_at: number;
}

export interface AssetTable {
  id: string;
  tenant_id: string;
  model_id: string | null;
  customer_id: string | null;
  parent_id: string | null;
  level: string;
  name: string;
  serial: string;
  site: string;
  latitude: number | null;
  longitude: number | null;
  install_date: string | null;
  lifecycle: string;
  properties: string;
  created_at: number;
  updated_at: number;
  /** Migration 012; absent from inserts (null until the asset sends telemetry). */
  last_seen_at?: number | null;
}

export interface LifecycleEventTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  from_stage: string | null;
  to_stage: string;
  at: number;
  actor: string;
  note: string;
}

export interface DeviceTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  name: string;
  created_at: number;
  last_seen_at: number | null;
}

export interface Database extends TelemetryTables, EnergyTables, IdentitySecurityTables {
  tenants: TenantTable;
  customers: CustomerTable;
  users: UserTable;
  personal_data_key: PersonalDataKeyTable;
  audit_export: AuditExportTable;
  sessions: SessionTable;
  audit_chain: AuditChainTable;
  password_history: PasswordHistoryTable;
  api_keys: ApiKeyTable;
  device_credentials: DeviceCredentialTable;
  audit_log: AuditTable;
  asset_models: AssetModelTable;
  assets: AssetTable;
  lifecycle_events: LifecycleEventTable;
  devices: DeviceTable;
  site_time_zones: SiteTimeZoneTable;
  /** Reserved for contexts that add tables in later migrations. */
  _placeholder?: { id: Generated<number> };
}
