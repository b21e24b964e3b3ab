// 产品配置器 product configurator: pick a model and its options; every pick is checked by the
// server (POST models/:id/configure) and the violated rules are listed at once, by name. A valid
// configuration shows its SKU, bill of materials and routing and can become a customer order.
import { useMemo, useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { ErrorState, Loading, QueryView } from '../shell/states';
import { mfgApi, mfgKey } from './api';
import { MfgNav, fromLocalInput, toLocalInput } from './nav';
import type { Configuration, ProductModel } from './types';
import './manufacturing.css';

export function ConfiguratorPage() {
  const { t } = useTranslation('manufacturing');
  const models = useQuery({ queryKey: [...mfgKey, 'models'], queryFn: mfgApi.models });
  const [params, setParams] = useSearchParams();
  return (
    <section aria-labelledby="cfg-title">
      <MfgNav />
      <h1 id="cfg-title">{t('cfg.title')}</h1>
      <QueryView query={models} isEmpty={(d) => d.length === 0} empty={t('cfg.noModels')}>
        {(list) => {
          const model = list.find((m) => m.id === params.get('model')) ?? list[0]!;
          return (
            <>
              <div className="toolbar">
                <label>
                  {t('cfg.model')}
                  <select
                    value={model.id}
                    onChange={(e) => setParams({ model: e.target.value }, { replace: true })}
                  >
                    {list.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.spec.code} · {m.spec.name}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <Configurator key={model.id} model={model} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

const defaults = (m: ProductModel): Configuration =>
  Object.fromEntries(m.spec.options.flatMap((o) => (o.default ? [[o.key, o.default]] : [])));

interface Violation {
  rule?: string;
  field?: string;
  reason: string;
}

function Configurator({ model }: { model: ProductModel }) {
  const { t } = useTranslation('manufacturing');
  const [cfg, setCfg] = useState<Configuration>(() => defaults(model));
  const [quantity, setQuantity] = useState(10);
  const missing = model.spec.options.filter((o) => o.required && !cfg[o.key]);
  const check = useQuery({
    queryKey: [...mfgKey, 'configure', model.id, cfg, quantity],
    queryFn: () => mfgApi.configure(model.id, cfg, quantity),
    enabled: missing.length === 0 && quantity >= 1,
    retry: false,
    placeholderData: keepPreviousData,
  });
  const violations: Violation[] = useMemo(() => {
    const e = check.error;
    if (!isApiError(e) || e.status !== 400) return [];
    return Array.isArray(e.details) ? (e.details as Violation[]) : [{ reason: e.message }];
  }, [check.error]);
  const valid = missing.length === 0 && !check.isFetching && check.isSuccess && !check.error;
  return (
    <div className="grid">
      <div className="card">
        <h2>{t('cfg.options')}</h2>
        <div className="mfg-options">
          {model.spec.options.map((o) => (
            <label key={o.key}>
              {o.name ?? o.key}
              {o.required ? ' *' : ''}
              <select
                name={o.key}
                value={cfg[o.key] ?? ''}
                onChange={(e) => setCfg({ ...cfg, [o.key]: e.target.value })}
              >
                {!cfg[o.key] && <option value="">{t('cfg.choose')}</option>}
                {o.values.map((v) => (
                  <option key={v.code} value={v.code}>
                    {v.name ?? v.code}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <label>
            {t('cfg.quantity')}
            <input
              type="number"
              name="quantity"
              min={1}
              max={1_000_000}
              value={quantity}
              onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
            />
          </label>
        </div>
        <div aria-live="polite" data-testid="cfg-check">
          {missing.length > 0 ? (
            <p className="muted">
              {t('cfg.missing', { options: missing.map((o) => o.name ?? o.key).join('、') })}
            </p>
          ) : violations.length > 0 ? (
            <div className="mfg-violations" role="alert" data-testid="violations">
              <strong>{t('cfg.violations', { count: violations.length })}</strong>
              <ul>
                {violations.map((v, i) => (
                  <li key={i}>
                    {v.rule && <code>{v.rule}</code>} {v.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : check.error ? (
            <ErrorState error={check.error} retry={() => void check.refetch()} />
          ) : check.data && !check.isFetching ? (
            <p className="mfg-ok" data-testid="cfg-valid">
              {t('cfg.valid', { sku: check.data.sku })}
            </p>
          ) : (
            <Loading label={t('cfg.checking')} />
          )}
        </div>
        <OrderForm modelId={model.id} cfg={cfg} quantity={quantity} valid={valid} />
      </div>
      {check.data && !check.error && (
        <div className="card">
          <h2>{t('cfg.bom')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('cfg.item')}</th>
                  <th>{t('cfg.perPiece')}</th>
                  <th>{t('cfg.total')}</th>
                  <th>{t('cfg.unit')}</th>
                </tr>
              </thead>
              <tbody>
                {check.data.bom.map((b) => (
                  <tr key={b.item}>
                    <td>
                      <code>{b.item}</code>
                    </td>
                    <td>{formatNumber(b.perPiece, 3)}</td>
                    <td>{formatNumber(b.quantity, 3)}</td>
                    <td>{b.unit}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('cfg.routing')}</h2>
          <ol>
            {check.data.routing.map((r) => (
              <li key={r.operation}>
                {r.operation}: {r.stations.map((s) => s.station).join(' / ')}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

function OrderForm(props: {
  modelId: string;
  cfg: Configuration;
  quantity: number;
  valid: boolean;
}) {
  const { t } = useTranslation('manufacturing');
  const mayWrite = useCan('production:write');
  const [reference, setReference] = useState('');
  const [due, setDue] = useState(() => toLocalInput(Date.now() + 7 * 86_400_000).slice(0, 10));
  const [created, setCreated] = useState<string | null>(null);
  const create = useAction(
    () =>
      mfgApi.createCustomerOrder({
        modelId: props.modelId,
        configuration: props.cfg,
        quantity: props.quantity,
        dueAt: fromLocalInput(`${due}T17:00`),
        ...(reference ? { reference } : {}),
      }),
    {
      success: (r) => {
        setCreated(r.id);
        return t('cfg.orderCreated', { id: r.id, sku: r.sku });
      },
      invalidate: [[...mfgKey, 'customer-orders']],
    },
  );
  if (!mayWrite) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined);
  };
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('cfg.createOrder')}>
      <label>
        {t('cfg.reference')}
        <input
          name="reference"
          maxLength={100}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
        />
      </label>
      <label>
        {t('cfg.due')}
        <input
          type="date"
          name="due"
          required
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={!props.valid || create.isPending}>
        {t('cfg.createOrder')}
      </button>
      {created && (
        <Link to="/manufacturing/orders" data-testid="order-created">
          {t('cfg.toOrders', { id: created })}
        </Link>
      )}
      {!props.valid && <span className="muted">{t('cfg.fixFirst')}</span>}
    </form>
  );
}
