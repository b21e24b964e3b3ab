// Rule definitions as stored and edited: a discriminated union on `kind`. Rules are defined on an
// asset model (inherited by all its assets) and may be overridden per asset (resolveRules).
// Limits are numbers or number expressions, so a threshold can read asset properties:
// `limit: 'prop.rated_current * 1.1'`.

/** Alarm priority; ISA-18.2 §11 recommends few priorities. Ordered most severe first. */
export type Severity = 'critical' | 'major' | 'minor' | 'warning';
export const severities: readonly Severity[] = ['critical', 'major', 'minor', 'warning'];

/** A number or a number expression (may use channels and `prop.<name>`). */
export type Limit = number | string;

interface RuleBase {
  id: string;
  severity: Severity;
  name?: string;
  /** Duration: the raise condition must hold continuously this long before the alarm raises. */
  forMs?: number;
  /** The clear condition must hold this long before the alarm clears (debounce). */
  clearForMs?: number;
}

export type RuleSpec = RuleBase &
  (
    | {
        /** above: value > limit; below: value < limit; outside: value < low or value > high. */
        kind: 'threshold';
        /** A channel name or a number expression. */
        value: string;
        op: 'above' | 'below';
        limit: Limit;
        /** Deadband: clears only once the value is back inside by this much (ISA-18.2 §10.4). */
        hysteresis?: number;
      }
    | {
        kind: 'threshold';
        value: string;
        op: 'outside';
        low: Limit;
        high: Limit;
        hysteresis?: number;
      }
    | {
        /** |d value / dt| in units per minute above the limit, between consecutive points. */
        kind: 'rate';
        value: string;
        maxPerMinute: Limit;
        hysteresis?: number;
      }
    | {
        /** |value − reference| above the limit; reference is a channel or a model's expected value. */
        kind: 'deviation';
        value: string;
        reference: string;
        maxDeviation: Limit;
        hysteresis?: number;
      }
    | {
        /** A boolean expression over several channels; clears when `clearWhen` (default: !when). */
        kind: 'expression';
        when: string;
        clearWhen?: string;
      }
    | {
        /** Offline once no point arrived for factor × expectedIntervalMs. */
        kind: 'no-data';
        expectedIntervalMs: number;
        factor?: number;
      }
  );

/** A per-asset override: a full rule (same id replaces the model's, new id adds) or a removal. */
export type RuleOverride = RuleSpec | { id: string; disabled: true };

const isRemoval = (o: RuleOverride): o is { id: string; disabled: true } =>
  'disabled' in o && o.disabled === true;

/** The rules that apply to one asset: its model's rules with the asset's overrides applied. */
export function resolveRules(
  modelRules: readonly RuleSpec[],
  overrides: readonly RuleOverride[] = [],
): RuleSpec[] {
  const byId = new Map<string, RuleSpec>(modelRules.map((r) => [r.id, r]));
  for (const o of overrides) {
    if (isRemoval(o)) byId.delete(o.id);
    else byId.set(o.id, o);
  }
  return [...byId.values()];
}
