// Time in a tenant's zone: wall-clock fields and instants of an IANA zone through Intl (no
// dependency), calendar buckets cut at local midnight (days, ISO weeks, months), and the one
// parser of the times the API accepts (epoch ms, ISO 8601, now-7d).
export * from './zone.ts';
export * from './calendar.ts';
export * from './parse.ts';

/** The zone of a tenant that has not chosen one (Ronghe's plants are in China, UTC+8). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
