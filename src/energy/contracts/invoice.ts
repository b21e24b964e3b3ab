// The lines of a statement as they go onto a VAT invoice, in whole fen (kernel/money.ts).
//
// The rule: each line's amount is the settled amount VAT included (价税合计), because the
// settlement values energy at the grid tariff, which is a tax-inclusive price. Each line is
// separated into amount without tax and tax as the invoice does it (价税分离): net = gross ÷
// (1 + rate) rounded half away from zero to the fen (增值税暂行条例实施细则 第十四条:
// 销售额 = 含税销售额 ÷ (1 + 税率)), and tax = gross − net, so every line adds up exactly.
// The statement's totals are the sums of its lines (金额合计, 税额合计), never a separation of
// the total: the invoice prints the lines and their column sums, and a reader adds them up.
// Rounding the total instead could differ from the sum of lines by a fen per line.
import { assertNever, fenOf, invalid, yuanOf, type Fen } from '../../kernel/index.ts';

/** What a line bills, by contract type (GB/T 24915-2020 §4). */
export const lineItems = [
  'savings-share',
  'excess-share',
  'shortfall-credit',
  'budget',
  'budget-refund',
] as const;
export type LineItem = (typeof lineItems)[number];

export interface InvoiceLine {
  item: LineItem;
  /** VAT included (价税合计); negative for a credit to the customer. */
  grossFen: Fen;
  /** Without VAT (金额). */
  netFen: Fen;
  /** VAT (税额) = gross − net. */
  taxFen: Fen;
}

export interface InvoiceTotals {
  grossFen: Fen;
  netFen: Fen;
  taxFen: Fen;
}

/** VAT rates a contract may name: 0 (exempt EMC projects) up to the 13 % of goods. */
export function checkVatRate(rate: number, field = 'vatRate'): number {
  if (!(Number.isFinite(rate) && rate >= 0 && rate <= 0.2))
    throw invalid(field, {
      en: 'is a VAT rate between 0 and 0.2 (e.g. 0.06 for energy-saving services)',
      'zh-CN': '是 0 到 0.2 之间的增值税税率（例如节能服务为 0.06）',
    });
  return rate;
}

/** Separates one tax-inclusive line into net and tax (价税分离), rounded to the fen. */
export function vatLine(item: LineItem, grossFen: Fen, rate: number): InvoiceLine {
  const netFen = fenOf(yuanOf(grossFen) / (1 + rate));
  return { item, grossFen, netFen, taxFen: (grossFen - netFen) as Fen };
}

/** Totals of a statement: the column sums of its lines. */
export function invoiceTotals(lines: readonly InvoiceLine[]): InvoiceTotals {
  let g = 0;
  let n = 0;
  let t = 0;
  for (const l of lines) {
    g += l.grossFen;
    n += l.netFen;
    t += l.taxFen;
  }
  return { grossFen: g as Fen, netFen: n as Fen, taxFen: t as Fen };
}

/** The gross lines of one settlement by contract type; zero lines are left out (one kept). */
export function grossLines(
  kind: 'shared-savings' | 'guaranteed-savings' | 'energy-cost-outsourcing',
  detail: Record<string, number>,
  customerToProviderFen: Fen,
): Array<{ item: LineItem; grossFen: Fen }> {
  const f = (yuan: number | undefined) => fenOf(yuan ?? 0);
  let lines: Array<{ item: LineItem; grossFen: Fen }>;
  switch (kind) {
    case 'shared-savings':
      lines = [{ item: 'savings-share', grossFen: customerToProviderFen }];
      break;
    case 'guaranteed-savings':
      lines = [
        { item: 'excess-share', grossFen: f(detail.excessShare) },
        { item: 'shortfall-credit', grossFen: -f(detail.shortfallPayment) as Fen },
      ];
      break;
    case 'energy-cost-outsourcing':
      lines = [
        { item: 'budget', grossFen: f(detail.budget) },
        { item: 'budget-refund', grossFen: -f(detail.customerRefund) as Fen },
      ];
      break;
    default:
      return assertNever(kind, 'contract kind');
  }
  const kept = lines.filter((l) => l.grossFen !== 0);
  return kept.length ? kept : lines.slice(0, 1);
}

/** The invoice of one settlement: its VAT-separated lines and their column sums. */
export function invoiceOf(
  kind: 'shared-savings' | 'guaranteed-savings' | 'energy-cost-outsourcing',
  amounts: { customerToProvider: number; detail: Record<string, number> },
  rate: number,
): { lines: InvoiceLine[]; totals: InvoiceTotals } {
  const gross = fenOf(amounts.customerToProvider);
  const lines = grossLines(kind, amounts.detail, gross).map((l) =>
    vatLine(l.item, l.grossFen, rate),
  );
  return { lines, totals: invoiceTotals(lines) };
}
