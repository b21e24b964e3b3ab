// Types of the order-flow answers (quotes, materials, requirements, issue), as /openapi.json
// documents them.
import type { Configuration } from './types';

export interface QuoteLine {
  kind: 'base' | 'option' | 'surcharge' | 'discount';
  ref: string;
  unitFen: number | null;
  quantity: number;
  amountFen: number;
}

export interface Quote {
  id: string;
  customerId: string | null;
  modelId: string;
  sku: string;
  configuration: Configuration;
  quantity: number;
  lines: QuoteLine[];
  unitPriceFen: number;
  totalFen: number;
  validUntil: number;
  status: 'open' | 'accepted' | 'expired';
  customerOrderId: string | null;
  createdAt: number;
}

export interface Material {
  item: string;
  unit: string;
  onHand: number;
  leadTimeDays: number;
}

export interface PurchaseOrder {
  id: string;
  item: string;
  unit: string;
  quantity: number;
  dueAt: number;
  supplier: string;
  status: 'open' | 'received';
}

export interface Requirements {
  asOf: number;
  items: {
    item: string;
    unit: string;
    onHand: number;
    gross: number;
    scheduledReceipts: number;
    net: number;
    projected: number;
    orders: string[];
  }[];
  proposals: {
    item: string;
    unit: string;
    quantity: number;
    neededAt: number;
    orderBy: number;
    late: boolean;
    orderId: string;
  }[];
  expedite: {
    purchaseOrderId: string;
    item: string;
    quantity: number;
    dueAt: number;
    neededAt: number;
    orderId: string;
  }[];
}

export interface OrderMaterials {
  orderId: string;
  lines: {
    item: string;
    unit: string;
    required: number;
    issued: number;
    remaining: number;
    lots: string[];
    serials: string[];
  }[];
}
