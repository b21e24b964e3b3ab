// Channels PHM writes back as telemetry (assess-health.ts, assess-rul.ts). They are its own
// output, so a health baseline never trains on them.
export const HEALTH_CHANNEL = 'health_index';
/** Remaining life in hours, for rules ("below 168"): from the active RUL model when the asset
 * model has one, otherwise the trend of the health index. */
export const RUL_CHANNEL = 'rul_hours';
/** The RUL model's conformal interval around rul_hours. */
export const RUL_LOWER_CHANNEL = 'rul_lower_hours';
export const RUL_UPPER_CHANNEL = 'rul_upper_hours';
export const outputChannels: readonly string[] = [
  HEALTH_CHANNEL,
  RUL_CHANNEL,
  RUL_LOWER_CHANNEL,
  RUL_UPPER_CHANNEL,
];
