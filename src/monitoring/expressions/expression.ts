// One call from source text to a checked, compiled closure.
import { channelsOf, type Expr } from './ast.ts';
import { checkExpression, type ExprType, type ExpressionEnv } from './check.ts';
import { compileBoolean, compileNumber, type BoolFn, type NumFn } from './compile.ts';
import { withContext, type ExpressionContext } from './position.ts';
import { parseExpression } from './parse.ts';

export interface Compiled<F> {
  fn: F;
  /** Slots the expression reads: a point on any of them must re-evaluate it. */
  slots: number[];
  ast: Expr;
}

function prepare(
  src: string,
  env: ExpressionEnv,
  want: ExprType,
  context?: ExpressionContext,
): Expr {
  try {
    const ast = parseExpression(src);
    checkExpression(src, ast, env, want);
    return ast;
  } catch (e) {
    throw context ? withContext(e, context) : e;
  }
}

const slotsOf = (ast: Expr, env: ExpressionEnv) => channelsOf(ast).map((c) => env.slotOf(c)!);

/** Parses, checks (must be a number) and compiles; `context` prefixes error messages. */
export function compileNumberExpression(
  src: string,
  env: ExpressionEnv,
  context?: ExpressionContext,
): Compiled<NumFn> {
  const ast = prepare(src, env, 'number', context);
  return { fn: compileNumber(ast, env), slots: slotsOf(ast, env), ast };
}

/** Parses, checks (must be a boolean) and compiles; `context` prefixes error messages. */
export function compileBooleanExpression(
  src: string,
  env: ExpressionEnv,
  context?: ExpressionContext,
): Compiled<BoolFn> {
  const ast = prepare(src, env, 'boolean', context);
  return { fn: compileBoolean(ast, env), slots: slotsOf(ast, env), ast };
}
