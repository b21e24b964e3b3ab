// The money of a statement as it goes onto the VAT invoice: each line with its amount without
// VAT, the rate, the VAT and the amount VAT included, and the totals (the sums of the lines, so the
// page adds up as printed), with the price per kWh and the rule the TOU tariff was applied by.
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../shell/format';
import { formatFen, formatRate } from './money';
import type { Statement } from './types';

export function StatementMoney({ s }: { s: Statement }) {
  const { t } = useTranslation('energy');
  const ev = s.evidence ?? {};
  const unit = ev.energy?.unit ?? 'kWh';
  return (
    <>
      <h2>{t('statement.money')}</h2>
      <table className="statement-table">
        <tbody>
          {ev.tariff && (
            <tr>
              <th scope="row">{t('statement.price')}</th>
              <td className="num">
                {formatNumber(ev.tariff.pricePerUnit, 4)} {ev.tariff.currency}/{unit}
              </td>
            </tr>
          )}
          <tr>
            <th scope="row">{t('statement.priceRule')}</th>
            <td className="num" data-testid="price-rule">
              {t(`rule.${s.priceRule}`, {
                hourly: ev.tariff?.hourlyDays ?? 0,
                flat: ev.tariff?.flatDays ?? 0,
              })}
            </td>
          </tr>
          {ev.amounts && (
            <tr>
              <th scope="row">{t('statement.savingsValue')}</th>
              <td className="num">
                {formatNumber(ev.amounts.savingsValue, 2)} {s.currency}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <table className="statement-table invoice-lines" data-testid="invoice-lines">
        <thead>
          <tr>
            <th>{t('statement.item')}</th>
            <th className="num">{t('statement.net')}</th>
            <th className="num">{t('statement.vatRate')}</th>
            <th className="num">{t('statement.tax')}</th>
            <th className="num">{t('statement.gross')}</th>
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => (
            <tr key={l.item}>
              <td>{t(`item.${l.item}`)}</td>
              <td className="num">{formatFen(l.netFen)}</td>
              <td className="num">{formatRate(s.vatRate)}</td>
              <td className="num">{formatFen(l.taxFen)}</td>
              <td className="num">{formatFen(l.grossFen)}</td>
            </tr>
          ))}
          <tr className="total">
            <th scope="row">{t('statement.total', { currency: s.currency })}</th>
            <td className="num" data-testid="net">
              {formatFen(s.netFen)}
            </td>
            <td />
            <td className="num" data-testid="tax">
              {formatFen(s.taxFen)}
            </td>
            <td className="num" data-testid="amount">
              {formatFen(s.amountFen)} {s.currency}
            </td>
          </tr>
        </tbody>
      </table>
    </>
  );
}
