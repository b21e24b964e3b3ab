// monitoring: condition monitoring of every installed asset. It owns the rule language (a small
// expression language that is parsed and compiled to closures, never eval'd), derived channels,
// the per-(asset, rule) evaluation state machines that run point by point in the ingest
// pipeline, the alarm lifecycle (ISA-18.2 states: active, acknowledged, cleared; shelving and
// maintenance suppression; escalation; propagation), and operation analysis (running / idle /
// fault / offline time, availability, ISA-18.2 alarm-management KPIs). The cores in
// expressions/, rules/, alarms/ and kpi/ are pure; storage and notification live beside them.
export * from './expressions/index.ts';
export * from './rules/index.ts';
export * from './alarms/index.ts';
export * from './kpi/index.ts';
export { createAlarmService } from './store/alarm-service.ts';
export type { AlarmService, AlarmServiceOptions, AssetInfo } from './store/alarm-service.ts';
export { createRuleStore } from './store/rule-store.ts';
export type { RuleStore, RuleScope } from './store/rule-store.ts';
export * from './notify/index.ts';
