// Type checker and name resolver. Two types only: number and boolean. Channels and properties
// are numbers; comparisons yield booleans; && || ! take booleans. Each error names the
// offending node's position, so "flow > 10 && 3" points at the `3`.
import type { Expr } from './ast.ts';
import type { Localized } from '../../kernel/index.ts';
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

/** The types' names in Chinese (数值 number, 布尔值 boolean). */
const TYPE_ZH: Record<ExprType, string> = { number: '数值', boolean: '布尔值' };

/** `unknown channel 'x'`, also said by the derived-channel layout. */
export const unknownChannel = (name: string): Localized => ({
  en: `unknown channel '${name}'`,
  'zh-CN': `未知通道“${name}”`,
});

export function typeOf(src: string, e: Expr, env: ExpressionEnv): ExprType {
  const fail = (at: Expr, reason: Localized): never => {
    throw expressionError(src, at.pos, reason);
  };
  const expect = (at: Expr, want: ExprType, what: Localized) => {
    const got = typeOf(src, at, env);
    if (got !== want)
      fail(at, {
        en: `${what.en} needs a ${want} but this is a ${got}`,
        'zh-CN': `${what['zh-CN']}需要${TYPE_ZH[want]}，此处却是${TYPE_ZH[got]}`,
      });
  };
  const operator = (op: string): Localized => ({ en: `'${op}'`, 'zh-CN': `“${op}”` });
  switch (e.kind) {
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'channel':
      if (env.slotOf(e.name) === undefined) fail(e, unknownChannel(e.name));
      return 'number';
    case 'property':
      if (env.property(e.name) === undefined)
        fail(e, {
          en: `unknown asset property '${e.name}'`,
          'zh-CN': `未知的资产属性“${e.name}”`,
        });
      return 'number';
    case 'unary':
      expect(e.operand, e.op === '-' ? 'number' : 'boolean', operator(e.op));
      return e.op === '-' ? 'number' : 'boolean';
    case 'binary': {
      if (arithmetic.has(e.op) || ordering.has(e.op)) {
        expect(e.left, 'number', operator(e.op));
        expect(e.right, 'number', operator(e.op));
        return arithmetic.has(e.op) ? 'number' : 'boolean';
      }
      if (e.op === '&&' || e.op === '||') {
        expect(e.left, 'boolean', operator(e.op));
        expect(e.right, 'boolean', operator(e.op));
        return 'boolean';
      }
      const l = typeOf(src, e.left, env);
      expect(e.right, l, {
        en: `'${e.op}' with a ${l} on its left`,
        'zh-CN': `左侧为${TYPE_ZH[l]}的“${e.op}”`,
      });
      return 'boolean';
    }
    case 'call': {
      const sig = functions[e.fn];
      if (!sig)
        return fail(e, {
          en: `unknown function '${e.fn}' (known: ${Object.keys(functions).join(', ')})`,
          'zh-CN': `未知函数“${e.fn}”（可用：${Object.keys(functions).join('、')}）`,
        });
      if (e.args.length < sig.min || e.args.length > sig.max) {
        const want =
          sig.max === Infinity
            ? { en: `at least ${sig.min}`, 'zh-CN': `至少 ${sig.min} 个` }
            : { en: `${sig.min}`, 'zh-CN': `${sig.min} 个` };
        fail(e, {
          en: `function '${e.fn}' takes ${want.en} argument(s), got ${e.args.length}`,
          'zh-CN': `函数“${e.fn}”需要${want['zh-CN']}参数，实际为 ${e.args.length} 个`,
        });
      }
      for (const a of e.args)
        expect(a, 'number', { en: `argument of '${e.fn}'`, 'zh-CN': `函数“${e.fn}”的参数` });
      return 'number';
    }
  }
}

/** Checks that `e` is well-typed and of type `want`; throws a positioned error otherwise. */
export function checkExpression(src: string, e: Expr, env: ExpressionEnv, want: ExprType): void {
  const got = typeOf(src, e, env);
  if (got !== want) {
    throw expressionError(src, e.pos, {
      en: `expected a ${want} expression but this is a ${got}`,
      'zh-CN': `应为${TYPE_ZH[want]}表达式，此处却是${TYPE_ZH[got]}`,
    });
  }
}
