// Alarm journal (告警日志): every change of every alarm, kept after it closes (GET
// /api/v1/alarms/journal), filtered by asset, action and the alarm's state now, or one alarm's
// whole history (?alarmId=, the link in alarm e-mail and in the alarm list); paged by cursor.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, request } from '../api/client';
import type { AssetPage } from '../api/types';
import { formatDateTime, formatNumber } from '../shell/format';
import { Empty } from '../shell/states';
import { Actor } from '../shell/actor';

const actions = [
  'raised',
  'returned',
  'acknowledged',
  'cleared',
  'closed',
  'escalated',
  'assigned',
  'commented',
  'shelved',
  'unshelved',
  'suppressed',
  'unsuppressed',
] as const;

interface JournalRow {
  id: string;
  alarmId: string | null;
  asset: string;
  assetName: string | null;
  assetSerial: string | null;
  ruleName: string;
  action: (typeof actions)[number];
  severity: string | null;
  actor: string | null;
  actorName: string | null;
  detail: Record<string, unknown> | null;
  value: number | null;
  at: number;
}
type Page = { items: JournalRow[]; nextCursor: string | null };

function detailText(r: JournalRow): string {
  const d = r.detail ?? {};
  return [d.text, d.to, d.reason].filter((x) => typeof x === 'string').join(' · ');
}

export function JournalPage() {
  const { t } = useTranslation('monitoring');
  const [params, setParams] = useSearchParams();
  const f = Object.fromEntries(
    ['alarmId', 'assetId', 'action', 'state'].map((k) => [k, params.get(k) ?? '']),
  ) as Record<'alarmId' | 'assetId' | 'action' | 'state', string>;
  const set = (k: string, v: string) =>
    setParams((p) => (v ? p.set(k, v) : p.delete(k), p), { replace: true });
  const assets = useQuery({
    queryKey: ['assets', 'all'],
    queryFn: () =>
      api.get('/api/v1/assets', { query: { pageSize: 500, sort: 'name' } }) as Promise<AssetPage>,
  });
  const q = useInfiniteQuery({
    queryKey: ['alarms', 'journal', f],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const s = new URLSearchParams({ limit: '50' });
      for (const [k, v] of Object.entries(f)) if (v) s.set(k, v);
      if (pageParam) s.set('cursor', pageParam);
      return request<Page>('get', `/api/v1/alarms/journal?${s.toString()}`);
    },
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const select = (k: keyof typeof f, label: string, options: Array<[string, string]>) => (
    <label>
      {label}
      <select value={f[k]} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t('alarms.all')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div>
      <div className="row">
        <h1>{t('journal.title')}</h1>
        <span className="spacer" />
        <Link to="/alarms">{t('alarms.title')}</Link>
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t('journal.title')}
      >
        {select(
          'assetId',
          t('alarms.asset'),
          (assets.data?.items ?? []).map((a) => [a.id, `${a.name} (${a.serial})`]),
        )}
        {select(
          'action',
          t('journal.action'),
          actions.map((a) => [a, t(`journal.actions.${a}`)]),
        )}
        {select('state', t('alarms.state'), [
          ['open', t('journal.open')],
          ['closed', t('journal.closed')],
        ])}
        {f.alarmId && (
          <span className="badge" data-testid="journal-alarm">
            {t('journal.oneAlarm')} <code>{f.alarmId}</code>{' '}
            <button type="button" className="link" onClick={() => set('alarmId', '')}>
              ×
            </button>
          </span>
        )}
      </form>
      <section className="card">
        {q.isPending ? (
          <p className="muted">…</p>
        ) : rows.length === 0 ? (
          <Empty>{t('journal.none')}</Empty>
        ) : (
          <table className="table" data-testid="journal">
            <thead>
              <tr>
                <th>{t('journal.at')}</th>
                <th>{t('alarms.asset')}</th>
                <th>{t('alarms.rule')}</th>
                <th>{t('journal.action')}</th>
                <th>{t('journal.actor')}</th>
                <th>{t('journal.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="journal-row" data-action={r.action}>
                  <td>{formatDateTime(r.at)}</td>
                  <td>
                    <Link to={`/assets/${r.asset}`}>{r.assetName ?? r.asset}</Link>{' '}
                    <span className="muted">{r.assetSerial}</span>
                  </td>
                  <td>
                    {r.alarmId ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() => set('alarmId', r.alarmId ?? '')}
                      >
                        {r.ruleName}
                      </button>
                    ) : (
                      r.ruleName
                    )}
                  </td>
                  <td>
                    {r.severity && (
                      <span className={`badge sev-${r.severity}`}>
                        {t(`severity.${r.severity}`)}
                      </span>
                    )}{' '}
                    {t(`journal.actions.${r.action}`)}
                  </td>
                  <td>
                    {r.actor ? <Actor actor={r.actor} name={r.actorName} /> : t('journal.system')}
                  </td>
                  <td>
                    {detailText(r)}
                    {r.value !== null && ` ${t('alarms.value')}: ${formatNumber(r.value)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {q.hasNextPage && (
          <button
            type="button"
            onClick={() => void q.fetchNextPage()}
            disabled={q.isFetchingNextPage}
          >
            {t('journal.more')}
          </button>
        )}
      </section>
    </div>
  );
}
