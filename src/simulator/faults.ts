// Faults and degradation as data. Sensor faults (stuck-sensor, spike, drift) change what one
// channel reports; process faults (fouling, refrigerant-leak, bearing-wear, valve-fault,
// line-stoppage) change the physics, so every channel that depends on them moves together;
// offline removes samples. Every fault acts on [fromMs, toMs); after toMs the asset is
// repaired (a bearing replaced, a condenser cleaned).

import { assertNever, invalid } from '../kernel/index.ts';
import type { AssetKind } from './models.ts';
import { assetModels } from './models.ts';

export type FaultKind =
  | 'stuck-sensor'
  | 'spike'
  | 'drift'
  | 'offline'
  | 'fouling'
  | 'refrigerant-leak'
  | 'bearing-wear'
  | 'valve-fault'
  | 'line-stoppage';

export interface Fault {
  assetKey: string;
  kind: FaultKind;
  /** Required for the sensor faults (stuck-sensor, spike, drift). */
  channel?: string;
  fromMs: number;
  toMs: number;
  /**
   * spike: added to every sample of the channel in the window (channel units; a window shorter
   * than the interval makes one spike). drift: added to the channel, growing linearly from 0 at
   * fromMs to the full magnitude at toMs. fouling: extra condenser approach at toMs, K.
   * refrigerant-leak: fraction of charge lost at toMs (0–1). bearing-wear: severity at toMs
   * (1 ≈ end of life). valve-fault: bypass flow as a fraction of building flow.
   * stuck-sensor, offline, line-stoppage: unused.
   */
  magnitude: number;
}

const sensorKinds: readonly FaultKind[] = ['stuck-sensor', 'spike', 'drift'];

/** Which asset kinds a process fault applies to. */
const processFaultKinds: Partial<Record<FaultKind, readonly AssetKind[]>> = {
  fouling: ['chiller'],
  'refrigerant-leak': ['chiller'],
  'bearing-wear': ['locomotive', 'gearbox-bench'],
  'valve-fault': ['heat-station'],
  'line-stoppage': ['garment-line'],
};

export const isSensorFault = (f: Fault): boolean => sensorKinds.includes(f.kind);

export const isActive = (f: Fault, t: number): boolean => t >= f.fromMs && t < f.toMs;

/** Fraction of the fault window elapsed at t, in [0, 1]. */
function progress(f: Fault, t: number): number {
  return Math.min(1, Math.max(0, (t - f.fromMs) / Math.max(1, f.toMs - f.fromMs)));
}

/**
 * Bearing wear grows exponentially, the usual shape of a degradation signal used for RUL
 * estimation (Gebraeel et al., "Residual-life distributions from component degradation
 * signals: a Bayesian approach", IIE Transactions 37(6), 2005): severity = m·(e^{βx} − 1)/(e^β − 1)
 * over the window fraction x, so it is near zero for most of the life and steep before failure.
 */
const WEAR_BETA = 5;

/** Severity at t of a process fault: gradual for fouling and leaks, exponential for wear. */
export function severity(f: Fault, t: number): number {
  if (!isActive(f, t)) return 0;
  const x = progress(f, t);
  switch (f.kind) {
    case 'bearing-wear':
      return (f.magnitude * (Math.exp(WEAR_BETA * x) - 1)) / (Math.exp(WEAR_BETA) - 1);
    case 'fouling':
    case 'refrigerant-leak':
    case 'drift':
      return f.magnitude * x;
    case 'valve-fault':
    case 'line-stoppage':
    case 'spike':
    case 'stuck-sensor':
    case 'offline':
      return f.magnitude;
    default:
      return assertNever(f.kind);
  }
}

/** Sum of severities of the asset's active faults of one kind at t. */
export function severityOf(faults: readonly Fault[], kind: FaultKind, t: number): number {
  let s = 0;
  for (const f of faults) if (f.kind === kind) s += severity(f, t);
  return s;
}

/** Checks faults against the fleet; throws RONGHE_VALIDATION naming the first bad one. */
export function validateFaults(
  faults: readonly Fault[],
  kindOf: (assetKey: string) => AssetKind | undefined,
): void {
  faults.forEach((f, i) => {
    const at = `faults[${i}]`;
    const kind = kindOf(f.assetKey);
    if (!kind)
      throw invalid(`${at}.assetKey`, {
        en: `no asset '${f.assetKey}' in the fleet`,
        'zh-CN': `模拟机群中没有资产“${f.assetKey}”`,
      });
    if (!(f.toMs > f.fromMs))
      throw invalid(`${at}.toMs`, { en: 'must be after fromMs', 'zh-CN': '必须晚于 fromMs' });
    if (!Number.isFinite(f.magnitude))
      throw invalid(`${at}.magnitude`, {
        en: 'must be a finite number',
        'zh-CN': '必须是有限数值',
      });
    const allowed = processFaultKinds[f.kind];
    if (allowed && !allowed.includes(kind))
      throw invalid(`${at}.kind`, {
        en: `${f.kind} applies to ${allowed.join(', ')}, not ${kind}`,
        'zh-CN': `${f.kind} 适用于 ${allowed.join('、')}，不适用于 ${kind}`,
      });
    if (isSensorFault(f)) {
      const keys = assetModels[kind].channels.map((c) => c.key);
      if (!f.channel || !keys.includes(f.channel))
        throw invalid(`${at}.channel`, {
          en: `${f.kind} needs one of ${keys.join(', ')}`,
          'zh-CN': `${f.kind} 需要以下之一：${keys.join('、')}`,
        });
    }
  });
}
