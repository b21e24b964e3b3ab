// Documentation of the manufacturing routes for stations and product models (configurator), for
// /openapi.json (see route-docs.ts; manufacturing.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { type RouteDocs } from './route-docs.ts';
import { Station, ProductModel } from './manufacturing-schemas.ts';

/** One example record, shown where it is created, listed and read. */
const productModelExample = {
  id: 'pm_2j1mg1tbxsj0sgy8',
  spec: {
    code: 'DJ01',
    name: 'Down jacket',
    options: [
      {
        key: 'size',
        required: true,
        values: [
          {
            code: 'S',
          },
        ],
      },
    ],
    rules: [
      {
        kind: 'excludes',
        id: 'no-white-gore',
        if: {
          option: 'fabric',
          values: ['GORE'],
        },
        then: {
          option: 'colour',
          values: ['WHITE'],
        },
      },
    ],
    bom: [
      {
        item: 'SHELL-{fabric}-{colour}',
        unit: 'm',
        quantityBy: {
          option: 'size',
          quantities: {
            S: 1.6,
            M: 1.8,
            L: 2,
            XXL: 2.4,
          },
        },
      },
    ],
    changeover: {
      option: 'colour',
      minutes: 20,
    },
    routing: [
      {
        operation: 'cutting',
        stations: [
          {
            station: 'CUT1',
            minutesPerUnit: 2,
            setupMinutes: 10,
          },
        ],
      },
    ],
  },
  createdAt: 1796584966394,
  updatedAt: 1796584966394,
};

export const manufacturingCatalogueDocs: RouteDocs = {
  'GET /api/v1/manufacturing/stations': {
    summary: 'List stations',
    description: 'Work stations of the plant with their capacity and skills.',
    response: { 200: Type.Array(Station) },
    example: [],
  },
  'POST /api/v1/manufacturing/stations': {
    summary: 'Create a station',
    description: 'A work station with its operations and shifts.',
    response: { 201: Station },
    example: {
      id: 'st_13d4qg2gb1rx6205',
      code: 'CUT1',
      name: 'Auto cutter 1',
      line: 'A',
      shifts: [
        {
          days: [0],
          start: '06:00',
          end: '22:00',
        },
      ],
      createdAt: 1796584966369,
    },
    body: {
      code: 'CUT1',
      name: 'Auto cutter 1',
      line: 'A',
      shifts: [
        {
          days: [0],
          start: '06:00',
          end: '22:00',
        },
      ],
    },
  },
  'GET /api/v1/manufacturing/stations/:id': {
    summary: 'Get a station',
    description: 'One station by id.',
    response: { 200: Station },
    params: { id: 'st_0d09fdtsw20a82xz' },
  },
  'GET /api/v1/manufacturing/models': {
    summary: 'List product models',
    description: 'Configurable product models with their options and routing.',
    response: { 200: Type.Array(ProductModel) },
    example: [productModelExample],
  },
  'POST /api/v1/manufacturing/models': {
    summary: 'Create a product model',
    description: 'A product model with options, constraints and a routing per option set.',
    response: { 201: ProductModel },
    example: productModelExample,
    body: {
      code: 'DJ01',
      name: 'Down jacket',
      options: [
        {
          key: 'size',
          required: true,
          values: [{ code: 'S' }, { code: 'M' }, { code: 'L' }, { code: 'XXL' }],
        },
        {
          key: 'fabric',
          required: true,
          default: 'NYLON',
          values: [{ code: 'NYLON' }, { code: 'GORE' }],
        },
        {
          key: 'fill',
          required: true,
          default: 'DUCK90',
          values: [{ code: 'DUCK90' }, { code: 'DOWN90' }, { code: 'GOOSE95' }],
        },
        {
          key: 'colour',
          required: true,
          values: [{ code: 'RED' }, { code: 'WHITE' }, { code: 'BLACK' }],
        },
        {
          key: 'embroidery',
          required: false,
          default: 'none',
          values: [{ code: 'none' }, { code: 'logo' }],
        },
      ],
      rules: [
        {
          kind: 'excludes',
          id: 'no-white-gore',
          if: {
            option: 'fabric',
            values: ['GORE'],
          },
          then: {
            option: 'colour',
            values: ['WHITE'],
          },
        },
      ],
      bom: [
        {
          item: 'SHELL-{fabric}-{colour}',
          unit: 'm',
          quantityBy: {
            option: 'size',
            quantities: {
              S: 1.6,
              M: 1.8,
              L: 2,
              XXL: 2.4,
            },
          },
        },
      ],
      changeover: {
        option: 'colour',
        minutes: 20,
      },
      routing: [
        {
          operation: 'cutting',
          stations: [
            {
              station: 'CUT1',
              minutesPerUnit: 2,
              setupMinutes: 10,
            },
          ],
        },
      ],
    },
  },
  'GET /api/v1/manufacturing/models/:id': {
    summary: 'Get a product model',
    description: 'One product model by id.',
    response: { 200: ProductModel },
    params: { id: 'pm_0d09fdtsw20a82xz' },
  },
  'POST /api/v1/manufacturing/models/:id/configure': {
    summary: 'Configure a product',
    description:
      "Checks a choice of options against the model's constraints and answers the bill of materials and routing; nothing is stored.",
    response: {
      200: Type.Object({
        configuration: Type.Record(Type.String(), Type.String()),
        sku: Type.String({
          description: 'model code and chosen values, e.g. DJ01-M-DOWN90-RED-none',
        }),
        bom: Type.Array(
          Type.Object({
            item: Type.String(),
            unit: Type.String(),
            quantity: Type.Number(),
            perPiece: Type.Number(),
          }),
        ),
        routing: Type.Array(
          Type.Object({
            operation: Type.String(),
            stations: Type.Array(
              Type.Object({
                station: Type.String(),
                minutesPerUnit: Type.Number(),
                setupMinutes: Type.Optional(Type.Number()),
              }),
            ),
            changeover: Type.Optional(
              Type.Object({ family: Type.String(), minutes: Type.Number() }),
            ),
          }),
        ),
      }),
    },
    example: {
      configuration: { size: 'M', fill: 'DOWN90', colour: 'RED' },
      sku: 'DJ01-M-DOWN90-RED-none',
      bom: [{ item: 'down-90', unit: 'g', quantity: 180, perPiece: 180 }],
      routing: [{ operation: 'cut', stations: [{ station: 'CUT1', minutesPerUnit: 4 }] }],
    },
    body: { configuration: { size: 'M', fill: 'DOWN90', colour: 'RED' }, quantity: 1 },
  },
};
