// Alarm subscriptions (告警订阅): the signed-in user's own rules for hearing about alarms —
// which changes, from which severity up (ISA-18.2 priorities), for which customers and asset
// models, over which channels (live feed in the console, e-mail, webhook where the server
// delivers them; the server says which it does not). Every role that reads alarms has its own.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AssetModel, Customer } from '../api/types';
import { ActionTable, DeleteButton } from '../shell/action-table';
import { CreateForm } from '../shell/create-form';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useAssetModels, useCustomers } from '../shell/reference-queries';
import { QueryView } from '../shell/states';
import { Checks } from './checks';
import { DeadLetters, WebhookFields, type WebhookDraft } from './subscription-webhooks';

const severities = ['critical', 'major', 'minor', 'warning'] as const;
const channels = ['live', 'email', 'webhook'] as const;
const changes = [
  'raised',
  'repeated',
  'escalated',
  'cleared',
  'acknowledged',
  'closed',
  'assigned',
  'commented',
  'suppressed',
  'unsuppressed',
] as const;
type Channel = (typeof channels)[number];
type Change = (typeof changes)[number];
type Severity = (typeof severities)[number];

export interface Subscription {
  id: string;
  channels: Channel[];
  minSeverity: Severity;
  customers: string[];
  models: string[];
  changes?: Change[];
  webhook?: { url: string };
  language?: 'zh-CN' | 'en';
  createdAt: number;
  updatedAt: number;
}
type Draft = Pick<Subscription, 'channels' | 'minSeverity' | 'customers' | 'models'> &
  WebhookDraft & { changes: Change[] };

const key = ['monitoring', 'subscriptions'];
const path = '/api/v1/alarm-subscriptions';
const blank: Draft = {
  channels: ['live'],
  minSeverity: 'major',
  customers: [],
  models: [],
  changes: ['raised', 'repeated', 'escalated', 'cleared'],
  webhookUrl: '',
  webhookSecret: '',
  language: 'zh-CN',
};
const draftOf = (s: Subscription): Draft => ({
  ...blank,
  ...s,
  changes: s.changes ?? blank.changes,
  webhookUrl: s.webhook?.url ?? '',
  language: s.language ?? 'zh-CN',
});
/** Only the fields the server takes (the stored subscription also has id and times). */
const bodyOf = (d: Draft) =>
  ({
    channels: d.channels,
    minSeverity: d.minSeverity,
    customers: d.customers,
    models: d.models,
    changes: d.changes,
    language: d.language,
    ...(d.channels.includes('webhook')
      ? {
          webhook: {
            url: d.webhookUrl,
            ...(d.webhookSecret ? { secret: d.webhookSecret } : {}),
          },
        }
      : {}),
  }) as never;

function usePicks() {
  const customers = useCustomers();
  const models = useAssetModels();
  return { customers: customers.data ?? [], models: models.data ?? [] };
}

export function SubscriptionsPage() {
  const { t } = useTranslation('monitoring');
  const picks = usePicks();
  const [editing, setEditing] = useState<string | null>(null);
  const subs = useQuery({
    queryKey: key,
    queryFn: () => api.get<typeof path, Subscription[]>(path),
  });
  const remove = useAction(
    (s: Subscription) => api.delete('/api/v1/alarm-subscriptions/{id}', { path: { id: s.id } }),
    { success: () => t('subs.deleted'), invalidate: [key] },
  );
  const customerName = new Map(picks.customers.map((c) => [c.id, c.name]));
  const modelName = new Map(picks.models.map((m) => [m.id, m.name]));
  const names = (ids: string[], m: Map<string, string>) =>
    ids.length ? ids.map((i) => m.get(i) ?? i).join('、') : t('subs.any');
  return (
    <section aria-labelledby="subs-title">
      <p>
        <Link to="/alarms">← {t('menu.alarms')}</Link>
      </p>
      <h1 id="subs-title">{t('subs.title')}</h1>
      <p className="muted">{t('subs.intro')}</p>
      <CreateSubscription picks={picks} />
      {editing && subs.data?.some((s) => s.id === editing) && (
        <EditSubscription
          picks={picks}
          sub={subs.data.find((s) => s.id === editing)!}
          onClose={() => setEditing(null)}
        />
      )}
      <div className="card table-wrap">
        <QueryView query={subs} isEmpty={(d) => d.length === 0} empty={t('subs.empty')}>
          {(list) => (
            <ActionTable
              testId="subscriptions"
              rows={list}
              rowKey={(s) => s.id}
              columns={[
                {
                  header: t('subs.channels'),
                  cell: (s) => s.channels.map((c) => t(`subs.channel.${c}`)).join('、'),
                },
                { header: t('subs.minSeverity'), cell: (s) => t(`severity.${s.minSeverity}`) },
                { header: t('alarms.customer'), cell: (s) => names(s.customers, customerName) },
                { header: t('alarms.model'), cell: (s) => names(s.models, modelName) },
                {
                  header: t('subs.changes'),
                  cell: (s) =>
                    (s.changes ?? blank.changes).map((c) => t(`subs.change.${c}`)).join('、'),
                },
                { header: t('subs.webhookUrl'), cell: (s) => s.webhook?.url ?? '' },
                { header: t('subs.updatedAt'), cell: (s) => formatDateTime(s.updatedAt) },
              ]}
              actionsHeader={t('alarms.actions')}
              actions={(s) => (
                <>
                  <button type="button" onClick={() => setEditing(s.id)}>
                    {t('subs.edit')}
                  </button>{' '}
                  <DeleteButton
                    name={t('subs.one')}
                    pending={remove.isPending}
                    onDelete={() => remove.mutate(s)}
                  />
                </>
              )}
            />
          )}
        </QueryView>
      </div>
      <DeadLetters />
    </section>
  );
}

