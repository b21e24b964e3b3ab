// Maintenance plans (保养计划): every plan with what triggers it (every N days/weeks/months, or
// every N running hours, cycles or counter units from a telemetry channel), its usage so far and
// the work orders it opened; a form to add one (service:write) and "run now" instead of waiting
// for the scheduler's next minute.
import './service.css';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import {
  createPlan,
  planKeys,
  runPlans,
  setPlanActive,
  useModels,
  usePlan,
  usePlans,
  useTemplates,
} from './plan-queries';
import type { Plan, PlanTrigger } from './plan-types';
import { useAssets } from './queries';
import { priorities } from './types';

export function PlansPage() {
  const { t } = useTranslation('service');
  const canWrite = useCan('service:write');
  const list = usePlans();
  const [open, setOpen] = useState<string | null>(null);
  const run = useAction(runPlans, {
    success: (r) => t('plan.ran', { n: r.fired.length }),
    invalidate: [['service']],
  });
  return (
    <section aria-labelledby="plans-title">
      <p>
        <Link to="/service/work-orders">← {t('order.back')}</Link>
      </p>
      <h1 id="plans-title">{t('plan.title')}</h1>
      <p className="muted">{t('plan.intro')}</p>
      {canWrite && (
        <div className="toolbar">
          <button type="button" disabled={run.isPending} onClick={() => run.mutate(undefined)}>
            {t('plan.runNow')}
          </button>
        </div>
      )}
      <div className="card table-wrap">
        <QueryView query={list} isEmpty={(d) => d.length === 0} empty={t('plan.empty')}>
          {(rows) => (
            <table data-testid="plans">
              <thead>
                <tr>
                  <th>{t('plan.name')}</th>
                  <th>{t('plan.trigger')}</th>
                  <th>{t('plan.active')}</th>
                  <th>
                    <span className="sr-only">{t('plan.details')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <PlanRow key={p.id} p={p} onOpen={() => setOpen(open === p.id ? null : p.id)} />
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
      {open && <PlanDetails id={open} />}
      {canWrite && <PlanForm />}
    </section>
  );
}

export function useTriggerText() {
  const { t } = useTranslation('service');
  return (tr: PlanTrigger) =>
    tr.kind === 'calendar'
      ? t('plan.everyCalendar', {
          n: tr.every,
          unit: t(`plan.unit.${tr.unit}`),
          start: tr.startDate,
          at: tr.atTime,
        })
      : t('plan.everyUsage', {
          n: formatNumber(tr.interval, 2),
          metric: t(`plan.metric.${tr.metric}`),
          channel: tr.channel,
          threshold: formatNumber(tr.threshold, 3),
        });
}

function PlanRow({ p, onOpen }: { p: Plan; onOpen: () => void }) {
  const { t } = useTranslation('service');
  const text = useTriggerText();
  const canWrite = useCan('service:write');
  const toggle = useAction(() => setPlanActive(p.id, !p.active), {
    success: (r) => t(r.active ? 'plan.activated' : 'plan.paused', { name: r.name }),
    invalidate: [planKeys.plans],
  });
  return (
    <tr>
      <td>{p.name}</td>
      <td>{text(p.trigger)}</td>
      <td>
        {canWrite ? (
          <label className="inline">
            <input
              type="checkbox"
              checked={p.active}
              disabled={toggle.isPending}
              onChange={() => toggle.mutate(undefined)}
            />
            {p.active ? t('plan.on') : t('plan.off')}
          </label>
        ) : p.active ? (
          t('plan.on')
        ) : (
          t('plan.off')
        )}
      </td>
      <td>
        <button type="button" onClick={onOpen}>
          {t('plan.details')}
        </button>
      </td>
    </tr>
  );
}

function PlanDetails({ id }: { id: string }) {
  const { t } = useTranslation('service');
  const q = usePlan(id);
  const assets = useAssets().data;
  const name = (a: string) => assets?.find((x) => x.id === a)?.name ?? a;
  return (
    <div className="card table-wrap" data-testid="plan-details">
      <QueryView query={q}>
        {(p) => (
          <>
            <h2>{p.name}</h2>
            {p.assets.length === 0 ? (
              <p className="muted">{t('plan.notYet')}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{t('order.asset')}</th>
                    <th className="num">{t('plan.usage')}</th>
                    <th>{t('plan.fired')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.assets.map((a) => (
                    <tr key={a.assetId}>
                      <td>{name(a.assetId)}</td>
                      <td className="num">{a.usage === null ? '—' : formatNumber(a.usage, 1)}</td>
                      <td>
                        {a.firings.map((f) => (
                          <div key={f.dueKey}>
                            <Link to={`/service/work-orders/${f.workOrderId}`}>
                              {formatDateTime(f.firedAt)}
                            </Link>
                          </div>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </QueryView>
    </div>
  );
}

function PlanForm() {
  const { t } = useTranslation('service');
  const assets = useAssets().data ?? [];
  const models = useModels().data ?? [];
  const templates = useTemplates().data ?? [];
  const [kind, setKind] = useState<'calendar' | 'usage'>('calendar');
  const [target, setTarget] = useState('');
  const create = useAction(createPlan, {
    success: () => t('plan.created'),
    invalidate: [planKeys.plans],
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '');
    const trigger =
      kind === 'calendar'
        ? {
            kind,
            every: Number(s('every')),
            unit: s('unit'),
            startDate: s('startDate'),
            atTime: s('atTime') || '08:00',
          }
        : {
            kind,
            metric: s('metric'),
            channel: s('channel'),
            threshold: Number(s('threshold')),
            interval: Number(s('interval')),
          };
    const [what, id] = target.split(':');
    create.mutate({
      name: s('name'),
      ...(what === 'asset' ? { assetId: id } : { modelId: id }),
      trigger,
      title: s('title') || s('name'),
      priority: s('priority'),
      ...(s('template') ? { checklistTemplateId: s('template') } : {}),
    });
  };
  return (
    <div className="card">
      <h2>{t('plan.new')}</h2>
      <form className="wo-form" onSubmit={submit} aria-label={t('plan.new')}>
        <label>
          {t('plan.name')}
          <input name="name" required maxLength={200} />
        </label>
        <label>
          {t('plan.for')}
          <select required value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('plan.choose')}</option>
            <optgroup label={t('plan.models')}>
              {models.map((m) => (
                <option key={m.id} value={`model:${m.id}`}>
                  {m.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('plan.assets')}>
              {assets.map((a) => (
                <option key={a.id} value={`asset:${a.id}`}>
                  {a.name} ({a.serial})
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <fieldset className="plan-kind">
          <legend>{t('plan.trigger')}</legend>
          {(['calendar', 'usage'] as const).map((k) => (
            <label key={k} className="inline">
              <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
              {t(`plan.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        {kind === 'calendar' ? (
          <>
            <label>
              {t('plan.every')}
              <input name="every" type="number" min={1} max={1000} defaultValue={3} required />
            </label>
            <label>
              {t('plan.unitLabel')}
              <select name="unit" defaultValue="month">
                {(['day', 'week', 'month'] as const).map((u) => (
                  <option key={u} value={u}>
                    {t(`plan.unit.${u}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('plan.startDate')}
              <input name="startDate" type="date" required />
            </label>
            <label>
              {t('plan.atTime')}
              <input name="atTime" type="time" defaultValue="08:00" />
            </label>
          </>
        ) : (
          <>
            <label>
              {t('plan.metricLabel')}
              <select name="metric" defaultValue="running_hours">
                {(['running_hours', 'cycles', 'counter'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`plan.metric.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('plan.channel')}
              <input name="channel" required maxLength={64} placeholder="compressor_power" />
            </label>
            <label>
              {t('plan.threshold')}
              <input name="threshold" type="number" step="any" defaultValue={0} />
            </label>
            <label>
              {t('plan.interval')}
              <input name="interval" type="number" step="any" min={0} required defaultValue={500} />
            </label>
          </>
        )}
        <label>
          {t('plan.orderTitle')}
          <input name="title" maxLength={200} />
        </label>
        <label>
          {t('list.priority')}
          <select name="priority" defaultValue="medium">
            {priorities.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('plan.template')}
          <select name="template" defaultValue="">
            <option value="">{t('plan.noTemplate')}</option>
            {templates.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('plan.create')}
        </button>
      </form>
    </div>
  );
}
