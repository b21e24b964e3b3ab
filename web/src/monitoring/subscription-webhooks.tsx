// The webhook side of alarm subscriptions: the URL (and optional signing secret) fields of a
// subscription with the webhook channel, and the caller's dead-letter list — deliveries that
// failed after their last retry — with retry and drop (GET/POST/DELETE
// /api/v1/alarm-subscriptions/dead-letters).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import { ActionTable, DeleteButton } from '../shell/action-table';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { QueryView } from '../shell/states';

export interface WebhookDraft {
  webhookUrl: string;
  webhookSecret: string;
  language: 'zh-CN' | 'en';
}

export function WebhookFields({
  value: d,
  enabled,
  onChange,
}: {
  value: WebhookDraft;
  enabled: boolean;
  onChange: (d: WebhookDraft) => void;
}) {
  const { t } = useTranslation('monitoring');
  return (
    <>
      <label>
        {t('subs.language')}
        <select
          value={d.language}
          onChange={(e) => onChange({ ...d, language: e.target.value as WebhookDraft['language'] })}
        >
          <option value="zh-CN">中文</option>
          <option value="en">English</option>
        </select>
      </label>
      {enabled && (
        <>
          <label>
            {t('subs.webhookUrl')}
            <input
              type="url"
              required
              size={36}
              placeholder="https://ops.example.com/hooks/ronghe"
              value={d.webhookUrl}
              onChange={(e) => onChange({ ...d, webhookUrl: e.target.value })}
            />
          </label>
          <label>
            {t('subs.webhookSecret')}
            <input
              type="password"
              autoComplete="new-password"
              minLength={16}
              placeholder={t('subs.secretGenerated')}
              value={d.webhookSecret}
              onChange={(e) => onChange({ ...d, webhookSecret: e.target.value })}
            />
          </label>
        </>
      )}
    </>
  );
}

interface DeadLetter {
  id: string;
  subscriptionId: string;
  url: string;
  attempts: number;
  lastError: string;
  at: number;
}
const deadKey = ['monitoring', 'dead-letters'];
const deadPath = '/api/v1/alarm-subscriptions/dead-letters';

export function DeadLetters() {
  const { t } = useTranslation('monitoring');
  const list = useQuery({
    queryKey: deadKey,
    queryFn: () => request<DeadLetter[]>('get', deadPath),
  });
  const retry = useAction(
    (d: DeadLetter) =>
      request<{ ok: boolean; error?: string }>('post', `${deadPath}/${d.id}/retry`),
    {
      success: (r) => (r.ok ? t('subs.retried') : t('subs.retryFailed', { error: r.error ?? '' })),
      invalidate: [deadKey],
    },
  );
  const drop = useAction((d: DeadLetter) => request('delete', `${deadPath}/${d.id}`), {
    success: () => t('subs.dropped'),
    invalidate: [deadKey],
  });
  return (
    <section className="card table-wrap" aria-labelledby="dead-letters">
      <h2 id="dead-letters">{t('subs.deadLetters')}</h2>
      <QueryView query={list} isEmpty={(d) => d.length === 0} empty={t('subs.noDeadLetters')}>
        {(rows) => (
          <ActionTable
            testId="dead-letters"
            rows={rows}
            rowKey={(d) => d.id}
            columns={[
              { header: t('journal.at'), cell: (d) => formatDateTime(d.at) },
              { header: t('subs.webhookUrl'), cell: (d) => <code>{d.url}</code> },
              { header: t('subs.attempts'), cell: (d) => d.attempts },
              { header: t('subs.lastError'), cell: (d) => d.lastError },
            ]}
            actionsHeader={t('alarms.actions')}
            actions={(d) => (
              <>
                <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(d)}>
                  {t('subs.retry')}
                </button>{' '}
                <DeleteButton
                  name={t('subs.deadLetter')}
                  pending={drop.isPending}
                  onDelete={() => drop.mutate(d)}
                />
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}
