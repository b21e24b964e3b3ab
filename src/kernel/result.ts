/**
 * Batch work reports a status per item instead of throwing halfway (house style 4).
 */
export type ItemStatus = 'ok' | 'insufficient-data' | 'failed';

export interface ItemResult<T> {
  index: number;
  status: ItemStatus;
  value?: T;
  reason?: string;
}
