// What every connector emits and how its health is kept: a point is one value of one asset's
// channel at the source's time; status is per connector and per mapping (issue 23 §5).

export interface ConnectorPoint {
  readonly asset: string;
  readonly channel: string;
  /** Epoch ms: the source timestamp where the protocol has one (OPC UA), else the read time. */
  readonly ts: number;
  readonly value: number;
}

export type PointSink = (points: readonly ConnectorPoint[]) => void;

export type Deadband =
  | { readonly kind: 'none' }
  | { readonly kind: 'absolute'; readonly value: number }
  /** Percent of the last reported value's magnitude (Modbus has no engineering range). */
  | { readonly kind: 'percent'; readonly value: number };

/** Whether `next` differs enough from `last` to be reported (OPC UA Part 4 §7.22.2 semantics:
 * report when |last − next| > deadband). */
export function passesDeadband(db: Deadband, last: number | undefined, next: number): boolean {
  if (last === undefined) return true;
  switch (db.kind) {
    case 'none':
      return true;
    case 'absolute':
      return Math.abs(next - last) > db.value;
    case 'percent':
      return Math.abs(next - last) > (Math.abs(last) * db.value) / 100;
  }
}
