// Answers of the plan, checklist, attachment, sign-off and passport routes
// (src/server/routes/service-plans.ts), mirroring src/service/plans, checklists, attachments and
// passport.
import type { Priority } from './types';

export type PlanTrigger =
  | {
      kind: 'calendar';
      every: number;
      unit: 'day' | 'week' | 'month';
      startDate: string;
      atTime: string;
      leadDays: number;
      timeZone: string | null;
    }
  | {
      kind: 'usage';
      metric: 'running_hours' | 'cycles' | 'counter';
      channel: string;
      threshold: number;
      interval: number;
      maxGapMinutes: number;
    };

export interface Plan {
  id: string;
  name: string;
  assetId: string | null;
  modelId: string | null;
  trigger: PlanTrigger;
  title: string;
  priority: Priority;
  checklistTemplateId: string | null;
  active: boolean;
}

export interface PlanDetail extends Plan {
  assets: Array<{
    assetId: string;
    usage: number | null;
    firings: Array<{ dueKey: string; workOrderId: string; firedAt: number }>;
  }>;
}

export interface ChecklistTemplate {
  id: string;
  name: string;
  modelId: string | null;
  items: Array<{ text: string; mandatory: boolean }>;
}

export interface ChecklistItem {
  id: string;
  position: number;
  text: string;
  mandatory: boolean;
  doneAt: number | null;
  doneBy: string | null;
  note: string;
}

export interface Attachment {
  id: string;
  kind: 'photo' | 'report' | 'factory_test' | 'signature';
  name: string;
  contentType: string;
  size: number;
  createdAt: number;
}

export interface SignOff {
  name: string;
  signedAt: number;
  signatureAttachmentId: string | null;
}

export type PassportKind =
  | 'created'
  | 'as_built'
  | 'factory_test'
  | 'lifecycle'
  | 'config'
  | 'alarm'
  | 'phm'
  | 'work_order'
  | 'part_replaced'
  | 'contract_start'
  | 'contract_end'
  | 'retired';

export interface PassportEvent {
  at: number;
  kind: PassportKind;
  title: string;
  ref: string | null;
  data: Record<string, unknown>;
}

export interface Passport {
  asset: {
    id: string;
    name: string;
    serial: string;
    site: string;
    lifecycle: string;
    installDate: string | null;
  };
  asBuilt: { components: Array<{ name: string; serial: string }>; notes: string };
  /** The production record of a unit built on the platform (manufacturing), else null. */
  factory: FactoryRecord | null;
  files: Attachment[];
  events: PassportEvent[];
  generatedAt: number;
}

export interface FactoryRecord {
  productionOrderId: string;
  customerOrderId: string | null;
  modelCode: string;
  sku: string;
  configuration: Record<string, string>;
  builtAt: number;
  components: Array<{
    item: string;
    unit: string;
    quantity: number;
    lots: string[];
    serials: string[];
  }>;
  operations: Array<{
    op: number;
    operation: string;
    station: string;
    startedAt: number;
    finishedAt: number;
  }>;
}
