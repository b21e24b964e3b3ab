// Type checker and name resolver. Two types only: number and boolean. Channels and properties
// are numbers; comparisons yield booleans; && || ! take booleans. Each error names the
// offending node's position, so "flow > 10 && 3" points at the `3`.
import type { Expr } from './ast.ts';
import { expressionError } from './position.ts';

export type ExprType = 'number' | 'boolean';

/** What the expression may refer to: channel slots and the asset's numeric properties. */
export interface ExpressionEnv {
  slotOf(channel: string): number | undefined;
  property(name: string): number | undefined;
}

/** Built-in numeric functions and their arity (min, max: two or more). */
export const functions: Record<string, { min: number; max: number }> = {
  abs: { min: 1, max: 1 },
  sqrt: { min: 1, max: 1 },
  min: { min: 2, max: Infinity },
  max: { min: 2, max: Infinity },
};

const arithmetic = new Set(['+', '-', '*', '/', '%']);
const ordering = new Set(['<', '<=', '>', '>=']);

export function typeOf(src: string, e: Expr, env: ExpressionEnv): ExprType {
  const fail = (at: Expr, reason: string): never => {
    throw expressionError(src, at.pos, reason);
  };
  const expect = (at: Expr, want: ExprType, what: string) => {
    const got = typeOf(src, at, env);
    if (got !== want) fail(at, `${what} needs a ${want} but this is a ${got}`);
  };
  switch (e.kind) {
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'channel':
      if (env.slotOf(e.name) === undefined) fail(e, `unknown channel '${e.name}'`);
      return 'number';
    case 'property':
      if (env.property(e.name) === undefined) fail(e, `unknown asset property '${e.name}'`);
      return 'number';
    case 'unary':
      expect(e.operand, e.op === '-' ? 'number' : 'boolean', `'${e.op}'`);
      return e.op === '-' ? 'number' : 'boolean';
    case 'binary': {
      if (arithmetic.has(e.op) || ordering.has(e.op)) {
        expect(e.left, 'number', `'${e.op}'`);
        expect(e.right, 'number', `'${e.op}'`);
        return arithmetic.has(e.op) ? 'number' : 'boolean';
      }
      if (e.op === '&&' || e.op === '||') {
        expect(e.left, 'boolean', `'${e.op}'`);
        expect(e.right, 'boolean', `'${e.op}'`);
        return 'boolean';
      }
      const l = typeOf(src, e.left, env);
      expect(e.right, l, `'${e.op}' with a ${l} on its left`);
      return 'boolean';
    }
    case 'call': {
      const sig = functions[e.fn];
      if (!sig)
        return fail(e, `unknown function '${e.fn}' (known: ${Object.keys(functions).join(', ')})`);
      if (e.args.length < sig.min || e.args.length > sig.max) {
        const want = sig.max === Infinity ? `at least ${sig.min}` : `${sig.min}`;
        fail(e, `function '${e.fn}' takes ${want} argument(s), got ${e.args.length}`);
      }
      for (const a of e.args) expect(a, 'number', `argument of '${e.fn}'`);
      return 'number';
    }
  }
}

/** Checks that `e` is well-typed and of type `want`; throws a positioned error otherwise. */
export function checkExpression(src: string, e: Expr, env: ExpressionEnv, want: ExprType): void {
  const got = typeOf(src, e, env);
  if (got !== want) {
    throw expressionError(src, e.pos, `expected a ${want} expression but this is a ${got}`);
  }
}
