import { useTranslation } from 'react-i18next';
import type { StatementStatus } from './types';

export function StatusBadge({ status }: { status: StatementStatus }) {
  const { t } = useTranslation('energy');
  return <span className={`badge statement-${status}`}>{t(`status.${status}`)}</span>;
}
