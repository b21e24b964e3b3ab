// The rule body of the monitoring routes, typed (monitoring/rules/types.ts is the source): a
// union on `kind`. The monitoring compiler still checks expressions and channel names, naming
// the field and the position in the expression; this schema refuses unknown fields and kinds.
import { Type } from '@sinclair/typebox';
import { Strict } from '../schemas.ts';

const lit = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

export const RuleId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
// Long expressions are refused by the compiler, which names the rule and the limit.
const Expression = Type.String({ minLength: 1, maxLength: 60_000 });
const Limit = Type.Union([Type.Number(), Expression], {
  description: 'a number or a number expression over channels and `prop.<name>`',
});
const Ms = Type.Integer({ minimum: 0, maximum: 30 * 24 * 3_600_000 });
const base = {
  id: RuleId,
  severity: lit(['critical', 'major', 'minor', 'warning'] as const),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  forMs: Type.Optional(Type.Integer({ minimum: 0, description: 'raise only after this long' })),
  clearForMs: Type.Optional(Ms),
};
const hysteresis = Type.Optional(Type.Number({ minimum: 0, description: 'deadband (ISA-18.2)' }));

const Threshold = Strict({
  ...base,
  kind: Type.Literal('threshold'),
  value: Expression,
  op: lit(['above', 'below'] as const),
  limit: Limit,
  hysteresis,
});
const Band = Strict({
  ...base,
  kind: Type.Literal('threshold'),
  value: Expression,
  op: Type.Literal('outside'),
  low: Limit,
  high: Limit,
  hysteresis,
});
const Rate = Strict({
  ...base,
  kind: Type.Literal('rate'),
  value: Expression,
  maxPerMinute: Limit,
  hysteresis,
});
const Deviation = Strict({
  ...base,
  kind: Type.Literal('deviation'),
  value: Expression,
  reference: Expression,
  maxDeviation: Limit,
  hysteresis,
});
const Expr = Strict({
  ...base,
  kind: Type.Literal('expression'),
  when: Expression,
  clearWhen: Type.Optional(Expression),
});
const NoData = Strict({
  ...base,
  kind: Type.Literal('no-data'),
  expectedIntervalMs: Type.Integer({ minimum: 1 }),
  factor: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
});

/** A rule of an asset model. */
export const RuleSpecSchema = Type.Union([Threshold, Band, Rate, Deviation, Expr, NoData], {
  description: 'threshold, band (threshold outside), rate, deviation, expression or no-data',
});
/** An asset's override: a full rule (same id replaces the model's) or a removal. */
export const RuleOverrideSchema = Type.Union([
  RuleSpecSchema,
  Strict({ id: RuleId, disabled: Type.Literal(true) }),
]);
