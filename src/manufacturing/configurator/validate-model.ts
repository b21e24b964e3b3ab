// Checks a product model before it is stored: every rule, BOM line and routing step must name
// options and values the model has, so a configuration can never meet a dangling reference.
import { invalid } from '../../kernel/index.ts';
import type { Condition, ProductModelSpec } from './model.ts';
import { validatePricing } from './pricing.ts';

function checkCondition(spec: ProductModelSpec, c: Condition, field: string): void {
  const option = spec.options.find((o) => o.key === c.option);
  if (!option) throw invalid(`${field}.option`, `unknown option '${c.option}'`);
  if (c.values.length === 0) throw invalid(`${field}.values`, 'lists no value');
  for (const v of c.values) {
    if (!option.values.some((x) => x.code === v)) {
      throw invalid(`${field}.values`, `option '${c.option}' has no value '${v}'`);
    }
  }
}

function checkOptions(spec: ProductModelSpec): void {
  const keys = new Set<string>();
  spec.options.forEach((o, i) => {
    if (keys.has(o.key)) throw invalid(`options[${i}].key`, `duplicate option '${o.key}'`);
    keys.add(o.key);
    if (o.values.length === 0) throw invalid(`options[${i}].values`, 'an option needs values');
    const codes = new Set(o.values.map((v) => v.code));
    if (codes.size !== o.values.length) {
      throw invalid(`options[${i}].values`, `duplicate value code in option '${o.key}'`);
    }
    if (o.default !== undefined && !codes.has(o.default)) {
      throw invalid(`options[${i}].default`, `'${o.default}' is not a value of '${o.key}'`);
    }
  });
}

function checkRules(spec: ProductModelSpec): void {
  const ids = new Set<string>();
  spec.rules.forEach((r, i) => {
    if (ids.has(r.id)) throw invalid(`rules[${i}].id`, `duplicate rule id '${r.id}'`);
    ids.add(r.id);
    checkCondition(spec, r.if, `rules[${i}].if`);
    if (r.kind === 'only-if') checkCondition(spec, r.choice, `rules[${i}].choice`);
    else checkCondition(spec, r.then, `rules[${i}].then`);
  });
}

function checkTemplates(spec: ProductModelSpec): void {
  spec.bom.forEach((b, i) => {
    if (b.when) checkCondition(spec, b.when, `bom[${i}].when`);
    if ((b.quantity === undefined) === (b.quantityBy === undefined)) {
      throw invalid(`bom[${i}].quantity`, 'give exactly one of quantity and quantityBy');
    }
    if (b.quantityBy) {
      const option = spec.options.find((o) => o.key === b.quantityBy!.option);
      if (!option) throw invalid(`bom[${i}].quantityBy.option`, 'unknown option');
      for (const v of option.values) {
        if (b.quantityBy.quantities[v.code] === undefined) {
          throw invalid(`bom[${i}].quantityBy.quantities`, `no quantity for value '${v.code}'`);
        }
      }
    }
    for (const m of b.item.matchAll(/\{([^}]*)\}/g)) {
      if (!spec.options.some((o) => o.key === m[1])) {
        throw invalid(`bom[${i}].item`, `placeholder '{${m[1]}}' names no option`);
      }
    }
  });
  if (spec.routing.length === 0) throw invalid('routing', 'a product needs at least one operation');
  spec.routing.forEach((r, i) => {
    if (r.when) checkCondition(spec, r.when, `routing[${i}].when`);
    if (r.stations.length === 0) throw invalid(`routing[${i}].stations`, 'no eligible station');
  });
}

/** Throws RONGHE_VALIDATION naming the field of the first inconsistency. */
export function validateModelSpec(spec: ProductModelSpec): void {
  checkOptions(spec);
  checkRules(spec);
  checkTemplates(spec);
  if (spec.changeover && !spec.options.some((o) => o.key === spec.changeover!.option)) {
    throw invalid('changeover.option', `unknown option '${spec.changeover.option}'`);
  }
  if (spec.pricing) validatePricing(spec, spec.pricing);
}
