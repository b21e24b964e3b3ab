// A statement as CSV (RFC 4180, CRLF) in Chinese or English: the heading facts as label/value
// rows, then the invoice lines with amounts VAT included, without VAT and the VAT, and their
// totals. Money is printed from whole fen (formatFen: two decimals, no float noise), so the CSV
// adds up exactly as the statement does. The HTTP edge adds the UTF-8 byte-order mark.
import { csvLine, formatFen, type Fen, type Language } from '../../kernel/index.ts';
import type { LineItem } from '../contracts/invoice.ts';
import type { PriceRule } from '../contracts/pricing.ts';
import type { StatementStatus } from '../contracts/statement.ts';
import type { Statement } from './statement-rows.ts';

interface Words {
  head: [string, string];
  id: string;
  contract: string;
  period: string;
  range: string;
  status: string;
  invoiceNo: string;
  invoiceDate: string;
  savings: string;
  price: string;
  rule: string;
  vatRate: string;
  lines: [string, string, string, string];
  total: string;
  statuses: Record<StatementStatus, string>;
  rules: Record<PriceRule, string>;
  items: Record<LineItem, string>;
}

const words: Record<Language, Words> = {
  'zh-CN': {
    head: ['项目', '内容'],
    id: '结算单编号',
    contract: '合同',
    period: '结算期',
    range: '起止日期',
    status: '状态',
    invoiceNo: '发票号',
    invoiceDate: '开票日期',
    savings: '节能量',
    price: '单价',
    rule: '分时电价计算方式',
    vatRate: '税率',
    lines: ['项目', '价税合计', '金额（不含税）', '税额'],
    total: '合计',
    statuses: { draft: '草稿', issued: '已出具', accepted: '已确认', disputed: '有异议' },
    rules: {
      hourly: '逐时按分时电价计算',
      'daily-flat-load': '仅有日数据：按日内负荷均匀分布计算',
      mixed: '有小时数据的日逐时计算，其余按日内负荷均匀分布',
    },
    items: {
      'savings-share': '节能效益分享',
      'excess-share': '超额节能量分享',
      'shortfall-credit': '未达保证节能量补偿',
      budget: '能源费用托管费',
      'budget-refund': '托管结余返还',
    },
  },
  en: {
    head: ['Field', 'Value'],
    id: 'Statement',
    contract: 'Contract',
    period: 'Period',
    range: 'Dates',
    status: 'Status',
    invoiceNo: 'Invoice number',
    invoiceDate: 'Invoice date',
    savings: 'Verified savings',
    price: 'Price',
    rule: 'Time-of-use pricing',
    vatRate: 'VAT rate',
    lines: ['Item', 'Amount incl. VAT', 'Amount excl. VAT', 'VAT'],
    total: 'Total',
    statuses: { draft: 'Draft', issued: 'Issued', accepted: 'Accepted', disputed: 'Disputed' },
    rules: {
      hourly: 'hour by hour from hourly data',
      'daily-flat-load': 'daily data only: load assumed flat over each day',
      mixed: 'hour by hour on days with hourly data, flat load on the others',
    },
    items: {
      'savings-share': 'Share of verified savings',
      'excess-share': 'Share of savings above the guarantee',
      'shortfall-credit': 'Credit for the guarantee shortfall',
      budget: 'Energy budget',
      'budget-refund': 'Refund of the budget underrun',
    },
  },
};

export function statementCsv(s: Statement, lang: Language): string {
  const w = words[lang];
  const ev = s.evidence as { energy?: { unit?: string }; tariff?: { pricePerUnit?: number } };
  const unit = ev.energy?.unit ?? 'kWh';
  const money = (fen: number) => formatFen(fen as Fen);
  const rows: Array<Array<string | number | null>> = [
    w.head,
    [w.id, s.id],
    [w.contract, s.contractName],
    [w.period, s.period],
    [w.range, `${s.periodStart} – ${s.periodEnd}`],
    [w.status, w.statuses[s.status]],
    [w.invoiceNo, s.invoiceNo],
    [w.invoiceDate, s.invoiceDate],
    [w.savings, `${s.savingsKwh.toFixed(1)} ${unit}`],
    [w.price, `${(ev.tariff?.pricePerUnit ?? 0).toFixed(4)} ${s.currency}/${unit}`],
    [w.rule, w.rules[s.priceRule]],
    [w.vatRate, `${+(s.vatRate * 100).toFixed(2)}%`],
    [],
    [...w.lines.slice(0, 1), ...w.lines.slice(1).map((h) => `${h} (${s.currency})`)],
    ...s.lines.map((l) => [w.items[l.item], money(l.grossFen), money(l.netFen), money(l.taxFen)]),
    [w.total, money(s.amountFen), money(s.netFen), money(s.taxFen)],
  ];
  return rows.map((r) => csvLine(r)).join('');
}
