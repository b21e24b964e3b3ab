// 领料 material issue on a production order: its BOM against what was issued, with lots and
// serials, and a form to report an issue. The server refuses an over-issue or more than is in
// stock, naming the line; the message is shown as it comes.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { mfgKey } from './api';
import { flowApi } from './flow-api';
import type { OrderMaterials } from './flow-types';

export function OrderMaterialsPanel({ orderId }: { orderId: string }) {
  const { t } = useTranslation('manufacturing');
  const q = useQuery({
    queryKey: [...mfgKey, 'order-materials', orderId],
    queryFn: () => flowApi.orderMaterials(orderId),
  });
  return (
    <div className="card table-wrap" data-testid="order-materials">
      <h2>{t('issue.title', { id: orderId })}</h2>
      <QueryView query={q} isEmpty={(d) => d.lines.length === 0} empty={t('issue.noBom')}>
        {(m) => (
          <>
            <table>
              <thead>
                <tr>
                  <th>{t('cfg.item')}</th>
                  <th>{t('issue.required')}</th>
                  <th>{t('issue.issued')}</th>
                  <th>{t('issue.remaining')}</th>
                  <th>{t('issue.lots')}</th>
                </tr>
              </thead>
              <tbody>
                {m.lines.map((l) => (
                  <tr key={l.item}>
                    <td>
                      <code>{l.item}</code>
                    </td>
                    <td className="num">{`${formatNumber(l.required, 3)} ${l.unit}`}</td>
                    <td className="num">{formatNumber(l.issued, 3)}</td>
                    <td className="num">{formatNumber(l.remaining, 3)}</td>
                    <td>{[...l.lots, ...l.serials].join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <IssueForm m={m} />
          </>
        )}
      </QueryView>
    </div>
  );
}

function IssueForm({ m }: { m: OrderMaterials }) {
  const { t } = useTranslation('manufacturing');
  const mayReport = useCan('production:report');
  const open = m.lines.filter((l) => l.remaining > 0);
  const [item, setItem] = useState(open[0]?.item ?? m.lines[0]?.item ?? '');
  const [quantity, setQuantity] = useState('');
  const [lot, setLot] = useState('');
  const [serials, setSerials] = useState('');
  const issue = useAction(
    () => {
      const list = serials.split(/[\s,，]+/).filter((s) => s !== '');
      return flowApi.issue(m.orderId, [
        {
          item,
          quantity: Number(quantity),
          ...(lot ? { lot } : {}),
          ...(list.length ? { serials: list } : {}),
        },
      ]);
    },
    {
      success: () => t('issue.done', { item }),
      invalidate: [mfgKey],
    },
  );
  if (!mayReport) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate(undefined);
  };
  return (
    <form className="toolbar" onSubmit={submit} aria-label={t('issue.submit')}>
      <label>
        {t('cfg.item')}
        <select name="item" value={item} onChange={(e) => setItem(e.target.value)}>
          {m.lines.map((l) => (
            <option key={l.item} value={l.item}>
              {l.item}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('mat.quantity')}
        <input
          name="issue-quantity"
          type="number"
          step="any"
          min={0}
          required
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
        />
      </label>
      <label>
        {t('issue.lot')}
        <input name="lot" maxLength={100} value={lot} onChange={(e) => setLot(e.target.value)} />
      </label>
      <label>
        {t('issue.serials')}
        <input name="serials" value={serials} onChange={(e) => setSerials(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={issue.isPending}>
        {t('issue.submit')}
      </button>
    </form>
  );
}
