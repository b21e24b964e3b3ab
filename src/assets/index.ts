// assets: the installed base a manufacturer serves — asset models (typed templates with
// properties and telemetry channels), assets (serial, customer, site, location, lifecycle
// stage from manufactured to retired, with every transition recorded), the hierarchy
// site → system → asset → component, devices (the connectivity identity of an asset), and
// CSV import/export with a report per row.
export * from './types.ts';
export {
  getModel,
  listModels,
  createModel,
  updateModel,
  deleteModel,
  findModelByName,
  type AssetModelInput,
} from './models.ts';
export {
  getAsset,
  findAssetBySerial,
  createAsset,
  prepareAsset,
  insertPreparedAsset,
  announceCreatedAsset,
  type PreparedAsset,
  updateAsset,
  deleteAsset,
  searchAssets,
  scopedAssets,
  type AssetQuery,
  type AssetPatch,
} from './assets.ts';
export { transitionAsset, lifecycleHistory } from './lifecycle.ts';
export {
  createDevice,
  getDevice,
  listDevices,
  rotateDeviceToken,
  deleteDevice,
  type Device,
} from './devices.ts';
export {
  createLastSeenRecorder,
  LAST_SEEN_CHUNK_ROWS,
  LAST_SEEN_INTERVAL_MS,
  type LastSeenRecorder,
} from './last-seen.ts';
export { exportAssetsCsv, importAssetsCsv, csvColumns, type ImportRow } from './csv.ts';
export { watchAssetChanges, type AssetChange, type AssetChangeListener } from './changes.ts';
export {
  createAssetResolver,
  assetsWithChannels,
  type ResolvedAssetInfo,
  type AssetWithChannels,
} from './resolver.ts';
