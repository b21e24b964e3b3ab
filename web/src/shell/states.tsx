// The three states every view has besides its data: loading, empty and error (the server's
// text, in the user's language where its code is known).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation('shell');
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('state.loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation('shell');
  return <div className="state state-empty">{children ?? t('state.empty')}</div>;
}

/** The user-facing text of an error: the catalogue's words for its code, then the server's detail. */
export function errorText(t: TFunction, e: unknown): string {
  if (isApiError(e)) {
    const key = `errors.${e.code}`;
    const known = t(key, { ns: 'shell', defaultValue: '' });
    const head = known || t('errors.unknown', { ns: 'shell' });
    return e.message && e.message !== head ? `${head}：${e.message}` : head;
  }
  return e instanceof Error ? e.message : String(e);
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation('shell');
  return (
    <div className="state state-error" role="alert">
      <strong>{t('state.error')}</strong>
      <p>{errorText(t, error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/** Renders loading / error / empty for a query, else its children with the data. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  isEmpty?: (d: T) => boolean;
  empty?: ReactNode;
  children: (d: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const d = query.data as T;
  if (isEmpty?.(d)) return <Empty>{empty}</Empty>;
  return <>{children(d)}</>;
}
