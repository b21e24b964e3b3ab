// monitoring/expressions: the small, safe expression language of rules and derived channels —
// tokenizer, Pratt parser, type checker and compiler to closures over a slot array — and the
// derived-channel dependency graph. Pure: no I/O, and never eval or new Function.
export type { Expr, BinaryOp } from './ast.ts';
export { channelsOf, propertyPrefix } from './ast.ts';
export { parseExpression } from './parse.ts';
export { tokenize } from './tokenize.ts';
export type { Token } from './tokenize.ts';
export { checkExpression, typeOf, functions } from './check.ts';
export type { ExprType, ExpressionEnv } from './check.ts';
export type { NumFn, BoolFn, Slots } from './compile.ts';
export { compileNumberExpression, compileBooleanExpression } from './expression.ts';
export type { Compiled } from './expression.ts';
export { createChannelLayout } from './derived.ts';
export type { ChannelLayout, DerivedChannel, DerivedChannelSpec } from './derived.ts';
export { modelChannelLayout, checkDerivedNames, derivedNamePattern } from './model-layout.ts';
export { expressionError, positionAt } from './position.ts';
export type { SourcePos, ExpressionContext, ExpressionErrorDetails } from './position.ts';
export { planPreview } from './preview.ts';
export type { PreviewPlan } from './preview.ts';
