// 拖期订单 late orders of the current plan, each with the server's explanation: the bottleneck
// operation and station, how long it waited and why (station busy with named orders, station
// closed for a break or off shift, or more work than open time before the due date).
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../shell/format';
import type { LateOrder } from './types';

type Lang = 'en' | 'zh-CN';

function Why({ late, lang }: { late: LateOrder; lang: Lang }) {
  const { t } = useTranslation('manufacturing');
  const b = late.bottleneck;
  if (late.cause === 'work-content' || !b) {
    return <>{t('late.work', { work: formatNumber(late.workMinutes, 0) })}</>;
  }
  const common = {
    op: `#${b.op} ${b.operation}`,
    station: b.station,
    subLot: b.subLot ? t('late.subLot', { index: b.subLot }) : '',
    wait: formatNumber(b.waitingMinutes, 0),
  };
  return late.cause === 'station-busy' ? (
    <>
      {t('late.busy', {
        ...common,
        busy: formatNumber(b.busyMinutes, 0),
        orders: (b.blockingOrderNames?.map((n) => n[lang]) ?? b.blockingOrders).join(
          lang === 'en' ? ', ' : '、',
        ),
      })}
    </>
  ) : (
    <>{t('late.closed', { ...common, closed: formatNumber(b.closedMinutes, 0) })}</>
  );
}

/** The order as people know it; plans stored before names existed show reference and id. */
function OrderName({ late: l, lang }: { late: LateOrder; lang: Lang }) {
  const { t } = useTranslation('manufacturing');
  if (l.name) return <>{l.name[lang]}</>;
  return (
    <>{l.customerOrder ? t('late.label', { co: l.customerOrder, po: l.orderId }) : l.orderId}</>
  );
}

export function LateOrders({ late }: { late: LateOrder[] }) {
  const { t, i18n } = useTranslation('manufacturing');
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <div className="card" data-testid="late-orders">
      <h2>{t('late.title', { count: late.length })}</h2>
      {late.length === 0 ? (
        <p className="muted">{t('late.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('late.order')}</th>
                <th>{t('late.due')}</th>
                <th>{t('late.completion')}</th>
                <th>{t('late.late')}</th>
                <th>{t('late.why')}</th>
              </tr>
            </thead>
            <tbody>
              {late.map((l) => (
                <tr key={l.orderId} data-testid="late-order">
                  <td>
                    <OrderName late={l} lang={lang} />
                  </td>
                  <td>{formatDateTime(l.dueAt)}</td>
                  <td>{formatDateTime(l.completionAt)}</td>
                  <td>{t('late.minutes', { count: l.tardinessMinutes })}</td>
                  <td className="why">
                    <Why late={l} lang={lang} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
