// Compiles what an asset's rules run on — its channel layout with the model's derived channels,
// and its resolved rules — once per distinct definition rather than once per asset. Assets of
// one model with the same rules share the result when they agree on the properties the
// expressions actually read (`prop.rated_current`), so a fleet of a thousand chillers holds one
// layout and one array of compiled rules, and the engine one program (program.ts). Which
// properties were read is recorded while compiling, so an asset property no rule mentions never
// splits a fleet.
import type { ItemResult } from '../../kernel/index.ts';
import { modelChannelLayout, type ChannelLayout } from '../expressions/index.ts';
import type { DerivedChannelSpec } from '../expressions/index.ts';
import { compileRules, type CompiledRule } from './compile-rule.ts';
import type { RuleSpec } from './types.ts';

export interface AssetDefinition {
  /** The channels its model declares. */
  channels: readonly string[];
  /** Its model's derived channels. */
  derived: readonly DerivedChannelSpec[];
  /** Its resolved rules (model rules with the asset's overrides). */
  rules: readonly RuleSpec[];
  properties: Readonly<Record<string, number>>;
}

export interface AssetProgram {
  layout: ChannelLayout;
  /** Why the derived channels were left out (they do not fit this asset), if they were. */
  layoutProblem?: string;
  /** Every rule's outcome, in order (house style 4). */
  results: ItemResult<CompiledRule>[];
  /** The rules that compiled; shared between assets, so never changed. */
  rules: readonly CompiledRule[];
}

/** Programs compiled from one definition that read the same property names, by their values. */
interface Group {
  /** The names read while compiling; `all` when something listed the properties. */
  names: readonly string[] | 'all';
  byValues: Map<string, AssetProgram>;
}

/** A key for the values of `names`: exact for every number (NaN, ±Infinity and -0 apart). */
function valuesKey(
  names: readonly string[] | 'all',
  properties: Readonly<Record<string, unknown>>,
) {
  const list = names === 'all' ? Object.keys(properties).sort() : names;
  const value = (v: unknown) =>
    typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : `${typeof v}:${String(v)}`;
  const values = list.map((k) => value(properties[k])).join(',');
  return names === 'all' ? `${JSON.stringify(list)}${values}` : values;
}

/** `properties` behind a proxy that notes every name read. */
function recording(properties: Readonly<Record<string, number>>) {
  const read = new Set<string>();
  let listed = false;
  const note = (_t: unknown, k: string | symbol) => {
    if (typeof k === 'string') read.add(k);
  };
  const proxy = new Proxy(properties, {
    get: (t, k, r) => (note(t, k), Reflect.get(t, k, r) as unknown),
    has: (t, k) => (note(t, k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (note(t, k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => ((listed = true), Reflect.ownKeys(t)),
  });
  return { proxy, read, listed: () => listed };
}

/**
 * The layout, and with it the rules, of one asset. When the derived channels do not fit the asset
 * (an expression reads a property it lacks) its rules still run on the raw channels and the
 * reason is returned, so one bad definition never silences an asset's other alarms.
 */
function compile(def: AssetDefinition, properties: Readonly<Record<string, number>>): AssetProgram {
  let layout: ChannelLayout;
  let layoutProblem: string | undefined;
  try {
    layout = modelChannelLayout(def.channels, def.derived, properties);
  } catch (e) {
    if (def.derived.length === 0) throw e;
    layoutProblem = `derived channels not computed: ${(e as Error).message}`;
    layout = modelChannelLayout(def.channels, [], properties);
  }
  const results = compileRules(def.rules, layout, properties);
  const rules = results.flatMap((r) => (r.status === 'ok' && r.value ? [r.value] : []));
  return { layout, ...(layoutProblem ? { layoutProblem } : {}), results, rules };
}

/** A cache of programs for one engine build; throws what compiling the layout throws. */
export function createAssetPrograms(): (def: AssetDefinition) => AssetProgram {
  const cache = new Map<string, Group[]>();
  // The text of each (rules, derived) pair met, by identity: assets of one model share both
  // arrays, and writing twenty rules out for each of 100,000 assets took a third of a start's
  // monitoring build (issue 21). The channels, a few names, are written out each time.
  const texts = new WeakMap<object, WeakMap<object, string>>();
  const textOf = (def: AssetDefinition) => {
    let byDerived = texts.get(def.rules);
    if (!byDerived) texts.set(def.rules, (byDerived = new WeakMap()));
    let text = byDerived.get(def.derived);
    if (text === undefined)
      byDerived.set(def.derived, (text = JSON.stringify([def.derived, def.rules])));
    return text;
  };
  return (def) => {
    const key = `${JSON.stringify(def.channels)}${textOf(def)}`;
    const groups = cache.get(key) ?? [];
    for (const g of groups) {
      const hit = g.byValues.get(valuesKey(g.names, def.properties));
      if (hit) return hit;
    }
    const r = recording(def.properties);
    const program = compile(def, r.proxy);
    const names = r.listed() ? 'all' : [...r.read.keys()];
    const same = (g: Group) =>
      g.names === 'all' || names === 'all' ? g.names === names : g.names.join() === names.join();
    let group = groups.find(same);
    if (!group) {
      group = { names, byValues: new Map() };
      groups.push(group);
      cache.set(key, groups);
    }
    group.byValues.set(valuesKey(names, def.properties), program);
    return program;
  };
}
