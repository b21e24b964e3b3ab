// Material requirements planning core (pure, no I/O): BOM explosion of open production orders
// netted against stock and open purchase orders, with purchase proposals and expedite messages.
export * from './requirements.ts';
