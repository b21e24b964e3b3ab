// CSV asset import (资产导入): the chosen file goes as text/csv to POST /api/v1/assets/import,
// which reports each row (created / updated, or why it failed naming the line and field); the
// good rows are imported even when some fail, so the report is the whole answer.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, languageHeader } from '../api/client';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { Empty } from '../shell/states';
import { AdminTabs } from './tabs';
import type { ImportReport } from './types';

/** The typed client speaks JSON; this one request sends the file as CSV. */
async function importCsv(text: string): Promise<ImportReport> {
  let res: Response;
  try {
    res = await fetch('/api/v1/assets/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': languageHeader(),
        'content-type': 'text/csv; charset=utf-8',
      },
      body: text,
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<ImportReport> & {
    code?: string;
    message?: string;
    details?: unknown;
  };
  if (!res.ok)
    throw new ApiError(
      res.status,
      body.code ?? `HTTP_${res.status}`,
      body.message ?? '',
      body.details,
    );
  return body as ImportReport;
}

export function ImportPage() {
  const { t } = useTranslation('registry');
  const mayImport = useCan('asset:write');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = useAction(async (f: File) => importCsv(await f.text()), {
    success: (r) => {
      setReport(r);
      return t('import.done', { ok: r.ok, failed: r.failed });
    },
    invalidate: [['assets']],
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) run.mutate(file);
  };
  return (
    <section aria-labelledby="import-title">
      <AdminTabs />
      <h1 id="import-title">{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      {!mayImport ? (
        <Empty>{t('common.noPermission')}</Empty>
      ) : (
        <form className="panel toolbar" onSubmit={submit} aria-label={t('import.title')}>
          <label>
            {t('import.file')}
            <input
              type="file"
              name="csv"
              accept=".csv,text/csv"
              required
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
              }}
            />
          </label>
          <button type="submit" className="primary" disabled={!file || run.isPending}>
            {t('import.submit')}
          </button>
        </form>
      )}
      {report && <Report report={report} />}
    </section>
  );
}

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation('registry');
  return (
    <section className="card table-wrap" aria-labelledby="report-title">
      <h2 id="report-title">
        {t('import.report', {
          summary: t('import.summary', { ok: report.ok, failed: report.failed }),
        })}
      </h2>
      {report.rows.length === 0 ? (
        <Empty />
      ) : (
        <table data-testid="import-report">
          <thead>
            <tr>
              <th>{t('import.line')}</th>
              <th>{t('import.serial')}</th>
              <th>{t('import.status')}</th>
              <th>{t('import.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.index} data-status={r.status}>
                <td>{r.value?.line ?? r.index + 2}</td>
                <td>{r.value?.serial || '—'}</td>
                <td>
                  <span
                    className={`badge ${r.status === 'ok' ? 'status-running' : 'sev-critical'}`}
                  >
                    {r.status === 'ok' ? t('import.ok') : t('import.failed')}
                  </span>
                </td>
                <td>
                  {r.status === 'ok'
                    ? t(r.value?.action === 'updated' ? 'import.updatedRow' : 'import.createdRow')
                    : r.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
