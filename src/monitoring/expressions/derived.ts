// Derived channels (COP = cooling_load / power; heat = flow * (return_temp - supply_temp) * c):
// number expressions over raw and other derived channels, stored in their own slots and
// recomputed in the ingest pipeline. The dependency graph must be acyclic; it is ordered
// topologically (depth-first, Tarjan 1976 / Cormen et al. §22.4) and a cycle is rejected with
// its path, e.g. `a → b → a`.
import { channelRefs } from './ast.ts';
import { expressionError } from './position.ts';
import { parseExpression } from './parse.ts';
import { compileNumber, type NumFn } from './compile.ts';
import { checkExpression, unknownChannel, type ExpressionEnv } from './check.ts';
import { withContext } from './position.ts';
import { RongheError, type Localized } from '../../kernel/index.ts';

const derivedContext = (name: string): Localized => ({
  en: `derived channel '${name}'`,
  'zh-CN': `派生通道“${name}”`,
});

export interface DerivedChannelSpec {
  name: string;
  expression: string;
}

export interface DerivedChannel {
  name: string;
  slot: number;
  /** Slots (raw or derived) this channel reads. */
  inputs: number[];
  fn: NumFn;
}

/**
 * The slot layout of one asset: raw channels first, then derived ones in topological order
 * (a derived channel's inputs always have lower positions in `derived`).
 */
export interface ChannelLayout {
  names: string[];
  slotOf(name: string): number | undefined;
  rawCount: number;
  derived: DerivedChannel[];
}

function topoOrder(specs: DerivedChannelSpec[], deps: Map<string, string[]>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (n: string) => {
    const s = state.get(n);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(n)), n];
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `derived channel '${n}': cycle in derived channels: ${cycle.join(' → ')}`,
          'zh-CN': `派生通道“${n}”：派生通道之间存在循环：${cycle.join(' → ')}`,
        },
        { cycle, channel: n },
      );
    }
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps.get(n) ?? []) visit(d);
    stack.pop();
    state.set(n, 'done');
    order.push(n);
  };
  for (const s of specs) visit(s.name);
  return order;
}

/** Builds the layout; throws on duplicate names, unknown channels, type errors and cycles. */
export function createChannelLayout(
  rawChannels: readonly string[],
  derivedSpecs: readonly DerivedChannelSpec[] = [],
  properties: Readonly<Record<string, number>> = {},
): ChannelLayout {
  const raw = new Set(rawChannels);
  if (raw.size !== rawChannels.length)
    throw new RongheError('RONGHE_VALIDATION', {
      en: 'duplicate raw channel name',
      'zh-CN': '原始通道名称重复',
    });
  const derivedNames = new Set<string>();
  const parsed = new Map<string, ReturnType<typeof parseExpression>>();
  const deps = new Map<string, string[]>();
  for (const s of derivedSpecs) {
    const ctx = derivedContext(s.name);
    if (raw.has(s.name) || derivedNames.has(s.name)) {
      throw new RongheError('RONGHE_VALIDATION', {
        en: `${ctx.en}: name already used by another channel`,
        'zh-CN': `${ctx['zh-CN']}：名称已被另一个通道使用`,
      });
    }
    derivedNames.add(s.name);
  }
  for (const s of derivedSpecs) {
    const ctx = derivedContext(s.name);
    let ast;
    try {
      ast = parseExpression(s.expression);
    } catch (e) {
      throw withContext(e, ctx);
    }
    for (const ref of channelRefs(ast)) {
      if (!raw.has(ref.name) && !derivedNames.has(ref.name)) {
        throw expressionError(s.expression, ref.pos, unknownChannel(ref.name), ctx);
      }
    }
    parsed.set(s.name, ast);
    deps.set(
      s.name,
      channelRefs(ast)
        .map((r) => r.name)
        .filter((n) => derivedNames.has(n)),
    );
  }
  const order = topoOrder([...derivedSpecs], deps);
  const names = [...rawChannels, ...order];
  const slots = new Map(names.map((n, i) => [n, i]));
  const env: ExpressionEnv = { slotOf: (n) => slots.get(n), property: (p) => properties[p] };
  const derived = order.map((name): DerivedChannel => {
    const ast = parsed.get(name)!;
    const src = derivedSpecs.find((d) => d.name === name)!.expression;
    try {
      checkExpression(src, ast, env, 'number');
    } catch (e) {
      throw withContext(e, derivedContext(name));
    }
    const inputs = [...new Set(channelRefs(ast).map((r) => slots.get(r.name)!))];
    return { name, slot: slots.get(name)!, inputs, fn: compileNumber(ast, env) };
  });
  return { names, slotOf: (n) => slots.get(n), rawCount: rawChannels.length, derived };
}
