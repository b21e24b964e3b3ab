// Alarm records and the actions of their lifecycle. States follow ISA-18.2 §11 (alarm state
// transition diagram): an alarm is active or returned-to-normal (cleared), and acknowledged or
// not. It stays open until it is both cleared and acknowledged; a new raise of the same
// (asset, rule) while it is open counts as a repeat on the same alarm instead of a new one.
import type { Severity } from '../rules/index.ts';

export type AlarmStatus = 'active' | 'acknowledged' | 'cleared-unacknowledged' | 'cleared';

export interface Comment {
  at: number;
  by: string;
  text: string;
}

export interface Suppression {
  kind: 'maintenance' | 'shelved';
  by: string;
  reason: string;
}

export interface PropagationTarget {
  kind: 'asset' | 'customer' | 'tenant';
  id: string;
}

export interface Alarm {
  /** `${asset}/${ruleId}/${raisedAt}`: deterministic, unique per episode. */
  id: string;
  asset: string;
  ruleId: string;
  severity: Severity;
  active: boolean;
  acknowledged: boolean;
  raisedAt: number;
  lastRaisedAt: number;
  /** Raises after the first while the alarm stayed open. */
  repeatCount: number;
  clearedAt?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  assignee?: string;
  comments: Comment[];
  /** 0 until escalated; +1 per missed acknowledgement deadline. */
  escalationLevel: number;
  /** Next escalation deadline while unacknowledged. */
  escalateAt?: number;
  suppressedBy?: Suppression;
  /** The asset itself, its ancestors, its customer and its tenant. */
  targets: PropagationTarget[];
  value?: number;
}

export type AlarmKey = string;
export const alarmKey = (asset: string, ruleId: string): AlarmKey => `${asset}|${ruleId}`;

export function statusOf(a: Pick<Alarm, 'active' | 'acknowledged'>): AlarmStatus {
  if (a.active) return a.acknowledged ? 'acknowledged' : 'active';
  return a.acknowledged ? 'cleared' : 'cleared-unacknowledged';
}

export interface Shelf {
  /** Shelves the rule on one asset, or on every asset when undefined. */
  asset?: string;
  ruleId: string;
  by: string;
  reason: string;
  at: number;
  /** ISA-18.2 §16.3: shelving is time-limited; unshelved automatically at this time. */
  until: number;
}

export interface Maintenance {
  asset: string;
  by: string;
  reason: string;
  at: number;
}

export type AlarmAction =
  | { type: 'raise'; asset: string; ruleId: string; severity: Severity; at: number; value?: number }
  | { type: 'clear'; asset: string; ruleId: string; at: number }
  | { type: 'acknowledge'; asset: string; ruleId: string; by: string; at: number }
  | { type: 'assign'; asset: string; ruleId: string; by: string; to: string; at: number }
  | { type: 'comment'; asset: string; ruleId: string; by: string; text: string; at: number }
  | { type: 'shelve'; shelf: Shelf }
  | { type: 'unshelve'; asset?: string; ruleId: string; by: string; at: number }
  | { type: 'maintenance-start'; maintenance: Maintenance }
  | { type: 'maintenance-end'; asset: string; by: string; at: number }
  | { type: 'tick'; at: number };

export const alarmChanges = [
  'raised',
  'repeated',
  'acknowledged',
  'cleared',
  'closed',
  'escalated',
  'assigned',
  'commented',
  'suppressed',
  'unsuppressed',
] as const;
export type AlarmChange = (typeof alarmChanges)[number];

/**
 * What the reducer asks the outside world to do. `annunciate` is false for suppressed alarms:
 * they are recorded (for the log and KPIs) but notify nobody (ISA-18.2 §16).
 */
export interface AlarmEffect {
  change: AlarmChange;
  alarm: Alarm;
  at: number;
  annunciate: boolean;
}

export interface AlarmPolicy {
  /** Parent assets (nearest first), customer and tenant of an asset. */
  topology(asset: string): { ancestors: string[]; customer?: string; tenant?: string };
  /** Escalate when not acknowledged within this many ms; absent: no escalation. */
  escalateAfterMs?: Partial<Record<Severity, number>>;
  maxEscalationLevel?: number;
}

export interface AlarmBook {
  /** Open alarms (not both cleared and acknowledged), one per (asset, rule). */
  open: ReadonlyMap<AlarmKey, Alarm>;
  shelves: readonly Shelf[];
  maintenance: ReadonlyMap<string, Maintenance>;
}

export const emptyAlarmBook = (): AlarmBook => ({
  open: new Map(),
  shelves: [],
  maintenance: new Map(),
});
