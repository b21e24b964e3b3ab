// Documentation of the manufacturing routes for stations and product models (configurator), for
// /openapi.json (see route-docs.ts; manufacturing.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { type RouteDocs } from './route-docs.ts';
import { Station, ProductModel } from './manufacturing-schemas.ts';
import {
  compactUnitSpec,
  configurationExample,
  configuredRouting,
  productModelExample,
} from './manufacturing-examples.ts';

/** The demo's welding station, as its shop seeds it (Monday to Saturday, three shifts). */
const weldingShifts = [
  { days: [1, 2, 3, 4, 5, 6], start: '00:00', end: '08:00' },
  { days: [1, 2, 3, 4, 5, 6], start: '08:00', end: '16:00' },
  { days: [1, 2, 3, 4, 5, 6], start: '16:00', end: '00:00' },
];

export const manufacturingCatalogueDocs: RouteDocs = {
  'GET /api/v1/manufacturing/stations': {
    summary: 'List stations',
    description: 'Work stations of the plant with their capacity and skills.',
    response: { 200: Type.Array(Station) },
    example: [
      {
        id: 'st_0d09fdtsw20a82xz',
        code: 'WLD1',
        name: '焊接工位 1 Welding 1',
        line: 'HX',
        shifts: weldingShifts,
        createdAt: 1796584966369,
      },
    ],
  },
  'POST /api/v1/manufacturing/stations': {
    summary: 'Create a station',
    description: 'A work station with its operations and shifts.',
    response: { 201: Station },
    example: {
      id: 'st_13d4qg2gb1rx6205',
      code: 'WLD2',
      name: '焊接工位 2 Welding 2',
      line: 'HX',
      shifts: weldingShifts,
      createdAt: 1796584966369,
    },
    body: { code: 'WLD2', name: '焊接工位 2 Welding 2', line: 'HX', shifts: weldingShifts },
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
    body: compactUnitSpec,
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
          description: 'model code and chosen values, e.g. HXU-P-2MW-SS316-duty-standby',
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
    params: { id: productModelExample.id },
    example: {
      configuration: configurationExample,
      sku: 'HXU-C-2MW-SS316-duty-standby',
      bom: [
        { item: 'PLATE-SS316', unit: 'pc', quantity: 96, perPiece: 96 },
        { item: 'FRAME-HX', unit: 'pc', quantity: 1, perPiece: 1 },
        { item: 'PUMP-CR', unit: 'pc', quantity: 2, perPiece: 2 },
      ],
      routing: configuredRouting,
    },
    body: { configuration: configurationExample, quantity: 1 },
  },
};
