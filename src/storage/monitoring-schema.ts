// Table types of the monitoring context (migrations 003, 009, 010, 022 and 045). The monitoring store uses
// them through `db.kysely.withTables<MonitoringTables>()`, so `Database` need not change.
// Times are epoch ms; JSON documents are text; booleans are 0/1 integers (SQLite has no bool).

export interface MonitoringRuleTable {
  tenant_id: string;
  /** 'model' (inherited by the model's assets) or 'asset' (override). */
  scope: string;
  scope_id: string;
  rule_id: string;
  /** RuleSpec or { id, disabled: true } as JSON. */
  spec: string;
  updated_at: number;
  updated_by: string;
}

export interface AlarmTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  rule_id: string;
  severity: string;
  status: string;
  active: number;
  acknowledged: number;
  /** 1 while open (not both cleared and acknowledged); one open alarm per (asset, rule). */
  open: number;
  raised_at: number;
  last_raised_at: number;
  repeat_count: number;
  cleared_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  assignee: string | null;
  comments: string;
  escalation_level: number;
  escalate_at: number | null;
  suppressed_by: string | null;
  targets: string;
  value: number | null;
  customer_id: string | null;
  model_id: string | null;
}

/** One row per annunciation (raise or repeat): the alarm log behind the ISA-18.2 KPIs. */
export interface AlarmActivationTable {
  id: string;
  tenant_id: string;
  alarm_id: string;
  asset_id: string;
  rule_id: string;
  severity: string;
  raised_at: number;
  cleared_at: number | null;
  acknowledged_at: number | null;
  suppressed: number;
  customer_id: string | null;
  model_id: string | null;
}

export interface AlarmShelfTable {
  tenant_id: string;
  rule_id: string;
  /** '' when the shelf covers every asset. */
  asset_id: string;
  shelved_by: string;
  reason: string;
  at: number;
  until: number;
}

export interface AssetMaintenanceTable {
  tenant_id: string;
  asset_id: string;
  started_by: string;
  reason: string;
  at: number;
}

/** Per-user alarm subscriptions (migration 009); list fields are JSON arrays as text. */
export interface AlarmSubscriptionTable {
  id: string;
  tenant_id: string;
  /** A user id, or an API key id for integrations that read the live feed. */
  subscriber_id: string;
  channels: string;
  min_severity: string;
  customers: string;
  models: string;
  /** null: the default changes (raised, repeated, escalated, cleared). */
  changes: string | null;
  created_at: number;
  updated_at: number;
  /** Migration 022: where the webhook channel posts, and the HMAC key it signs with. */
  webhook_url?: string | null;
  webhook_secret?: string | null;
  /** The language of its e-mail (migration 022): 'zh-CN' or 'en'; null for zh-CN. */
  language?: string | null;
}

/** Derived channels per asset model (migration 010); `position` is the order as given. */
export interface MonitoringDerivedChannelTable {
  tenant_id: string;
  model_id: string;
  name: string;
  expression: string;
  position: number;
  updated_at: number;
  updated_by: string;
}

/** Every change of every alarm, and every shelve (migration 022); never updated or deleted. */
export interface AlarmJournalTable {
  id: string;
  tenant_id: string;
  alarm_id: string | null;
  asset_id: string;
  rule_id: string;
  action: string;
  severity: string | null;
  actor: string | null;
  /** JSON: the comment, the assignee, the shelve reason and end. */
  detail: string | null;
  value: number | null;
  at: number;
  customer_id: string | null;
  model_id: string | null;
}

/** Cluster mode: a rule's hold under way, pending or clearing (migration 045). */
export interface RuleHoldTable {
  tenant_id: string;
  asset_id: string;
  rule_id: string;
  phase: string;
  /** Event time the phase began; PostgreSQL's bigint may come back as a string. */
  since: number | string;
}

/** Webhook deliveries that failed after their last attempt (migration 022). */
export interface WebhookDeadLetterTable {
  id: string;
  tenant_id: string;
  subscription_id: string;
  subscriber_id: string;
  url: string;
  body: string;
  attempts: number;
  last_error: string;
  at: number;
}

// A type alias (not an interface) so that it satisfies Kysely's `withTables` constraint.
export type MonitoringTables = {
  monitoring_rules: MonitoringRuleTable;
  alarms: AlarmTable;
  alarm_activations: AlarmActivationTable;
  alarm_shelves: AlarmShelfTable;
  asset_maintenance: AssetMaintenanceTable;
  alarm_subscriptions: AlarmSubscriptionTable;
  monitoring_derived_channels: MonitoringDerivedChannelTable;
  alarm_journal: AlarmJournalTable;
  webhook_dead_letters: WebhookDeadLetterTable;
  rule_holds: RuleHoldTable;
};
