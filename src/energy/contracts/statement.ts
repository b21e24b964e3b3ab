// Lifecycle of a settlement statement: draft → issued → accepted | disputed. A disputed statement
// goes back to draft when re-settled; accepted is final. Approvals of baselines are by party.
import { RongheError } from '../../kernel/index.ts';

export const statementStatuses = ['draft', 'issued', 'accepted', 'disputed'] as const;
export type StatementStatus = (typeof statementStatuses)[number];

const transitions: Record<StatementStatus, readonly StatementStatus[]> = {
  draft: ['issued'],
  issued: ['accepted', 'disputed'],
  disputed: ['draft'],
  accepted: [],
};

export function checkStatementTransition(from: StatementStatus, to: StatementStatus): void {
  if (!transitions[from].includes(to))
    throw new RongheError(
      'RONGHE_INVALID_TRANSITION',
      `A ${from} statement cannot become ${to}; allowed: ${transitions[from].join(', ') || 'none (final)'}.`,
      { from, to },
    );
}

/** Whether a statement may be (re)computed by a settlement run. */
export const isResettleable = (s: StatementStatus): boolean => s === 'draft' || s === 'disputed';

/** The two parties of GB/T 24915 §5: the energy-service provider and the energy user. */
export type Party = 'provider' | 'customer';

/** Settlement periods of a contract: local date strings [start, end). */
export function periodBounds(
  period: 'month' | 'quarter',
  label: string,
): { start: string; end: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  const q = /^(\d{4})-Q([1-4])$/.exec(label);
  const fmt = (y: number, mo: number) =>
    `${y + Math.floor((mo - 1) / 12)}-${String(((mo - 1) % 12) + 1).padStart(2, '0')}-01`;
  if (period === 'month' && m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo >= 1 && mo <= 12) return { start: fmt(y, mo), end: fmt(y, mo + 1) };
  }
  if (period === 'quarter' && q) {
    const y = Number(q[1]);
    const mo = (Number(q[2]) - 1) * 3 + 1;
    return { start: fmt(y, mo), end: fmt(y, mo + 3) };
  }
  throw new RongheError(
    'RONGHE_VALIDATION',
    `period: '${label}' is not a ${period} label (${period === 'month' ? 'YYYY-MM' : 'YYYY-Qn'})`,
    [{ field: 'period', reason: `must be ${period === 'month' ? 'YYYY-MM' : 'YYYY-Qn'}` }],
  );
}
