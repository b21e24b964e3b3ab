// Money to the fen (分, 0.01 CNY), by one rule everywhere an amount is shown or settled.
//
// The rule: round half away from zero (四舍五入) to the fen, on the decimal value the
// calculation meant. This is the rounding of Chinese invoicing practice (amounts and tax on a
// VAT invoice are rounded 四舍五入 to the fen) and the rule 1.235 → 1.24 a reader checks by hand.
// GB/T 8170-2008's "round half to even" (四舍六入五成双) is for measured values (our kWh and
// temperatures), not for money. Negative amounts round like their positive counterpart
// (−2.675 → −2.68), so a refund and a charge of the same size agree.
//
// "The decimal the calculation meant": 2.675 has no exact binary form (it is stored as
// 2.67499999999999982236431605997495353221893310546875; toFixed(2) gives 2.67), and 1.005 × 100
// is 100.49999999999999. The product by 100 is first cut to 15 significant digits (what a
// double carries reliably), which gives back 100.5, and that is rounded. Amounts up to 10^12 CNY keep every fen.
//
// Totals: each line is rounded when it is settled, and a total is the sum of the rounded lines
// (as on an invoice), never a rounding of the unrounded sum, so a statement adds up as printed.
// Rates (CNY per kWh) are not amounts and keep their precision.
import type { Brand } from './brand.ts';

/** An amount of money in whole fen (0.01 CNY); integers only. */
export type Fen = Brand<number, 'Fen'>;

/** Rounds an amount in yuan to whole fen, half away from zero (四舍五入). */
export function fenOf(yuan: number): Fen {
  if (!Number.isFinite(yuan)) throw new RangeError(`not an amount of money: ${yuan}`);
  const cents = Number((yuan * 100).toPrecision(15));
  const r = Math.sign(cents) * Math.floor(Math.abs(cents) + 0.5);
  return (r === 0 ? 0 : r) as Fen; // no −0
}

/** Whole fen as yuan (for JSON and display): 1234 fen → 12.34. */
export const yuanOf = (fen: Fen): number => fen / 100;

/** Rounds an amount in yuan to the fen and gives it back in yuan: 2.675 → 2.68. */
export const roundYuan = (yuan: number): number => yuanOf(fenOf(yuan));

/** Sum of amounts already in fen (exact: integers). */
export const sumFen = (amounts: readonly Fen[]): Fen =>
  amounts.reduce<number>((s, a) => s + a, 0) as Fen;

/** Whole fen as a yuan string with two decimals, no float noise: −5 → "-0.05". */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
