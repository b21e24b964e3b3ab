// monitoring/kpi: operation analysis (running / idle / fault / offline time, availability) and
// ISA-18.2 / EEMUA 191 alarm-management KPIs from an alarm log. Pure.
export * from './isa-18-2.ts';
export * from './operation.ts';
