// The one list-with-row-actions table: columns (header + cell), an actions column only when
// the role may act (so a viewer sees no buttons at all), and a delete button that asks first.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
}

export function ActionTable<T>({
  rows,
  rowKey,
  columns,
  actions,
  actionsHeader,
  testId,
  caption,
}: {
  rows: T[];
  rowKey: (row: T) => string;
  columns: Column<T>[];
  /** The row's buttons; leave it out for roles that may not act. */
  actions?: (row: T) => ReactNode;
  /** Defaults to the shell's "Actions". */
  actionsHeader?: ReactNode;
  testId?: string;
  caption?: string;
}) {
  const { t } = useTranslation('shell');
  return (
    <table data-testid={testId}>
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i}>{c.header}</th>
          ))}
          {actions && <th>{actionsHeader ?? t('form.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            {columns.map((c, i) => (
              <td key={i}>{c.cell(r)}</td>
            ))}
            {actions && <td className="actions">{actions(r)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A delete button that first asks "delete <name>? This cannot be undone." */
export function DeleteButton({
  name,
  pending,
  onDelete,
}: {
  name: string;
  pending?: boolean;
  onDelete: () => void;
}) {
  const { t } = useTranslation('shell');
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        if (window.confirm(t('form.confirmDelete', { name }))) onDelete();
      }}
    >
      {t('form.delete')}
    </button>
  );
}
