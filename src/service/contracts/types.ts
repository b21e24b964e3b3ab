// Service contracts (服务合同): what a customer bought for a set of assets — warranty (质保),
// full service (全包服务), on call (按需服务) or an availability guarantee (可用率保证) — with SLA
// terms per priority in business minutes of the contract's calendar.
import type { BusinessCalendar } from '../sla/index.ts';

export const contractKinds = ['warranty', 'full_service', 'on_call', 'availability'] as const;
export type ContractKind = (typeof contractKinds)[number];

export const priorities = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof priorities)[number];

export interface SlaTerm {
  responseMinutes: number;
  resolutionMinutes: number;
}

export interface Entitlements {
  visitsPerYear: number | null;
  partsIncluded: boolean;
  labourHours: number | null;
}

export interface ContractInput {
  customerId: string;
  name: string;
  kind: ContractKind;
  /** First and last day of validity (YYYY-MM-DD, inclusive, in the calendar's zone). */
  validFrom: string;
  validTo: string;
  assetIds: string[];
  sla: Partial<Record<Priority, SlaTerm>>;
  /** Stop the resolution clock while a work order is on hold waiting for the customer. */
  pauseOnHold?: boolean;
  availabilityTarget?: number | null;
  calendar?: BusinessCalendar;
  entitlements?: Partial<Entitlements>;
  energyContractId?: string | null;
  priceFen?: number | null;
  notes?: string;
}

export interface Contract {
  id: string;
  customerId: string;
  name: string;
  kind: ContractKind;
  validFrom: string;
  validTo: string;
  /** Validity as instants [from, to). */
  validFromMs: number;
  validToMs: number;
  assetIds: string[];
  sla: Partial<Record<Priority, SlaTerm>>;
  pauseOnHold: boolean;
  availabilityTarget: number | null;
  calendar: BusinessCalendar;
  entitlements: Entitlements;
  energyContractId: string | null;
  /** Hidden from customer users with the internal notes. */
  priceFen?: number | null;
  notes?: string;
  createdAt: number;
}
