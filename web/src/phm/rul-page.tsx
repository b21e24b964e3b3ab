// RUL model training (剩余寿命模型训练): an engineer uploads C-MAPSS-format files (run-to-failure
// training units; optionally test units with their true RUL) or names the failures of the asset
// model's own assets (rul-failures.tsx), the training runs as a job on the
// server (POST /api/v1/phm/models/rul, polled at GET /api/v1/phm/jobs/{id}) with its progress
// shown, then the validation figures of the registered model (RMSE, PHM08 score, interval
// coverage on units it never saw) and the RUL versions of the asset model, any of which can be
// activated. The active model assesses the asset model's assets (schedules, "assess now").
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime, formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { QueryView } from '../shell/states';
import { FailuresForm } from './rul-failures';
import { PhmTabs } from './tabs';
import { fetchAssetModels, fetchModels, modelsKey } from './queries';
import type { RegisteredModel, RulMetrics, TrainingJob } from './types';

const files = ['train', 'test', 'rul'] as const;
type FileKey = (typeof files)[number];

export function RulPage() {
  const { t } = useTranslation('phm');
  const assetModels = useQuery({ queryKey: ['phm', 'asset-models'], queryFn: fetchAssetModels });
  const models = useQuery({ queryKey: modelsKey, queryFn: fetchModels });
  const [jobId, setJobId] = useState<string | null>(null);
  const [assetModelId, setAssetModelId] = useState('');
  const chosen = assetModelId || assetModels.data?.[0]?.id || '';
  const job = useQuery({
    queryKey: ['phm', 'jobs', jobId],
    enabled: jobId !== null,
    queryFn: () =>
      api.get<'/api/v1/phm/jobs/{id}', TrainingJob>('/api/v1/phm/jobs/{id}', {
        path: { id: jobId! },
      }),
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 500 : false),
  });
  const done = job.data?.status === 'ok' ? job.data.modelId : null;
  const versions = (models.data ?? []).filter(
    (m) => m.kind === 'rul' && (!chosen || m.assetModelId === chosen),
  );
  const trained = done ? (models.data ?? []).find((m) => m.id === done) : undefined;
  if (done && !trained && !models.isFetching) void models.refetch();
  return (
    <section aria-labelledby="rul-title">
      <PhmTabs />
      <h1 id="rul-title">{t('rul.title')}</h1>
      <p className="muted">{t('rul.intro')}</p>
      <Upload
        assetModels={assetModels.data ?? []}
        chosen={chosen}
        setChosen={setAssetModelId}
        onStarted={setJobId}
      />
      <FailuresForm
        key={chosen}
        assetModels={assetModels.data ?? []}
        chosen={chosen}
        setChosen={setAssetModelId}
        onStarted={setJobId}
      />
      {job.data && <JobProgress job={job.data} />}
      {trained && <Figures m={trained} />}
      <div className="card table-wrap">
        <h2>{t('rul.versions')}</h2>
        <QueryView query={models} isEmpty={() => versions.length === 0} empty={t('rul.none')}>
          {() => <Versions list={versions} />}
        </QueryView>
      </div>
    </section>
  );
}

function Upload({
  assetModels,
  chosen,
  setChosen,
  onStarted,
}: {
  assetModels: Array<{ id: string; name: string }>;
  chosen: string;
  setChosen: (id: string) => void;
  onStarted: (jobId: string) => void;
}) {
  const { t } = useTranslation('phm');
  const [picked, setPicked] = useState<Partial<Record<FileKey, File>>>({});
  const [trees, setTrees] = useState(400);
  const start = useAction(
    async () => {
      const text = async (k: FileKey) => (picked[k] ? await picked[k].text() : undefined);
      const [train, test, rul] = await Promise.all(files.map(text));
      return api.post<'/api/v1/phm/models/rul', TrainingJob>('/api/v1/phm/models/rul', {
        assetModelId: chosen,
        source: { kind: 'cmapss', train: train ?? '', ...(test && rul ? { test, rul } : {}) },
        trees,
      });
    },
    {
      success: (j) => {
        onStarted(j.id);
        return t('rul.started');
      },
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate(undefined);
  };
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('rul.train')}>
      <label>
        {t('models.assetModel')}
        <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {assetModels.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      {files.map((k) => (
        <label key={k}>
          {t(`rul.file.${k}`)}
          <input
            type="file"
            accept=".txt,.csv,text/plain"
            required={k === 'train'}
            onChange={(e) => setPicked({ ...picked, [k]: e.target.files?.[0] })}
          />
        </label>
      ))}
      <label>
        {t('rul.trees')}
        <input
          type="number"
          min={20}
          max={2000}
          value={trees}
          onChange={(e) => setTrees(Number(e.target.value))}
        />
      </label>
      <button type="submit" className="primary" disabled={start.isPending || !chosen}>
        {t('rul.train')}
      </button>
    </form>
  );
}

