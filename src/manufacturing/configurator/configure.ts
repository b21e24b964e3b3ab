// From chosen options to a configured product: complete the choice (defaults), reject unknown
// options and values, check every rule (the message names the rule), then generate the bill of
// materials and the routing from the model's templates.
import { RongheError, invalid } from '../../kernel/index.ts';
import type {
  BomLine,
  Condition,
  Configuration,
  ConfiguredProduct,
  OptionRule,
  ProductModelSpec,
  RoutingStep,
} from './model.ts';

export const holds = (c: Condition, cfg: Configuration): boolean => {
  const v = cfg[c.option];
  return v !== undefined && c.values.includes(v);
};

const describe = (c: Condition) => `${c.option} ∈ {${c.values.join(', ')}}`;

/** The violated rules, each with a message naming it; empty when the configuration is valid. */
export function ruleViolations(
  rules: OptionRule[],
  cfg: Configuration,
): { rule: string; message: string }[] {
  const out: { rule: string; message: string }[] = [];
  for (const r of rules) {
    let message: string | undefined;
    switch (r.kind) {
      case 'requires':
        if (holds(r.if, cfg) && !holds(r.then, cfg))
          message = `rule '${r.id}': ${describe(r.if)} requires ${describe(r.then)}`;
        break;
      case 'excludes':
        if (holds(r.if, cfg) && holds(r.then, cfg))
          message = `rule '${r.id}': ${describe(r.if)} excludes ${describe(r.then)}`;
        break;
      case 'only-if':
        if (holds(r.choice, cfg) && !holds(r.if, cfg))
          message = `rule '${r.id}': ${describe(r.choice)} only if ${describe(r.if)}`;
        break;
    }
    if (message) out.push({ rule: r.id, message });
  }
  return out;
}

/** Complete and check a choice of options; throws RONGHE_VALIDATION naming option or rule. */
export function resolveConfiguration(spec: ProductModelSpec, chosen: Configuration): Configuration {
  const cfg: Configuration = {};
  for (const [key, value] of Object.entries(chosen)) {
    const option = spec.options.find((o) => o.key === key);
    if (!option)
      throw invalid(`configuration.${key}`, {
        en: `unknown option of model '${spec.code}'`,
        'zh-CN': `型号“${spec.code}”没有此选项`,
      });
    if (!option.values.some((v) => v.code === value)) {
      throw invalid(`configuration.${key}`, {
        en: `'${value}' is not a value of option '${key}'`,
        'zh-CN': `“${value}”不是选项“${key}”的取值`,
      });
    }
    cfg[key] = value;
  }
  for (const o of spec.options) {
    if (cfg[o.key] !== undefined) continue;
    if (o.default !== undefined) cfg[o.key] = o.default;
    else if (o.required)
      throw invalid(`configuration.${o.key}`, {
        en: 'required option not chosen',
        'zh-CN': '未选择必选选项',
      });
  }
  const violations = ruleViolations(spec.rules, cfg);
  if (violations.length > 0) {
    throw new RongheError(
      'RONGHE_VALIDATION',
      violations.map((v) => v.message).join('; '),
      violations.map((v) => ({ field: 'configuration', rule: v.rule, reason: v.message })),
    );
  }
  return cfg;
}

export const skuOf = (spec: ProductModelSpec, cfg: Configuration): string =>
  [spec.code, ...spec.options.map((o) => cfg[o.key] ?? '-')].join('-');

function bomOf(spec: ProductModelSpec, cfg: Configuration, pieces: number): BomLine[] {
  const lines: BomLine[] = [];
  for (const b of spec.bom) {
    if (b.when && !holds(b.when, cfg)) continue;
    const perPiece =
      b.quantity ?? b.quantityBy?.quantities[cfg[b.quantityBy.option] ?? ''] ?? Number.NaN;
    if (!(perPiece > 0)) continue;
    const item = b.item.replace(/\{([^}]*)\}/g, (_, k: string) => cfg[k] ?? 'none');
    lines.push({ item, unit: b.unit, perPiece, quantity: perPiece * pieces });
  }
  return lines;
}

function routingOf(spec: ProductModelSpec, cfg: Configuration): RoutingStep[] {
  const c = spec.changeover;
  const changeover = c
    ? { family: `${c.option}=${cfg[c.option] ?? '-'}`, minutes: c.minutes }
    : undefined;
  return spec.routing
    .filter((r) => !r.when || holds(r.when, cfg))
    .map((r) => ({
      operation: r.operation,
      stations: r.stations.map((s) => ({ ...s })),
      ...(changeover ? { changeover } : {}),
    }));
}

/** Resolve the choice, then generate BOM (for `pieces` pieces) and routing. */
export function configure(
  spec: ProductModelSpec,
  chosen: Configuration,
  pieces = 1,
): ConfiguredProduct {
  const configuration = resolveConfiguration(spec, chosen);
  return {
    configuration,
    sku: skuOf(spec, configuration),
    bom: bomOf(spec, configuration, pieces),
    routing: routingOf(spec, configuration),
  };
}
