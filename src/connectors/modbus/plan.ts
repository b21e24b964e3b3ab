// Read planning, pure: which Modbus requests cover a device's mappings. Modbus Application
// Protocol v1.1b3 §6.1–6.4 caps one request at 125 registers (FC 03/04) or 2000 bits
// (FC 01/02). Only touching ranges are merged: reading an address no mapping names may draw
// exception 02 (illegal data address) from devices with holes in their register map.
import {
  isBitFunction,
  registerCount,
  type ModbusFunction,
  type ModbusDataType,
} from './decode.ts';

export const MAX_REGISTERS_PER_READ = 125;
export const MAX_BITS_PER_READ = 2000;

export interface AddressedMapping {
  readonly key: string;
  readonly unitId: number;
  readonly function: ModbusFunction;
  readonly address: number;
  readonly dataType: ModbusDataType;
}

export interface PlannedRead<M extends AddressedMapping> {
  readonly unitId: number;
  readonly function: ModbusFunction;
  readonly address: number;
  readonly count: number;
  /** Mappings served by this read, each with its offset into the returned words. */
  readonly items: readonly { readonly mapping: M; readonly at: number }[];
}

/** Addresses a mapping occupies: one for bit functions, the type's registers otherwise. */
export const addressSpan = (m: Pick<AddressedMapping, 'function' | 'dataType'>): number =>
  isBitFunction(m.function) ? 1 : registerCount(m.dataType);

const groupKey = (m: AddressedMapping) => `${m.unitId}/${m.function}`;

function groups<M extends AddressedMapping>(mappings: readonly M[]): M[][] {
  const by = new Map<string, M[]>();
  for (const m of mappings) {
    const list = by.get(groupKey(m)) ?? [];
    list.push(m);
    by.set(groupKey(m), list);
  }
  return [...by.values()].map((g) => g.sort((a, b) => a.address - b.address));
}

/** The fewest touching reads, each within the protocol's limit. Assumes no overlaps
 * (`findOverlap` refuses them at definition time). */
export function planReads<M extends AddressedMapping>(mappings: readonly M[]): PlannedRead<M>[] {
  const reads: PlannedRead<M>[] = [];
  for (const group of groups(mappings)) {
    const first = group[0];
    if (!first) continue;
    const limit = isBitFunction(first.function) ? MAX_BITS_PER_READ : MAX_REGISTERS_PER_READ;
    let cur: { address: number; end: number; items: { mapping: M; at: number }[] } | undefined;
    const flush = () => {
      if (cur) {
        reads.push({
          unitId: first.unitId,
          function: first.function,
          address: cur.address,
          count: cur.end - cur.address,
          items: cur.items,
        });
      }
    };
    for (const m of group) {
      const end = m.address + addressSpan(m);
      if (cur && m.address === cur.end && end - cur.address <= limit) {
        cur.items.push({ mapping: m, at: m.address - cur.address });
        cur.end = end;
      } else {
        flush();
        cur = { address: m.address, end, items: [{ mapping: m, at: 0 }] };
      }
    }
    flush();
  }
  return reads;
}

/** The first pair of mappings on one unit and function whose address ranges overlap. */
export function findOverlap<M extends AddressedMapping>(
  mappings: readonly M[],
): { readonly a: M; readonly b: M } | undefined {
  for (const group of groups([...mappings])) {
    for (let i = 1; i < group.length; i++) {
      const prev = group[i - 1];
      const cur = group[i];
      if (prev && cur && cur.address < prev.address + addressSpan(prev)) {
        return { a: prev, b: cur };
      }
    }
  }
  return undefined;
}
