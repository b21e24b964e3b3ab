// monitoring: condition monitoring of every installed asset. It owns
// - the rule language: a small expression language that is parsed (Pratt), type-checked and
//   compiled to closures over a slot array — never eval'd — with errors naming line/column;
// - derived channels (COP, heat) per asset model, in topological order, cycles rejected with
//   their path, computed in the ingest path and written back as telemetry of the asset;
// - rules per asset model with per-asset overrides (threshold with deadband, duration, rate of
//   change, deviation, multi-channel expression, no data) and the rule engine that steps one
//   state machine per (asset, rule) point by point in the ingest path, without per-point
//   allocation. Late-data policy: a point older than its asset's last evaluated timestamp is
//   ignored (counted in stats.late), so late or replayed data never raises, clears or
//   duplicates an alarm; an optional reorder buffer restores exact timing within a window;
// - the alarm lifecycle as a pure reducer (ISA-18.2 states, one open alarm per (asset, rule)
//   with a repeat count, escalation, shelving and maintenance suppression, propagation to
//   parent assets, customer and tenant);
// - operation analysis and ISA-18.2 / EEMUA 191 alarm KPIs;
// - persistence (tables of migrations 003-monitoring, 009-monitoring-subscriptions,
//   010-monitoring-derived-channels and 022-alarm-journal-webhooks), with the alarm journal
//   (every change of every alarm, kept) and operator actions and rule changes in the audit log;
//   notification (HMAC webhooks, e-mail, SSE live feed, per-user subscriptions, storm
//   digests), fed by every committed alarm change.
// The cores in expressions/, rules/, alarms/ and kpi/ are pure; store/ and notify/ do the I/O.
export * from './expressions/index.ts';
export * from './rules/index.ts';
export * from './alarms/index.ts';
export * from './kpi/index.ts';
export * from './notify/index.ts';
export { countActiveAlarms, createAlarmService } from './store/alarm-service.ts';
export { listAlarms, type AlarmListQuery, type ListedAlarm } from './store/alarm-list.ts';
export type { AlarmService, AlarmServiceOptions, AssetInfo } from './store/alarm-service.ts';
export { createRuleStore } from './store/rule-store.ts';
export { journalActions, type JournalAction } from './store/journal.ts';
export { listJournal, type JournalQuery, type JournalEntry } from './store/journal-list.ts';
export { createSubscriptionStore } from './store/subscription-store.ts';
export type {
  SubscriptionStore,
  StoredSubscription,
  SubscriptionInput,
  SubscriptionOwner,
} from './store/subscription-store.ts';
export type { RuleStore, RuleScope } from './store/rule-store.ts';
export { createDeadLetterStore } from './store/dead-letter-store.ts';
export type { DeadLetterStore, StoredDeadLetter } from './store/dead-letter-store.ts';
export { isPrivateAddress, checkWebhookAddress } from './notify/address-guard.ts';
export { webhookPayload } from './notify/webhook-transport.ts';
export { createDerivedChannelStore } from './store/derived-store.ts';
export type { DerivedChannelStore } from './store/derived-store.ts';
export type { WriteBackBatch, WriteBackRow, WriteBackStats } from './write-back.ts';
export { createMonitoringRuntime } from './runtime.ts';
export { assetAlarmLog, type AssetAlarmEntry } from './store/asset-alarm-log.ts';
export type {
  MonitoringRuntime,
  MonitoringRuntimeOptions,
  MonitoredAsset,
  TenantMonitor,
} from './runtime.ts';