type Picks = { customers: Customer[]; models: AssetModel[] };

function CreateSubscription({ picks }: { picks: Picks }) {
  const { t } = useTranslation('monitoring');
  const [d, setD] = useState(blank);
  return (
    <CreateForm
      title={t('subs.create')}
      submit={() => api.post(path, bodyOf(d)) as Promise<{ webhookSecret?: string }>}
      success={(r) =>
        r.webhookSecret
          ? `${t('subs.created')} ${t('subs.secretOnce', { secret: r.webhookSecret })}`
          : t('subs.created')
      }
      invalidate={[key]}
      onReset={() => setD(blank)}
    >
      <SubscriptionFields picks={picks} value={d} onChange={setD} />
    </CreateForm>
  );
}

function EditSubscription({
  picks,
  sub,
  onClose,
}: {
  picks: Picks;
  sub: Subscription;
  onClose: () => void;
}) {
  const { t } = useTranslation('monitoring');
  const [d, setD] = useState<Draft>(draftOf(sub));
  const save = useAction(
    () =>
      api.put('/api/v1/alarm-subscriptions/{id}', bodyOf(d), {
        path: { id: sub.id },
      }),
    {
      success: () => {
        onClose();
        return t('subs.updated');
      },
      invalidate: [key],
    },
  );
  return (
    <form
      className="panel toolbar"
      aria-label={t('subs.edit')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <SubscriptionFields picks={picks} value={d} onChange={setD} />
      <button type="submit" className="primary" disabled={save.isPending}>
        {t('form.submit', { ns: 'shell' })}
      </button>
      <button type="button" onClick={onClose}>
        {t('form.cancel', { ns: 'shell' })}
      </button>
    </form>
  );
}

function SubscriptionFields({
  picks,
  value: d,
  onChange,
}: {
  picks: Picks;
  value: Draft;
  onChange: (d: Draft) => void;
}) {
  const { t } = useTranslation('monitoring');
  const multi = (field: 'customers' | 'models') => (e: { target: HTMLSelectElement }) =>
    onChange({ ...d, [field]: [...e.target.selectedOptions].map((o) => o.value) });
  return (
    <>
      <Checks
        legend={t('subs.channels')}
        options={channels}
        value={d.channels}
        onChange={(v) => onChange({ ...d, channels: v })}
        label={(c) => t(`subs.channel.${c}`)}
      />
      <label>
        {t('subs.minSeverity')}
        <select
          value={d.minSeverity}
          onChange={(e) => onChange({ ...d, minSeverity: e.target.value as Severity })}
        >
          {severities.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('subs.customers')}
        <select multiple size={4} value={d.customers} onChange={multi('customers')}>
          {picks.customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('subs.models')}
        <select multiple size={4} value={d.models} onChange={multi('models')}>
          {picks.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <Checks
        legend={t('subs.changes')}
        options={changes}
        value={d.changes}
        onChange={(v) => onChange({ ...d, changes: v })}
        label={(c) => t(`subs.change.${c}`)}
      />
      <WebhookFields
        value={d}
        enabled={d.channels.includes('webhook')}
        onChange={(w) => onChange({ ...d, ...w })}
      />
    </>
  );
}
