// What a KPI request asks: the period, the filters and the dimension to group by, and the
// work-order column each names.
export const kpiDimensions = ['asset', 'model', 'customer', 'contract', 'technician'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];

export const column: Record<KpiDimension, string> = {
  asset: 'asset_id',
  model: 'model_id',
  customer: 'customer_id',
  contract: 'contract_id',
  technician: 'technician_id',
};

export interface KpiQuery {
  from: number;
  to: number;
  assetId?: string;
  modelId?: string;
  customerId?: string;
  contractId?: string;
  technicianId?: string;
}

/** The filters as (column, value) pairs on the work orders. */
export const filters = (q: KpiQuery): Array<[string, string]> =>
  (
    [
      ['asset_id', q.assetId],
      ['model_id', q.modelId],
      ['customer_id', q.customerId],
      ['contract_id', q.contractId],
      ['technician_id', q.technicianId],
    ] as Array<[string, string | undefined]>
  ).filter((f): f is [string, string] => f[1] !== undefined);