function JobProgress({ job }: { job: TrainingJob }) {
  const { t } = useTranslation('phm');
  const pct = Math.round(job.progress * 100);
  return (
    <div className="card" data-testid="rul-job" data-status={job.status}>
      <label>
        {t(`rul.status.${job.status}`)} · {pct} %
        <progress max={100} value={pct} aria-label={t('rul.progress')} />
      </label>
      {/* The server's step text while running; the reason when training failed. */}
      {job.message && job.status !== 'ok' && (
        <p className="muted">
          {job.status === 'failed' ? job.message : t('rul.step', { m: job.message })}
        </p>
      )}
    </div>
  );
}

function Figures({ m }: { m: RegisteredModel }) {
  const { t } = useTranslation('phm');
  const x = m.metrics as unknown as RulMetrics;
  const v = x.validation;
  const pct = (n: number) => `${formatNumber(n * 100, 0)} %`;
  return (
    <section className="card" aria-labelledby="rul-figures" data-testid="rul-figures">
      <h2 id="rul-figures">
        {t('rul.figures')} · v{m.version}
      </h2>
      <p className="muted">
        {t(`rul.protocol.${v.protocol}`, { units: v.units, predictions: v.predictions })}
      </p>
      <div className="kpis">
        <div className="kpi">
          <div className="value">{formatNumber(v.rmse, 1)}</div>
          <div className="label">{t('rul.rmse')}</div>
        </div>
        <div className="kpi">
          <div className="value">{formatNumber(v.score, 1)}</div>
          <div className="label">{t('rul.score')}</div>
        </div>
        <div className="kpi">
          <div className="value">{pct(v.coverage)}</div>
          <div className="label">{t('rul.coverage', { nominal: pct(v.nominalCoverage) })}</div>
        </div>
        <div className="kpi">
          <div className="value">
            {/* Too few calibration points for a band make its conformal bound infinite (sent as
                null): an open interval, not a zero-width one. */}
            {v.meanWidth !== null && Number.isFinite(v.meanWidth)
              ? formatNumber(v.meanWidth, 1)
              : t('health.open')}
          </div>
          <div className="label">{t('rul.width')}</div>
        </div>
        <div className="kpi">
          <div className="value">{x.trainUnits}</div>
          <div className="label">{t('rul.trainUnits')}</div>
        </div>
      </div>
    </section>
  );
}

function Versions({ list }: { list: RegisteredModel[] }) {
  const { t } = useTranslation('phm');
  const activate = useAction(
    (m: RegisteredModel) =>
      api.post<'/api/v1/phm/models/{id}/activate', RegisteredModel>(
        '/api/v1/phm/models/{id}/activate',
        {},
        { path: { id: m.id } },
      ),
    {
      success: (_r, m) => t('models.activated', { version: m.version }),
      invalidate: [modelsKey],
    },
  );
  return (
    <table data-testid="rul-versions">
      <thead>
        <tr>
          <th>{t('models.version')}</th>
          <th>{t('models.status')}</th>
          <th>{t('rul.rmse')}</th>
          <th>{t('rul.coverageShort')}</th>
          <th>{t('models.createdAt')}</th>
          <th>{t('models.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((m) => {
          const v = (m.metrics as unknown as RulMetrics).validation;
          return (
            <tr key={m.id}>
              <td>v{m.version}</td>
              <td>
                <span className={`badge ${m.status === 'active' ? 'status-running' : 'muted'}`}>
                  {t(`models.${m.status}`)}
                </span>
              </td>
              <td>{formatNumber(v.rmse, 1)}</td>
              <td>{formatNumber(v.coverage * 100, 0)} %</td>
              <td>{formatDateTime(m.createdAt)}</td>
              <td className="actions">
                {m.status !== 'active' && (
                  <button
                    type="button"
                    disabled={activate.isPending}
                    onClick={() => activate.mutate(m)}
                  >
                    {t('models.activate')} v{m.version}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
