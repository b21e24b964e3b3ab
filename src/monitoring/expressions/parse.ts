// Pratt (top-down operator precedence) parser: Pratt, "Top down operator precedence", POPL 1973.
// Precedence, lowest first: ||, &&, == !=, < <= > >=, + -, * / %, unary - !.
// The source is only ever parsed into a tree — never handed to eval or new Function.
import type { BinaryOp, Expr } from './ast.ts';
import { propertyPrefix } from './ast.ts';
import type { Localized } from '../../kernel/index.ts';
import { expressionError, positionAt } from './position.ts';
import { tokenize, type Token } from './tokenize.ts';

const binaryPower: Record<BinaryOp, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
const unaryPower = 7;
/**
 * Guards the recursion of this parser and of every later walk of the tree (checker, compiler)
 * against pathological inputs such as ten thousand '(' or a chain of 3,000 '||': a tree deeper
 * than this is refused where it passes the limit.
 */
const maxDepth = 200;
/** Longest source accepted: a rule is a line or two, not a document. */
export const maxExpressionLength = 4000;

class Parser {
  private i = 0;
  private depth = 0;
  /** Height of each inner node built so far (leaves are 1). */
  private readonly heights = new WeakMap<Expr, number>();
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private height(e: Expr): number {
    return this.heights.get(e) ?? 1;
  }

  /** Records the height of a new inner node; refuses it past maxDepth. */
  private built<E extends Expr>(e: E, height: number, at: Token): E {
    if (height > maxDepth) this.fail(at, tooDeep);
    this.heights.set(e, height);
    return e;
  }

  private fail(t: Token, reason: Localized): never {
    throw expressionError(this.src, t.pos, reason);
  }

  private describe(t: Token): Localized {
    return t.kind === 'eof'
      ? { en: 'end of expression', 'zh-CN': '表达式末尾' }
      : { en: `'${t.text}'`, 'zh-CN': `“${t.text}”` };
  }

  /** `expected <what> but found <token>`. */
  private expected(t: Token, what: Localized): never {
    const found = this.describe(t);
    return this.fail(t, {
      en: `expected ${what.en} but found ${found.en}`,
      'zh-CN': `应为${what['zh-CN']}，实为${found['zh-CN']}`,
    });
  }

  parseAll(): Expr {
    if (this.peek().kind === 'eof')
      this.fail(this.peek(), { en: 'empty expression', 'zh-CN': '表达式为空' });
    const e = this.expr(0);
    const t = this.peek();
    if (t.kind !== 'eof')
      this.fail(t, {
        en: `unexpected ${this.describe(t).en} after a complete expression`,
        'zh-CN': `完整表达式之后多出${this.describe(t)['zh-CN']}`,
      });
    return e;
  }

  private expr(minPower: number): Expr {
    if (++this.depth > maxDepth) this.fail(this.peek(), tooDeep);
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !(t.text in binaryPower)) break;
      const op = t.text as BinaryOp;
      const power = binaryPower[op];
      if (power <= minPower) break;
      this.next();
      // Left-associative: the right operand binds only tighter operators.
      const right = this.expr(power);
      const height = 1 + Math.max(this.height(left), this.height(right));
      left = this.built({ kind: 'binary', op, left, right, pos: t.pos }, height, t);
    }
    this.depth--;
    return left;
  }

  private prefix(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        if (!Number.isFinite(t.value))
          this.fail(t, {
            en: `number '${t.text}' is out of range`,
            'zh-CN': `数字“${t.text}”超出范围`,
          });
        return { kind: 'number', value: t.value, pos: t.pos };
      case 'ident':
        return this.identifier(t);
      case '(': {
        const e = this.expr(0);
        const close = this.next();
        if (close.kind !== ')') this.expected(close, { en: "')'", 'zh-CN': '“)”' });
        return e;
      }
      case 'op':
        if (t.text === '-' || t.text === '!') {
          const operand = this.expr(unaryPower);
          const node = { kind: 'unary', op: t.text, operand, pos: t.pos } as const;
          return this.built(node, 1 + this.height(operand), t);
        }
        return this.fail(t, {
          en: `operator '${t.text}' needs a value on its left`,
          'zh-CN': `运算符“${t.text}”左侧缺少值`,
        });
      default:
        return this.expected(t, { en: "a number, channel or '('", 'zh-CN': '数字、通道或“(”' });
    }
  }

  private identifier(t: Token): Expr {
    if (t.text === 'true' || t.text === 'false') {
      return { kind: 'bool', value: t.text === 'true', pos: t.pos };
    }
    if (this.peek().kind === '(') return this.call(t);
    if (t.text.startsWith(propertyPrefix)) {
      return { kind: 'property', name: t.text.slice(propertyPrefix.length), pos: t.pos };
    }
    return { kind: 'channel', name: t.text, pos: t.pos };
  }

  private call(name: Token): Expr {
    this.next(); // '('
    const args: Expr[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.expr(0));
        const sep = this.next();
        if (sep.kind === ')') break;
        if (sep.kind !== ',') this.expected(sep, { en: "',' or ')'", 'zh-CN': '“,”或“)”' });
      }
    } else this.next();
    const height = 1 + Math.max(0, ...args.map((a) => this.height(a)));
    return this.built({ kind: 'call', fn: name.text, args, pos: name.pos }, height, name);
  }
}

/** Parses one expression; throws RONGHE_VALIDATION naming the problem and its position. */
const tooDeep: Localized = {
  en: `expression nested deeper than ${maxDepth}`,
  'zh-CN': `表达式嵌套超过 ${maxDepth} 层`,
};

export function parseExpression(src: string): Expr {
  if (src.length > maxExpressionLength) {
    const reason = {
      en: `expression is longer than ${maxExpressionLength} characters (${src.length})`,
      'zh-CN': `表达式超过 ${maxExpressionLength} 个字符（${src.length}）`,
    };
    throw expressionError(src.slice(0, 200), positionAt(src, maxExpressionLength), reason);
  }
  return new Parser(src, tokenize(src)).parseAll();
}
