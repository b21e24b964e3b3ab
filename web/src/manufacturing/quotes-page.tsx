// 报价 quotes: a configuration priced line by line from the model's price list (base price,
// option prices, surcharges when options combine, quantity breaks), to the fen, valid until a
// date; an open quote is accepted into a customer order at its price.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionTable } from '../shell/action-table';
import { formatDate } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { mfgApi, mfgKey } from './api';
import { flowApi, yuan } from './flow-api';
import type { Quote } from './flow-types';
import { MfgNav, fromLocalInput, toLocalInput } from './nav';
import type { Configuration, ProductModel } from './types';
import './manufacturing.css';

export function QuotesPage() {
  const { t } = useTranslation('manufacturing');
  const models = useQuery({ queryKey: [...mfgKey, 'models'], queryFn: mfgApi.models });
  const quotes = useQuery({ queryKey: [...mfgKey, 'quotes'], queryFn: flowApi.quotes });
  const [shown, setShown] = useState<string | null>(null);
  const mayWrite = useCan('production:write');
  return (
    <section aria-labelledby="quote-title">
      <MfgNav />
      <h1 id="quote-title">{t('quote.title')}</h1>
      {mayWrite && (
        <QueryView
          query={models}
          isEmpty={(d) => !d.some((m) => m.spec.pricing)}
          empty={t('quote.noPriced')}
        >
          {(list) => <QuoteForm models={list.filter((m) => m.spec.pricing)} onQuote={setShown} />}
        </QueryView>
      )}
      <QueryView query={quotes} isEmpty={(d) => d.length === 0} empty={t('quote.none')}>
        {(list) => {
          const current = list.find((q) => q.id === shown) ?? list[0]!;
          return (
            <div className="grid">
              <QuoteCard q={current} />
              <div className="card table-wrap">
                <h2>{t('quote.list')}</h2>
                <ActionTable
                  testId="quotes"
                  rows={list}
                  rowKey={(q) => q.id}
                  columns={[
                    { header: 'SKU', cell: (q) => <code>{q.sku}</code> },
                    { header: t('orders.quantity'), cell: (q) => q.quantity },
                    { header: t('quote.total'), cell: (q) => yuan(q.totalFen) },
                    { header: t('quote.validUntil'), cell: (q) => formatDate(q.validUntil) },
                    { header: t('orders.status'), cell: (q) => t(`quote.status.${q.status}`) },
                  ]}
                  actionsHeader=""
                  actions={(q) => (
                    <button type="button" onClick={() => setShown(q.id)}>
                      {t('quote.show')}
                    </button>
                  )}
                />
              </div>
            </div>
          );
        }}
      </QueryView>
    </section>
  );
}

function QuoteForm({ models, onQuote }: { models: ProductModel[]; onQuote: (id: string) => void }) {
  const { t } = useTranslation('manufacturing');
  const [modelId, setModelId] = useState(models[0]?.id ?? '');
  const model = models.find((m) => m.id === modelId) ?? models[0]!;
  const [cfg, setCfg] = useState<Configuration>({});
  const [quantity, setQuantity] = useState(10);
  const create = useAction(
    () => flowApi.createQuote({ modelId: model.id, configuration: cfg, quantity }),
    {
      success: (q) => {
        onQuote(q.id);
        return t('quote.created', { total: yuan(q.totalFen) });
      },
      invalidate: [[...mfgKey, 'quotes']],
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined);
  };
  return (
    <form className="card mfg-options" onSubmit={submit} aria-label={t('quote.create')}>
      <label>
        {t('cfg.model')}
        <select
          value={model.id}
          onChange={(e) => {
            setModelId(e.target.value);
            setCfg({});
          }}
        >
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.spec.code} · {m.spec.name}
            </option>
          ))}
        </select>
      </label>
      {model.spec.options.map((o) => (
        <label key={o.key}>
          {o.name ?? o.key}
          {o.required ? ' *' : ''}
          <select
            name={o.key}
            value={cfg[o.key] ?? ''}
            onChange={(e) => setCfg({ ...cfg, [o.key]: e.target.value })}
          >
            <option value="">{o.default ?? t('cfg.choose')}</option>
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
          value={quantity}
          onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
        />
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('quote.create')}
      </button>
    </form>
  );
}

function QuoteCard({ q }: { q: Quote }) {
  const { t } = useTranslation('manufacturing');
  return (
    <div className="card table-wrap" data-testid="quote">
      <h2>
        {t('quote.one', { id: q.id })} · <code>{q.sku}</code>
      </h2>
      <table>
        <thead>
          <tr>
            <th>{t('quote.line')}</th>
            <th>{t('quote.unitPrice')}</th>
            <th>{t('orders.quantity')}</th>
            <th>{t('quote.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {q.lines.map((l, i) => (
            <tr key={i}>
              <td>
                {t(`quote.kind.${l.kind}`)} <code>{l.ref}</code>
              </td>
              <td className="num">{l.unitFen === null ? '—' : yuan(l.unitFen)}</td>
              <td className="num">{l.quantity}</td>
              <td className="num">{yuan(l.amountFen)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={3}>{t('quote.total')}</th>
            <th className="num" data-testid="quote-total">
              {yuan(q.totalFen)}
            </th>
          </tr>
        </tfoot>
      </table>
      <p className="muted">
        {t('quote.validity', { date: formatDate(q.validUntil) })} · {t(`quote.status.${q.status}`)}
      </p>
      {q.status === 'open' && <AcceptForm q={q} />}
      {q.customerOrderId && <p>{t('quote.ordered', { id: q.customerOrderId })}</p>}
    </div>
  );
}

function AcceptForm({ q }: { q: Quote }) {
  const { t } = useTranslation('manufacturing');
  const mayWrite = useCan('production:write');
  const [due, setDue] = useState(() => toLocalInput(Date.now() + 14 * 86_400_000).slice(0, 10));
  const accept = useAction(() => flowApi.accept(q.id, fromLocalInput(`${due}T17:00`)), {
    success: (co) => t('quote.accepted', { id: co.id }),
    invalidate: [mfgKey],
  });
  if (!mayWrite) return null;
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        accept.mutate(undefined);
      }}
    >
      <label>
        {t('cfg.due')}
        <input type="date" required value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={accept.isPending}>
        {t('quote.accept')}
      </button>
    </form>
  );
}
