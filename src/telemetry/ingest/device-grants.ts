// Which assets besides its own a device's token may write in one batch: a gateway's token also
// writes the assets its connectors map to (connectors' gateway grants, looked up through the
// `deviceGrants` option and cached there). Looked up once per device of the batch; nothing
// when the batch has no device or no device has grants.
import type { PrepareContext } from './prepare.ts';

export type DeviceGrants = (tenantId: string, deviceId: string) => Promise<ReadonlySet<string>>;

export async function grantsOfBatch(
  grants: DeviceGrants | undefined,
  batch: {
    tenantId: string;
    /** The writing device of a one-principal batch, with its own asset. */
    deviceId?: string;
    deviceAssetId?: string;
    rows: number;
    /** For a batch of several principals' parts: the device that wrote row i, if a device. */
    deviceIdOf?: (row: number) => string | undefined;
  },
): Promise<Pick<PrepareContext, 'grantedOf'>> {
  if (!grants) return {};
  const { deviceIdOf } = batch;
  if (!deviceIdOf) {
    if (batch.deviceAssetId === undefined || batch.deviceId === undefined) return {};
    const set = await grants(batch.tenantId, batch.deviceId);
    return set.size > 0 ? { grantedOf: () => set } : {};
  }
  const sets = new Map<string, ReadonlySet<string>>();
  for (let i = 0; i < batch.rows; i++) {
    const d = deviceIdOf(i);
    if (d !== undefined && !sets.has(d)) sets.set(d, await grants(batch.tenantId, d));
  }
  if (![...sets.values()].some((s) => s.size > 0)) return {};
  return { grantedOf: (row) => sets.get(deviceIdOf(row) ?? '') };
}
