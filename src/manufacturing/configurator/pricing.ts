// Pricing a configuration (pure): the model's base price, the price of each chosen option value,
// surcharges for options that combine, and a quantity-break discount. Money is integer fen and
// rounds by the one rule of kernel/money.ts (四舍五入 to the fen); every line is an exact amount
// and the total is the sum of the lines as printed, never a rounding of an unrounded sum.
import { fenOf, invalid, sumFen, type Fen } from '../../kernel/index.ts';
import { holds } from './configure.ts';
import type { Condition, Configuration, Pricing, ProductModelSpec } from './model.ts';

export type QuoteLineKind = 'base' | 'option' | 'surcharge' | 'discount';

export interface QuoteLine {
  kind: QuoteLineKind;
  /** The option=value, rule id or model code the line comes from. */
  ref: string;
  /** Price per piece (fen); null for the discount, which is on the goods amount. */
  unitFen: number | null;
  quantity: number;
  amountFen: number;
}

export interface PricedConfiguration {
  lines: QuoteLine[];
  /** Base, options and surcharges per piece (before the quantity discount). */
  unitPriceFen: number;
  totalFen: number;
}

const describe = (cs: Condition[]) => cs.map((c) => `${c.option}=${c.values.join('|')}`).join('&');

/** The discount of the largest break reached, in basis points (0 when none is reached). */
export function breakFor(breaks: { minQuantity: number; discountBp: number }[], quantity: number) {
  let best: { minQuantity: number; discountBp: number } | undefined;
  for (const b of breaks)
    if (quantity >= b.minQuantity && (!best || b.minQuantity > best.minQuantity)) best = b;
  return best;
}

/** Prices a resolved configuration; throws RONGHE_VALIDATION when the model has no price list. */
export function priceConfiguration(
  spec: ProductModelSpec,
  cfg: Configuration,
  quantity: number,
): PricedConfiguration {
  const pricing = spec.pricing;
  if (!pricing)
    throw invalid('modelId', {
      en: `model '${spec.code}' has no price list (pricing)`,
      'zh-CN': `型号“${spec.code}”没有价目表（pricing）`,
    });
  const perPiece = (kind: QuoteLineKind, ref: string, unitFen: number): QuoteLine => ({
    kind,
    ref,
    unitFen,
    quantity,
    amountFen: unitFen * quantity,
  });
  const lines: QuoteLine[] = [perPiece('base', spec.code, pricing.basePriceFen)];
  for (const o of spec.options) {
    const value = cfg[o.key];
    const price = pricing.optionPrices.find((p) => p.option === o.key && p.value === value);
    if (price && price.priceFen !== 0)
      lines.push(perPiece('option', `${o.key}=${value}`, price.priceFen));
  }
  for (const r of pricing.rules)
    if (r.kind === 'surcharge' && r.when.every((c) => holds(c, cfg)))
      lines.push(perPiece('surcharge', `${r.id}: ${describe(r.when)}`, r.amountFen));
  const goods = sumFen(lines.map((l) => l.amountFen as Fen));
  for (const r of pricing.rules) {
    if (r.kind !== 'quantity-break') continue;
    const b = breakFor(r.breaks, quantity);
    if (!b || b.discountBp === 0) continue;
    // The discount is rounded once, on the goods amount (the decimal it means: fen × bp / 10⁴).
    const discount = fenOf((goods * b.discountBp) / 1_000_000);
    lines.push({
      kind: 'discount',
      ref: `${r.id}: ≥ ${b.minQuantity} pcs −${b.discountBp / 100} %`,
      unitFen: null,
      quantity,
      amountFen: discount === 0 ? 0 : -discount,
    });
  }
  const unitPriceFen = lines
    .filter((l) => l.kind !== 'discount')
    .reduce((s, l) => s + (l.unitFen ?? 0), 0);
  return { lines, unitPriceFen, totalFen: sumFen(lines.map((l) => l.amountFen as Fen)) };
}

const fenField = (v: number, field: string) => {
  if (!Number.isSafeInteger(v))
    throw invalid(field, {
      en: `must be whole fen (an integer), got ${v}`,
      'zh-CN': `必须是整数分，实为 ${v}`,
    });
};

/** Checks a price list against the model: options, values and conditions must exist. */
export function validatePricing(spec: ProductModelSpec, pricing: Pricing): void {
  fenField(pricing.basePriceFen, 'pricing.basePriceFen');
  const seen = new Set<string>();
  pricing.optionPrices.forEach((p, i) => {
    const f = `pricing.optionPrices[${i}]`;
    const option = spec.options.find((o) => o.key === p.option);
    if (!option)
      throw invalid(`${f}.option`, {
        en: `unknown option '${p.option}'`,
        'zh-CN': `未知选项“${p.option}”`,
      });
    if (!option.values.some((v) => v.code === p.value))
      throw invalid(`${f}.value`, {
        en: `option '${p.option}' has no value '${p.value}'`,
        'zh-CN': `选项“${p.option}”没有取值“${p.value}”`,
      });
    if (seen.has(`${p.option}=${p.value}`))
      throw invalid(`${f}.value`, { en: 'priced twice', 'zh-CN': '重复定价' });
    seen.add(`${p.option}=${p.value}`);
    fenField(p.priceFen, `${f}.priceFen`);
  });
  const ids = new Set<string>();
  pricing.rules.forEach((r, i) => {
    const f = `pricing.rules[${i}]`;
    if (ids.has(r.id))
      throw invalid(`${f}.id`, {
        en: `duplicate rule id '${r.id}'`,
        'zh-CN': `规则 ID“${r.id}”重复`,
      });
    ids.add(r.id);
    if (r.kind === 'surcharge') {
      if (r.when.length === 0)
        throw invalid(`${f}.when`, { en: 'lists no condition', 'zh-CN': '未列出任何条件' });
      r.when.forEach((c, j) => {
        const option = spec.options.find((o) => o.key === c.option);
        if (!option)
          throw invalid(`${f}.when[${j}].option`, {
            en: `unknown option '${c.option}'`,
            'zh-CN': `未知选项“${c.option}”`,
          });
        const bad = c.values.find((v) => !option.values.some((x) => x.code === v));
        if (bad !== undefined)
          throw invalid(`${f}.when[${j}].values`, {
            en: `option '${c.option}' has no value '${bad}'`,
            'zh-CN': `选项“${c.option}”没有取值“${bad}”`,
          });
      });
      fenField(r.amountFen, `${f}.amountFen`);
    } else {
      r.breaks.forEach((b, j) => {
        if (!Number.isInteger(b.discountBp) || b.discountBp < 0 || b.discountBp > 10_000)
          throw invalid(`${f}.breaks[${j}].discountBp`, {
            en: 'must be 0 to 10000 basis points',
            'zh-CN': '必须为 0 到 10000 个基点',
          });
      });
    }
  });
}
