// Syntax tree of a monitoring expression. Every node keeps its source position so that the type
// checker and the channel resolver can point at the exact place of a problem.
import type { SourcePos } from './position.ts';

export type BinaryOp =
  '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type Expr =
  | { kind: 'number'; value: number; pos: SourcePos }
  | { kind: 'bool'; value: boolean; pos: SourcePos }
  | { kind: 'channel'; name: string; pos: SourcePos }
  | { kind: 'property'; name: string; pos: SourcePos }
  | { kind: 'unary'; op: '-' | '!'; operand: Expr; pos: SourcePos }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: SourcePos }
  | { kind: 'call'; fn: string; args: Expr[]; pos: SourcePos };

/** Prefix that marks an asset property (rated current, design flow) instead of a channel. */
export const propertyPrefix = 'prop.';

/** Names of the channels an expression reads, each once, in first-use order. */
export function channelsOf(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'channel':
      if (!out.includes(e.name)) out.push(e.name);
      break;
    case 'unary':
      channelsOf(e.operand, out);
      break;
    case 'binary':
      channelsOf(e.left, out);
      channelsOf(e.right, out);
      break;
    case 'call':
      for (const a of e.args) channelsOf(a, out);
      break;
    default:
      break;
  }
  return out;
}

/** Every channel reference with its position (for error messages about unknown channels). */
export function channelRefs(e: Expr, out: { name: string; pos: SourcePos }[] = []) {
  if (e.kind === 'channel') out.push({ name: e.name, pos: e.pos });
  else if (e.kind === 'unary') channelRefs(e.operand, out);
  else if (e.kind === 'binary') {
    channelRefs(e.left, out);
    channelRefs(e.right, out);
  } else if (e.kind === 'call') for (const a of e.args) channelRefs(a, out);
  return out;
}
