// Test fixtures: a down-jacket model with size, fabric, colour and embroidery options, rules
// between them, BOM templates and a routing cutting → sewing → embroidery → finishing → packing.
import type { ProductModelSpec } from '../configurator/model.ts';
import type { StationInput } from './stations.ts';

const everyDay = [0, 1, 2, 3, 4, 5, 6];

export const stationsFixture: StationInput[] = [
  {
    code: 'CUT1',
    name: 'Auto cutter 1',
    line: 'A',
    shifts: [{ days: everyDay, start: '06:00', end: '22:00' }],
  },
  {
    code: 'CUT2',
    name: 'Auto cutter 2',
    line: 'A',
    shifts: [{ days: everyDay, start: '06:00', end: '14:00' }],
  },
  {
    code: 'SEW1',
    name: 'Sewing cell 1',
    line: 'A',
    shifts: [{ days: everyDay, start: '06:00', end: '22:00' }],
  },
  {
    code: 'SEW2',
    name: 'Sewing cell 2',
    line: 'B',
    shifts: [{ days: everyDay, start: '06:00', end: '22:00' }],
  },
  {
    code: 'EMB1',
    name: 'Embroidery',
    line: 'B',
    shifts: [{ days: everyDay, start: '08:00', end: '16:00' }],
  },
  {
    code: 'FIN1',
    name: 'Finishing',
    line: 'B',
    shifts: [{ days: everyDay, start: '06:00', end: '22:00' }],
  },
];

export const jacketSpec: ProductModelSpec = {
  code: 'DJ01',
  name: 'Down jacket',
  options: [
    {
      key: 'size',
      required: true,
      values: [{ code: 'S' }, { code: 'M' }, { code: 'L' }, { code: 'XXL' }],
    },
    { key: 'fabric', required: true, values: [{ code: 'NYLON' }, { code: 'GORE' }] },
    {
      key: 'colour',
      required: true,
      values: [{ code: 'RED' }, { code: 'BLACK' }, { code: 'WHITE' }],
    },
    {
      key: 'fill',
      required: false,
      default: 'DUCK90',
      values: [{ code: 'DUCK90' }, { code: 'GOOSE95' }],
    },
    {
      key: 'embroidery',
      required: false,
      default: 'none',
      values: [{ code: 'none' }, { code: 'logo' }, { code: 'name' }],
    },
  ],
  rules: [
    {
      kind: 'excludes',
      id: 'no-white-gore',
      if: { option: 'fabric', values: ['GORE'] },
      then: { option: 'colour', values: ['WHITE'] },
    },
    {
      kind: 'requires',
      id: 'xxl-goose',
      if: { option: 'size', values: ['XXL'] },
      then: { option: 'fill', values: ['GOOSE95'] },
    },
    {
      kind: 'only-if',
      id: 'name-on-nylon',
      choice: { option: 'embroidery', values: ['name'] },
      if: { option: 'fabric', values: ['NYLON'] },
    },
  ],
  bom: [
    {
      item: 'SHELL-{fabric}-{colour}',
      unit: 'm',
      quantityBy: { option: 'size', quantities: { S: 1.6, M: 1.8, L: 2.0, XXL: 2.4 } },
    },
    {
      item: 'DOWN-{fill}',
      unit: 'kg',
      quantityBy: { option: 'size', quantities: { S: 0.18, M: 0.2, L: 0.22, XXL: 0.26 } },
    },
    { item: 'ZIP-70', unit: 'pc', quantity: 1 },
    {
      item: 'THREAD-EMB',
      unit: 'm',
      quantity: 40,
      when: { option: 'embroidery', values: ['logo', 'name'] },
    },
  ],
  changeover: { option: 'colour', minutes: 20 },
  routing: [
    {
      operation: 'cutting',
      stations: [
        { station: 'CUT1', minutesPerUnit: 2, setupMinutes: 10 },
        { station: 'CUT2', minutesPerUnit: 3, setupMinutes: 10 },
      ],
    },
    {
      operation: 'sewing',
      stations: [
        { station: 'SEW1', minutesPerUnit: 12 },
        { station: 'SEW2', minutesPerUnit: 14 },
      ],
    },
    {
      operation: 'embroidery',
      stations: [{ station: 'EMB1', minutesPerUnit: 6, setupMinutes: 5 }],
      when: { option: 'embroidery', values: ['logo', 'name'] },
    },
    { operation: 'finishing', stations: [{ station: 'FIN1', minutesPerUnit: 4 }] },
  ],
};
