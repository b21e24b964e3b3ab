// Rules and derived channels (规则与派生测点) of one asset model, or of one asset of it (its own
// overrides and the rules in force). Model and asset are in the URL; the editor marks the
// server's error at its line and column.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AssetModel, AssetPage } from '../api/types';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import type { RuleOverride, RuleSpec } from '../../../src/monitoring/rules/types.ts';
import { RuleEditor, type RuleScope } from './rules-editor';
import './rules.css';

interface RulesAnswer {
  own: RuleOverride[];
  resolved?: RuleSpec[];
}
interface DerivedAnswer {
  channels: Array<{ name: string; expression: string }>;
}

export function RulesPage() {
  const { t } = useTranslation('rules');
  const [params, setParams] = useSearchParams();
  const modelId = params.get('modelId') ?? '';
  const assetId = params.get('assetId') ?? '';
  const models = useQuery({
    queryKey: ['asset-models'],
    queryFn: () => api.get<'/api/v1/asset-models', AssetModel[]>('/api/v1/asset-models'),
  });
  const assets = useQuery({
    queryKey: ['assets', 'all'],
    queryFn: () =>
      api.get('/api/v1/assets', { query: { pageSize: 500, sort: 'name' } }) as Promise<AssetPage>,
    enabled: !!modelId,
  });
  const model = models.data?.find((m) => m.id === modelId);
  const ofModel = (assets.data?.items ?? []).filter((a) => a.modelId === modelId);
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('rules.title')}</h1>
      <p className="muted">{t('rules.intro')}</p>
      <div className="toolbar">
        <label>
          {t('rules.model')}
          <select
            name="modelId"
            value={modelId}
            onChange={(e) => setParams(e.target.value ? { modelId: e.target.value } : {})}
          >
            <option value="">{t('rules.chooseModel')}</option>
            {(models.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {modelId && (
          <label>
            {t('rules.asset')}
            <select
              name="assetId"
              value={assetId}
              onChange={(e) =>
                setParams(e.target.value ? { modelId, assetId: e.target.value } : { modelId })
              }
            >
              <option value="">{t('rules.modelRules')}</option>
              {ofModel.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.serial})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {!modelId ? (
        <Empty>{t('rules.chooseModel')}</Empty>
      ) : (
        <Rules
          key={`${modelId}/${assetId}`}
          scope={assetId ? { kind: 'asset', id: assetId } : { kind: 'model', id: modelId }}
          modelId={modelId}
          model={model}
        />
      )}
    </section>
  );
}

const condition = (r: RuleOverride): string => {
  if ('disabled' in r) return '—';
  switch (r.kind) {
    case 'threshold':
      return r.op === 'outside'
        ? `${r.value} ∉ [${r.low}, ${r.high}]`
        : `${r.value} ${r.op === 'above' ? '>' : '<'} ${r.limit}`;
    case 'rate':
      return `|d(${r.value})/dt| > ${r.maxPerMinute}/min`;
    case 'deviation':
      return `|${r.value} − ${r.reference}| > ${r.maxDeviation}`;
    case 'expression':
      return r.when;
    case 'no-data':
      return `> ${r.factor ?? 1} × ${r.expectedIntervalMs / 1000} s`;
  }
};

function Rules({
  scope,
  modelId,
  model,
}: {
  scope: RuleScope;
  modelId: string;
  model: AssetModel | undefined;
}) {
  const { t } = useTranslation('rules');
  const mayWrite = useCan('rule:write');
  const key = ['rules', scope.kind, scope.id];
  const q = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<'/api/v1/monitoring/rules', RulesAnswer>('/api/v1/monitoring/rules', {
        query: scope.kind === 'model' ? { modelId: scope.id } : { assetId: scope.id },
      }),
  });
  const derived = useQuery({
    queryKey: ['rules', 'derived', modelId],
    queryFn: () =>
      api.get<'/api/v1/monitoring/derived-channels/models/{modelId}', DerivedAnswer>(
        '/api/v1/monitoring/derived-channels/models/{modelId}',
        { path: { modelId } },
      ),
  });
  const [editing, setEditing] = useState<RuleSpec | 'new' | null>(null);
  const remove = useAction(
    (id: string) =>
      api.delete('/api/v1/monitoring/rules/{scope}/{scopeId}/{ruleId}', {
        path: {
          scope: scope.kind === 'model' ? 'models' : 'assets',
          scopeId: scope.id,
          ruleId: id,
        },
      }),
    { success: (_r, id) => t('rules.deleted', { id }), invalidate: [key] },
  );
  const table = (rows: RuleOverride[], actions: boolean) => (
    <table>
      <thead>
        <tr>
          <th>{t('rules.id')}</th>
          <th>{t('rules.name')}</th>
          <th>{t('rules.kind')}</th>
          <th>{t('rules.severity')}</th>
          <th>{t('rules.condition')}</th>
          {actions && mayWrite && (
            <th>
              <span className="sr-only">{t('rules.edit')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid="rule" data-rule={r.id}>
            <td>
              <code>{r.id}</code>
            </td>
            <td>{'name' in r ? r.name : ''}</td>
            <td>{'kind' in r ? t(`kind.${r.kind}`) : '—'}</td>
            <td>{'severity' in r ? t(`severity.${r.severity}`) : ''}</td>
            <td>
              <code className="rule-cond">{condition(r)}</code>
            </td>
            {actions && mayWrite && (
              <td className="row">
                {'kind' in r && (
                  <button type="button" onClick={() => setEditing(r)}>
                    {t('rules.edit')}
                  </button>
                )}
                <button
                  type="button"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(r.id)}
                >
                  {t('rules.delete')}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      {mayWrite && !editing && (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('rules.add')}
        </button>
      )}
      {editing && (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          scope={scope}
          rule={editing === 'new' ? null : editing}
          invalidate={[key]}
          onDone={() => setEditing(null)}
        />
      )}
      <div className="card table-wrap">
        <h2>{t('rules.own')}</h2>
        <QueryView query={q} isEmpty={(d) => d.own.length === 0} empty={t('rules.empty')}>
          {(d) => table(d.own, true)}
        </QueryView>
      </div>
      {q.data?.resolved && (
        <div className="card table-wrap">
          <h2>{t('rules.resolved')}</h2>
          {q.data.resolved.length ? (
            table(q.data.resolved, false)
          ) : (
            <Empty>{t('rules.empty')}</Empty>
          )}
        </div>
      )}
      <div className="card">
        <h2>{t('rules.channels')}</h2>
        <p className="rule-channels">
          {(model?.channels ?? []).map((c) => (
            <code key={c.key} title={c.name}>
              {c.key}
              {c.unit ? ` (${c.unit})` : ''}
            </code>
          ))}
        </p>
        <h3>{t('rules.derived')}</h3>
        <QueryView
          query={derived}
          isEmpty={(d) => d.channels.length === 0}
          empty={t('rules.noDerived')}
        >
          {(d) => (
            <ul>
              {d.channels.map((c) => (
                <li key={c.name}>
                  <code>
                    {c.name} = {c.expression}
                  </code>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </div>
    </>
  );
}
