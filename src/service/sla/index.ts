// sla: the business calendar (working hours per weekday, public holidays, 调休 adjusted working
// days, an IANA time zone) and the SLA clock over it. Pure, no I/O.
export * from './calendar.ts';
export * from './clock.ts';
export { localFields, parseDate, isTimeZone } from '../../kernel/index.ts';
