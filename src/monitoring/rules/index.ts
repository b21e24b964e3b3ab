// monitoring/rules: rule definitions (threshold, duration, rate, deviation, expression, no data),
// their per-asset resolution and compilation, and the point-by-point rule engine. Pure.
export type { RuleSpec, RuleOverride, Severity, Limit } from './types.ts';
export { resolveRules, severities } from './types.ts';
export { compileRule, compileRules } from './compile-rule.ts';
export { createAssetPrograms } from './asset-programs.ts';
export type { AssetDefinition, AssetProgram } from './asset-programs.ts';
export type { Band, CompiledRule } from './compile-rule.ts';
export type { Phase } from './rule-state.ts';
export { createRuleEngine } from './engine.ts';
export type {
  RuleEngine,
  RuleEngineOptions,
  RuleEvent,
  EngineStats,
  HoldEvent,
  StoredHold,
} from './engine.ts';
export { createReorderBuffer } from './reorder-buffer.ts';
export type { ReorderBuffer, BufferedPoint } from './reorder-buffer.ts';
export { createSeriesRouter } from './series-router.ts';
export type { SeriesRouter, SeriesLike, PointColumns } from './series-router.ts';
