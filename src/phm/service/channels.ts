// Channels PHM writes back as telemetry (assess-health.ts). They are its own output, so a health
// baseline never trains on them.
export const HEALTH_CHANNEL = 'health_index';
/** The trend RUL in hours, written beside the health index for rules ("below 168"). */
export const RUL_CHANNEL = 'rul_hours';
export const outputChannels: readonly string[] = [HEALTH_CHANNEL, RUL_CHANNEL];
