// State, priority and SLA clock badges shared by the list and the work-order page.
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../shell/format';
import type { Priority, SlaClock, WorkOrderState } from './types';
import './service.css';

export function StateBadge({ state }: { state: WorkOrderState }) {
  const { t } = useTranslation('service');
  return <span className={`badge wo-${state}`}>{t(`state.${state}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation('service');
  return <span className={`badge prio-${priority}`}>{t(`priority.${priority}`)}</span>;
}

/** One SLA clock: its state and when it is due (tenant time zone); "paused" while on hold. */
export function SlaCell({ clock }: { clock: SlaClock | null }) {
  const { t } = useTranslation('service');
  if (!clock) return <span className="muted">{t('sla.none')}</span>;
  return (
    <span className="sla-cell">
      <span className={`badge sla-${clock.state}`}>{t(`sla.${clock.state}`)}</span>{' '}
      <span className="muted">
        {clock.dueAt === null
          ? t('sla.paused')
          : t('sla.due', { at: formatDateTime(clock.dueAt).slice(0, 16) })}
      </span>
    </span>
  );
}
