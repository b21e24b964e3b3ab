// On the work-order page: the alarm that caused the order (a link to the alarm list), and the
// customer's confirmation and rating (1–5) of a finished visit, or the one already given.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { keys } from './queries';
import type { WorkOrder } from './types';

export function WorkOrderAlarm({ o }: { o: WorkOrder }) {
  const { t } = useTranslation('service');
  if (!o.alarmId) return null;
  return (
    <p data-testid="wo-alarm">
      {t('link.fromAlarm')}{' '}
      <Link to={`/alarms?alarm=${encodeURIComponent(o.alarmId)}`}>{o.alarmId}</Link>
    </p>
  );
}

export function VisitConfirmation({ o }: { o: WorkOrder }) {
  const { t } = useTranslation('service');
  const mayConfirm = useCan('service:request');
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  const confirm = useAction(
    (body: { rating: number; comment?: string }) =>
      request<WorkOrder>(
        'post',
        `/api/v1/service/work-orders/${encodeURIComponent(o.id)}/confirm`,
        { body },
      ),
    { success: () => t('rating.sent'), invalidate: [keys.order(o.id)] },
  );
  if (o.confirmedAt != null)
    return (
      <div className="card" data-testid="wo-rating">
        <h2>{t('rating.title')}</h2>
        <p>
          {'★'.repeat(o.rating ?? 0)}
          {'☆'.repeat(5 - (o.rating ?? 0))} · {formatDateTime(o.confirmedAt)}
        </p>
        {o.customerComment && <p>{o.customerComment}</p>}
      </div>
    );
  if (!mayConfirm || (o.status !== 'done' && o.status !== 'closed')) return null;
  const submit = () => confirm.mutate({ rating, ...(comment ? { comment } : {}) });
  return (
    <div className="card" data-testid="wo-confirm">
      <h2>{t('rating.title')}</h2>
      <p className="muted">{t('rating.intro')}</p>
      <label>
        {t('rating.stars')}
        <select value={rating} onChange={(e) => setRating(Number(e.target.value))}>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {'★'.repeat(n)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('rating.comment')}
        <textarea value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="button" onClick={submit} disabled={confirm.isPending}>
        {t('rating.submit')}
      </button>
    </div>
  );
}
