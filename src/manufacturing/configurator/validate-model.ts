// Checks a product model before it is stored: every rule, BOM line and routing step must name
// options and values the model has, so a configuration can never meet a dangling reference.
import { invalid } from '../../kernel/index.ts';
import type { Condition, ProductModelSpec } from './model.ts';
import { validatePricing } from './pricing.ts';

function checkCondition(spec: ProductModelSpec, c: Condition, field: string): void {
  const option = spec.options.find((o) => o.key === c.option);
  if (!option)
    throw invalid(`${field}.option`, {
      en: `unknown option '${c.option}'`,
      'zh-CN': `未知选项“${c.option}”`,
    });
  if (c.values.length === 0)
    throw invalid(`${field}.values`, { en: 'lists no value', 'zh-CN': '未列出任何取值' });
  for (const v of c.values) {
    if (!option.values.some((x) => x.code === v)) {
      throw invalid(`${field}.values`, {
        en: `option '${c.option}' has no value '${v}'`,
        'zh-CN': `选项“${c.option}”没有取值“${v}”`,
      });
    }
  }
}

function checkOptions(spec: ProductModelSpec): void {
  const keys = new Set<string>();
  spec.options.forEach((o, i) => {
    if (keys.has(o.key))
      throw invalid(`options[${i}].key`, {
        en: `duplicate option '${o.key}'`,
        'zh-CN': `选项“${o.key}”重复`,
      });
    keys.add(o.key);
    if (o.values.length === 0)
      throw invalid(`options[${i}].values`, {
        en: 'an option needs values',
        'zh-CN': '选项需要取值',
      });
    const codes = new Set(o.values.map((v) => v.code));
    if (codes.size !== o.values.length) {
      throw invalid(`options[${i}].values`, {
        en: `duplicate value code in option '${o.key}'`,
        'zh-CN': `选项“${o.key}”中的取值代码重复`,
      });
    }
    if (o.default !== undefined && !codes.has(o.default)) {
      throw invalid(`options[${i}].default`, {
        en: `'${o.default}' is not a value of '${o.key}'`,
        'zh-CN': `“${o.default}”不是“${o.key}”的取值`,
      });
    }
  });
}

function checkRules(spec: ProductModelSpec): void {
  const ids = new Set<string>();
  spec.rules.forEach((r, i) => {
    if (ids.has(r.id))
      throw invalid(`rules[${i}].id`, {
        en: `duplicate rule id '${r.id}'`,
        'zh-CN': `规则 ID“${r.id}”重复`,
      });
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
      throw invalid(`bom[${i}].quantity`, {
        en: 'give exactly one of quantity and quantityBy',
        'zh-CN': 'quantity 与 quantityBy 只能且必须给出其一',
      });
    }
    if (b.quantityBy) {
      const option = spec.options.find((o) => o.key === b.quantityBy!.option);
      if (!option)
        throw invalid(`bom[${i}].quantityBy.option`, { en: 'unknown option', 'zh-CN': '未知选项' });
      for (const v of option.values) {
        if (b.quantityBy.quantities[v.code] === undefined) {
          throw invalid(`bom[${i}].quantityBy.quantities`, {
            en: `no quantity for value '${v.code}'`,
            'zh-CN': `取值“${v.code}”没有数量`,
          });
        }
      }
    }
    for (const m of b.item.matchAll(/\{([^}]*)\}/g)) {
      if (!spec.options.some((o) => o.key === m[1])) {
        throw invalid(`bom[${i}].item`, {
          en: `placeholder '{${m[1]}}' names no option`,
          'zh-CN': `占位符“{${m[1]}}”未对应任何选项`,
        });
      }
    }
  });
  if (spec.routing.length === 0)
    throw invalid('routing', {
      en: 'a product needs at least one operation',
      'zh-CN': '产品至少需要一道工序',
    });
  spec.routing.forEach((r, i) => {
    if (r.when) checkCondition(spec, r.when, `routing[${i}].when`);
    if (r.stations.length === 0)
      throw invalid(`routing[${i}].stations`, {
        en: 'no eligible station',
        'zh-CN': '没有可用工位',
      });
  });
}

/** Throws RONGHE_VALIDATION naming the field of the first inconsistency. */
export function validateModelSpec(spec: ProductModelSpec): void {
  checkOptions(spec);
  checkRules(spec);
  checkTemplates(spec);
  if (spec.changeover && !spec.options.some((o) => o.key === spec.changeover!.option)) {
    throw invalid('changeover.option', {
      en: `unknown option '${spec.changeover.option}'`,
      'zh-CN': `未知选项“${spec.changeover.option}”`,
    });
  }
  if (spec.pricing) validatePricing(spec, spec.pricing);
}
