// What a party may do with a statement: the provider issues a draft, recording the VAT invoice's
// number and date; the customer accepts or disputes an issued one (GB/T 24915-2020 §7).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAction } from '../shell/notices';
import { useCan, useSession } from '../shell/session';
import { keys } from './queries';
import type { Statement } from './types';

type Action = 'issue' | 'accept' | 'dispute';

export function StatementActions({ s }: { s: Statement }) {
  const { t } = useTranslation('energy');
  const me = useSession().data;
  const isCustomer = !!me && me.customerIds !== null;
  const mayIssue = useCan('energy:write') && !isCustomer && s.status === 'draft';
  const mayAnswer = useCan('contract:approve') && isCustomer && s.status === 'issued';
  const [note, setNote] = useState('');
  const [invoiceNo, setInvoiceNo] = useState('');
  const [invoiceDate, setInvoiceDate] = useState('');
  const move = useAction(
    (action: Action) =>
      api.post<'/api/v1/energy/statements/{id}/accept', Statement>(
        `/api/v1/energy/statements/{id}/${action}` as '/api/v1/energy/statements/{id}/accept',
        {
          ...(note ? { note } : {}),
          ...(action === 'issue' ? { invoiceNo, ...(invoiceDate ? { invoiceDate } : {}) } : {}),
        },
        { path: { id: s.id } },
      ),
    {
      success: (r) => {
        setNote('');
        return t(`statement.${r.status}`, { period: r.period });
      },
      invalidate: [keys.statements],
    },
  );
  if (!mayIssue && !mayAnswer) return null;
  return (
    <form
      className="panel toolbar no-print"
      aria-label={t('statement.actions')}
      onSubmit={(e) => {
        e.preventDefault();
        if (mayIssue) move.mutate('issue');
      }}
    >
      {mayIssue && (
        <>
          <label>
            {t('statement.invoiceNo')}
            <input
              required
              value={invoiceNo}
              maxLength={40}
              pattern="[0-9A-Za-z][0-9A-Za-z\-]*"
              onChange={(e) => setInvoiceNo(e.target.value)}
            />
          </label>
          <label>
            {t('statement.invoiceDate')}
            <input
              type="date"
              value={invoiceDate}
              onChange={(e) => setInvoiceDate(e.target.value)}
            />
          </label>
        </>
      )}
      <label className="grow">
        {t('statement.noteLabel')}
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      {mayIssue && (
        <button type="submit" className="primary" disabled={move.isPending}>
          {t('statement.issue')}
        </button>
      )}
      {mayAnswer && (
        <>
          <button
            type="button"
            className="primary"
            disabled={move.isPending}
            onClick={() => move.mutate('accept')}
          >
            {t('statement.accept')}
          </button>
          <button type="button" disabled={move.isPending} onClick={() => move.mutate('dispute')}>
            {t('statement.dispute')}
          </button>
        </>
      )}
    </form>
  );
}
