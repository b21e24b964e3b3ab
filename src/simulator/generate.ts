// Turns a fleet description into samples. Every value is a pure function of (seed, asset, time,
// faults), so `generate(fleet, a, c)` yields exactly the samples of `generate(fleet, a, b)`
// followed by those of `generate(fleet, b, c)`: samples sit on the grid ts = n·intervalMs and
// each call covers the half-open range [fromMs, toMs).

import { assertNever, invalid } from '../kernel/index.ts';
import { createAssetContext, type AssetContext } from './context.ts';
import { isActive, isSensorFault, severity, validateFaults, type Fault } from './faults.ts';
import type { FleetAsset } from './fleet.ts';
import { chillerSample } from './kinds/chiller.ts';
import { garmentLineSample } from './kinds/garment-line.ts';
import { gearboxBenchSample } from './kinds/gearbox-bench.ts';
import { heatStationSample } from './kinds/heat-station.ts';
import { locomotiveSample } from './kinds/locomotive.ts';
import { decimalsOf, roundTo } from './models.ts';

export interface Fleet {
  seed: number;
  /** Sample spacing, ms; samples are aligned to multiples of it since the epoch. */
  intervalMs: number;
  assets: readonly FleetAsset[];
  faults: readonly Fault[];
}

export interface Sample {
  assetKey: string;
  ts: number;
  values: Record<string, number>;
}

type Physics = (ctx: AssetContext, t: number) => Record<string, number>;

function physicsOf(asset: FleetAsset): Physics {
  switch (asset.kind) {
    case 'chiller':
      return chillerSample;
    case 'heat-station':
      return heatStationSample;
    case 'locomotive':
      return locomotiveSample;
    case 'gearbox-bench':
      return gearboxBenchSample;
    case 'garment-line':
      return garmentLineSample;
    default:
      return assertNever(asset.kind);
  }
}

interface Prepared {
  ctx: AssetContext;
  physics: Physics;
  sensorFaults: Fault[];
  offline: Fault[];
  /** Stuck values by fault, computed once at the fault's first grid instant. */
  stuck: Map<Fault, number | undefined>;
}

function prepare(fleet: Fleet, asset: FleetAsset): Prepared {
  const own = fleet.faults.filter((f) => f.assetKey === asset.serial);
  return {
    ctx: createAssetContext(fleet.seed, asset, own, fleet.intervalMs),
    physics: physicsOf(asset),
    sensorFaults: own.filter(isSensorFault),
    offline: own.filter((f) => f.kind === 'offline'),
    stuck: new Map(),
  };
}

const firstGridAtOrAfter = (t: number, interval: number): number =>
  Math.ceil(t / interval) * interval;

function stuckValue(p: Prepared, f: Fault, channel: string): number | undefined {
  if (!p.stuck.has(f)) {
    const t0 = firstGridAtOrAfter(f.fromMs, p.ctx.intervalMs);
    p.stuck.set(f, p.physics(p.ctx, t0)[channel]);
  }
  return p.stuck.get(f);
}

/** Sensor faults change what a channel reports, after the physics. */
function applySensorFaults(p: Prepared, t: number, values: Record<string, number>): void {
  for (const f of p.sensorFaults) {
    const channel = f.channel;
    if (!channel || !isActive(f, t) || values[channel] === undefined) continue;
    const current = values[channel];
    let next: number;
    switch (f.kind) {
      case 'stuck-sensor':
        next = stuckValue(p, f, channel) ?? current;
        break;
      case 'spike':
        next = current + f.magnitude;
        break;
      case 'drift':
        next = current + severity(f, t);
        break;
      case 'offline':
      case 'fouling':
      case 'refrigerant-leak':
      case 'bearing-wear':
      case 'valve-fault':
      case 'line-stoppage':
        continue; // not sensor faults: filtered out in prepare()
      default:
        return assertNever(f.kind);
    }
    values[channel] = roundTo(next, decimalsOf(p.ctx.asset.kind, channel));
  }
}

/** Checks the fleet; throws RONGHE_VALIDATION naming the first problem. */
export function validateFleet(fleet: Fleet): void {
  if (!Number.isInteger(fleet.intervalMs) || fleet.intervalMs <= 0)
    throw invalid('intervalMs', {
      en: 'must be a positive whole number of milliseconds',
      'zh-CN': '必须是正整数毫秒',
    });
  if (!Number.isFinite(fleet.seed))
    throw invalid('seed', { en: 'must be a finite number', 'zh-CN': '必须是有限数值' });
  const kinds = new Map(fleet.assets.map((a) => [a.serial, a.kind]));
  if (kinds.size !== fleet.assets.length)
    throw invalid('assets', { en: 'serial numbers must be unique', 'zh-CN': '序列号必须唯一' });
  validateFaults(fleet.faults, (k) => kinds.get(k));
}

/**
 * Samples of every asset at every grid instant in [fromMs, toMs), ordered by time and then by
 * the fleet's asset order. Offline assets yield nothing while offline.
 */
export function* generate(fleet: Fleet, fromMs: number, toMs: number): Generator<Sample> {
  validateFleet(fleet);
  const prepared = fleet.assets.map((a) => prepare(fleet, a));
  for (let ts = firstGridAtOrAfter(fromMs, fleet.intervalMs); ts < toMs; ts += fleet.intervalMs) {
    for (const p of prepared) {
      if (p.offline.some((f) => isActive(f, ts))) continue;
      const values = p.physics(p.ctx, ts);
      applySensorFaults(p, ts, values);
      yield { assetKey: p.ctx.asset.serial, ts, values };
    }
  }
}
