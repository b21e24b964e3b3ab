// Every action that changes data says what happened: a notice (role=status) for success, an
// alert for failure with the server's reason. useAction wraps a mutation with both.
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from './states';

interface Notice {
  id: number;
  kind: 'success' | 'error';
  text: string;
}
/** Shows a notice and returns its id. */
type Notify = (kind: Notice['kind'], text: string) => number;
interface Notices {
  notify: Notify;
  dismiss: (id: number) => void;
}
const NoticeContext = createContext<Notices>({ notify: () => 0, dismiss: () => undefined });

export function NoticeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation('shell');
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setNotices((n) => n.filter((x) => x.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, text) => {
      const id = next.current++;
      setNotices((n) => [...n.slice(-3), { id, kind, text }]);
      setTimeout(() => dismiss(id), kind === 'error' ? 10_000 : 5_000);
      return id;
    },
    [dismiss],
  );
  const value = useMemo(() => ({ notify, dismiss }), [notify, dismiss]);
  return (
    <NoticeContext.Provider value={value}>
      {children}
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`} data-testid={`notice-${n.kind}`}>
            <span>{n.text}</span>
            <button type="button" aria-label={t('notice.close')} onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export const useNotify = (): Notify => useContext(NoticeContext).notify;

/**
 * A data-changing action: runs `fn`, then says `success(result)` or the error, and refreshes
 * the queries under `invalidate`. Form state stays with the caller, so nothing is lost on failure.
 */
export function useAction<A, R>(
  fn: (arg: A) => Promise<R>,
  opts: { success: (r: R, arg: A) => string; invalidate?: QueryKey[] },
) {
  const { notify, dismiss } = useContext(NoticeContext);
  const { t } = useTranslation('shell');
  const qc = useQueryClient();
  const { success, invalidate } = opts;
  // This action's refusals still on screen: once it succeeds they are out of date and go.
  const refusals = useRef<number[]>([]);
  const m = useMutation({
    mutationFn: fn,
    onSuccess: async (r, arg) => {
      refusals.current.splice(0).forEach(dismiss);
      notify('success', success(r, arg));
      await Promise.all((invalidate ?? []).map((k) => qc.invalidateQueries({ queryKey: k })));
    },
    onError: (e) => {
      refusals.current.push(notify('error', errorText(t, e)));
    },
  });
  return useMemo(() => m, [m]);
}
