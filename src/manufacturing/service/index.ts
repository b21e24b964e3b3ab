// Database-backed services of the manufacturing platform (configurator models, orders,
// replenishment, planning, execution and shop-floor views). Every call takes a Scope.
export {
  createStation,
  listStations,
  getStation,
  type Station,
  type StationInput,
} from './stations.ts';
export {
  createProductModel,
  listProductModels,
  getProductModel,
  configureProduct,
  setModelPricing,
  type ProductModel,
} from './product-models.ts';
export {
  createCustomerOrder,
  listCustomerOrders,
  getCustomerOrder,
  releaseCustomerOrder,
  listProductionOrders,
  getProductionOrder,
  type CustomerOrder,
  type CustomerOrderInput,
  type ProductionOrder,
} from './orders.ts';
export { pageProductionOrders, type ProductionOrderQuery } from './order-list.ts';
export {
  registerSku,
  proposeReplenishmentOrders,
  listProposals,
  decideProposal,
} from './replenishment.ts';
export { importSales, importStock } from './sales-store.ts';
export { computePlan, type PlanOptions, type PlanResult, type ExtraShift } from './planning.ts';
export {
  commitPlan,
  currentPlan,
  requireCurrentPlan,
  whatIf,
  type RushOrderInput,
} from './plans.ts';
export { moveOperation, type MoveInput } from './move.ts';
export { reportEvent, type ShopEvent } from './execution.ts';
export { workInProgress, gantt, stationOee, capacityLoad } from './shop-views.ts';
export {
  createQuote,
  listQuotes,
  getQuote,
  acceptQuote,
  type Quote,
  type QuoteInput,
  type QuoteStatus,
} from './quotes.ts';
export {
  listMaterials,
  setMaterials,
  listPurchaseOrders,
  createPurchaseOrder,
  receivePurchaseOrder,
  type Material,
  type MaterialInput,
  type PurchaseOrder,
  type PurchaseOrderInput,
} from './materials.ts';
export {
  issueMaterials,
  orderMaterials,
  type IssueLine,
  type MaterialIssue,
  type OrderMaterials,
  type OrderMaterialLine,
} from './material-issue.ts';
export { materialRequirements, type MaterialRequirements } from './requirements.ts';
export {
  listUnits,
  unitRecord,
  type UnitRecord,
  type UnitComponent,
  type UnitOperation,
} from './units.ts';
