// Documentation of the assets routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { NoContent, Csv, type RouteDocs } from './route-docs.ts';
import { Asset, LifecycleEvent, AssetModel, Device, ASSETS_CSV } from './assets-schemas.ts';

export const assetsDocs: RouteDocs = {
  'GET /api/v1/asset-models': {
    summary: 'List asset models',
    description:
      "The tenant's asset models (chiller, boiler, heat station…) with their properties and telemetry channels.",
    response: { 200: Type.Array(AssetModel) },
    example: [
      {
        id: 'am_c59rdp1sgnb2z7mx',
        name: 'Centrifugal chiller',
        category: '',
        description: '',
        properties: [
          {
            key: 'rated_kw',
            name: 'Rated power',
            unit: 'kW',
            dataType: 'number',
            min: 0,
            max: 10000,
          },
        ],
        channels: [
          {
            key: 'cop',
            name: 'COP',
            dataType: 'float',
          },
        ],
        allowNewChannels: false,
        createdAt: 1796585023034,
        updatedAt: 1796585023034,
      },
    ],
  },
  'POST /api/v1/asset-models': {
    summary: 'Create an asset model',
    description:
      'A model with typed properties and channels (unit, range, expected interval); assets of the model are checked against it.',
    response: { 201: AssetModel },
    example: {
      id: 'am_y4tj8gtpxg81p8vv',
      name: 'Centrifugal chiller',
      category: '',
      description: '',
      properties: [
        {
          key: 'rated_kw',
          name: 'Rated',
          unit: 'kW',
          dataType: 'number',
          min: 0,
          max: 10000,
        },
      ],
      channels: [],
      allowNewChannels: false,
      createdAt: 1796585005019,
      updatedAt: 1796585005019,
    },
    body: {
      name: 'Centrifugal chiller',
      properties: [
        {
          key: 'rated_kw',
          name: 'Rated',
          unit: 'kW',
          dataType: 'number',
          min: 0,
          max: 10000,
        },
      ],
    },
  },
  'GET /api/v1/asset-models/:id': {
    summary: 'Get an asset model',
    description: 'One asset model by id.',
    response: { 200: AssetModel },
    example: {
      id: 'am_c59rdp1sgnb2z7mx',
      name: 'Centrifugal chiller',
      category: '',
      description: '',
      properties: [
        {
          key: 'rated_kw',
          name: 'Rated power',
          unit: 'kW',
          dataType: 'number',
          min: 0,
          max: 10000,
        },
      ],
      channels: [
        {
          key: 'cop',
          name: 'COP',
          dataType: 'float',
        },
      ],
      allowNewChannels: false,
      createdAt: 1796585023034,
      updatedAt: 1796585023034,
    },
  },
  'PATCH /api/v1/asset-models/:id': {
    summary: 'Change an asset model',
    description:
      "Changes a model's name, properties or channels; assets already stored must still satisfy the new definition.",
    response: { 200: AssetModel },
    body: { name: '螺杆式冷水机组 Screw chiller' },
  },
  'DELETE /api/v1/asset-models/:id': {
    summary: 'Delete an asset model',
    description: 'Deletes a model no asset uses; 409 when assets still refer to it.',
    response: { 204: NoContent },
    params: { id: 'am_0d09fdtsw20a82xz' },
  },
  'GET /api/v1/assets': {
    summary: 'Search assets',
    description:
      'Assets the caller may see, filtered by text, model, customer, parent, lifecycle stage, level or site, sorted, in pages (`page`, `pageSize`).',
    example: {
      items: [
        {
          id: 'as_1wez7fbp5b0m64cw',
          modelId: null,
          customerId: null,
          parentId: null,
          level: 'asset',
          name: 'Pump 14',
          serial: 'P_14',
          site: 'Nantong',
          latitude: null,
          longitude: null,
          installDate: null,
          lifecycle: 'manufactured',
          properties: {},
          createdAt: 1796585004701,
          updatedAt: 1796585004701,
          lastSeenAt: null,
        },
      ],
      total: 25,
      page: 2,
      pageSize: 10,
    },
  },
  'POST /api/v1/assets': {
    summary: 'Create an asset',
    description:
      'An asset (site, line or machine) with its serial, model, customer, parent and property values, checked against the model.',
    example: {
      id: 'as_fz77r2ctypqj6hwn',
      modelId: 'am_fjth7a5yntzmacf1',
      customerId: 'cu_czsjzjct25hmyz4r',
      parentId: null,
      level: 'asset',
      name: 'C9',
      serial: 'CH-9',
      site: '',
      latitude: null,
      longitude: null,
      installDate: '2024-02-29',
      lifecycle: 'manufactured',
      properties: {
        rated_kw: 750,
      },
      createdAt: 1796585004201,
      updatedAt: 1796585004201,
      lastSeenAt: null,
    },
    body: {
      name: 'C9',
      serial: 'CH-9',
      modelId: 'am_fjth7a5yntzmacf1',
      customerId: 'cu_czsjzjct25hmyz4r',
      properties: {
        rated_kw: 750,
      },
      installDate: '2024-02-29',
    },
  },
  'GET /api/v1/assets/export.csv': {
    summary: 'Export assets as CSV',
    description:
      'All assets the caller may see as CSV (UTF-8 with a byte-order mark unless `bom=false`), the same columns the import reads.',
    response: { 200: Csv(ASSETS_CSV) },
  },
  'POST /api/v1/assets/import': {
    summary: 'Import assets from CSV',
    description:
      'Creates or updates assets from CSV (UTF-8 or GB18030/GBK, detected or given as `charset`); the answer has a status per line and nothing is written when a line is refused.',
    // A fourth chiller at a customer the demo has (names as the demo writes them: model and
    // customer by name, quoted where they hold a comma).
    text: {
      type: 'text/csv',
      example:
        'serial,name,model,customer,parent_serial,level,site,latitude,longitude,install_date,lifecycle\n' +
        'CHL-0104,4号冷水机组 Chiller 4,RC-W Water-Cooled Centrifugal Chiller,"Xishan Precision Electronics Co., Ltd.",,asset,Changzhou Plant,31.81,119.97,2026-03-01,in_service\n',
    },
    response: {
      200: Type.Object({
        ok: Type.Number(),
        failed: Type.Number(),
        rows: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            value: Type.Object({
              line: Type.Number(),
              serial: Type.String(),
              action: Type.Optional(Type.String()),
              id: Type.Optional(Type.String()),
            }),
            reason: Type.Optional(Type.String()),
          }),
        ),
      }),
    },
    example: {
      ok: 35,
      failed: 0,
      rows: [
        {
          index: 0,
          status: 'ok',
          value: {
            line: 2,
            serial: 'CH-1',
            action: 'created',
            id: 'as_vv0bsgd0c28b1wje',
          },
        },
      ],
    },
  },
  'GET /api/v1/assets/:id': {
    summary: 'Get an asset',
    description: 'One asset by id or serial (see the addressing rule in the API description).',
    example: {
      id: 'as_8g9r5w6sv34sgxzq',
      modelId: 'am_c59rdp1sgnb2z7mx',
      customerId: 'cu_jr363w25vk7nc3gv',
      parentId: null,
      level: 'asset',
      name: 'Chiller 1',
      serial: 'CH-1',
      site: '',
      latitude: null,
      longitude: null,
      installDate: null,
      lifecycle: 'manufactured',
      properties: {
        rated_kw: 500,
      },
      createdAt: 1796585023046,
      updatedAt: 1796585023046,
      lastSeenAt: null,
    },
  },
  'PATCH /api/v1/assets/:id': {
    summary: 'Change an asset',
    description: "Changes an asset's fields; property values are checked against the model.",
    example: {
      id: 'as_fz77r2ctypqj6hwn',
      modelId: 'am_fjth7a5yntzmacf1',
      customerId: 'cu_czsjzjct25hmyz4r',
      parentId: null,
      level: 'asset',
      name: 'Chiller 9',
      serial: 'CH-9',
      site: '',
      latitude: 31.3,
      longitude: null,
      installDate: '2024-02-29',
      lifecycle: 'manufactured',
      properties: {
        rated_kw: 750,
      },
      createdAt: 1796585004201,
      updatedAt: 1796585004286,
      lastSeenAt: null,
    },
    body: {
      name: 'Chiller 9',
      latitude: 31.3,
    },
  },
  'DELETE /api/v1/assets/:id': {
    summary: 'Delete an asset',
    description: 'Deletes an asset without children or devices.',
    response: { 204: NoContent },
    params: { id: 'as_sy8kk5h77rs2hyk0' },
  },
  'GET /api/v1/assets/:id/children': {
    summary: 'Child assets',
    description: 'The assets directly below one asset in the hierarchy (site → line → machine).',
    response: {
      200: Type.Object({
        items: Type.Array(Asset),
        total: Type.Number(),
        page: Type.Number(),
        pageSize: Type.Number(),
      }),
    },
    example: {
      items: [
        {
          id: 'as_6rfbef45rbrmy5ak',
          modelId: null,
          customerId: null,
          parentId: 'as_g5amgr06jdnrb48t',
          level: 'system',
          name: 'Chilled water',
          serial: 'SYS-1',
          site: '',
          latitude: null,
          longitude: null,
          installDate: null,
          lifecycle: 'manufactured',
          properties: {},
          createdAt: 1796585004430,
          updatedAt: 1796585004430,
          lastSeenAt: null,
        },
      ],
      total: 2,
      page: 1,
      pageSize: 500,
    },
  },
  'GET /api/v1/assets/:id/lifecycle': {
    summary: 'Lifecycle history',
    description:
      "The asset's lifecycle transitions (manufactured, installed, in service, retired…), oldest first.",
    response: { 200: Type.Array(LifecycleEvent) },
    example: [
      {
        id: 'lc_8k67rfcd5hmy09ah',
        from: null,
        to: 'manufactured',
        at: 1796584999638,
        actor: 'test:setup',
        actorName: null,
        note: 'created',
      },
    ],
  },
  'POST /api/v1/assets/:id/lifecycle': {
    summary: 'Move an asset to a lifecycle stage',
    description:
      'Applies one allowed lifecycle transition with a note; an illegal transition is a 409 naming the allowed ones.',
    example: {
      id: 'as_7rk0nasry8ne9dhm',
      modelId: null,
      customerId: null,
      parentId: null,
      level: 'asset',
      name: 'L',
      serial: 'LC-1',
      site: '',
      latitude: null,
      longitude: null,
      installDate: null,
      lifecycle: 'delivered',
      properties: {},
      createdAt: 1796585004522,
      updatedAt: 1796585004527,
      lastSeenAt: null,
    },
    body: {
      to: 'under_maintenance',
      note: 'bearing inspection',
    },
  },
  'GET /api/v1/devices': {
    summary: 'List devices',
    description:
      'Devices (gateways, controllers) that send telemetry, optionally for one asset; tokens are never listed.',
    response: { 200: Type.Array(Device) },
    example: [],
  },
  'POST /api/v1/devices': {
    summary: 'Create a device',
    description: 'A device bound to an asset; the answer carries its token once.',
    response: { 201: Device },
    example: {
      id: 'dv_dcb3sqb72js0ekg4',
      assetId: 'as_8g9r5w6sv34sgxzq',
      name: 'gw',
      createdAt: 1796585026692,
      lastSeenAt: null,
      token: 'rd_zva641_c3w8n8qyc7bdnke1646sepgwhqb5fz48',
    },
    body: {
      assetId: 'as_8g9r5w6sv34sgxzq',
      name: 'gw',
    },
  },
  'POST /api/v1/devices/:id/rotate-token': {
    summary: 'Rotate a device token',
    description:
      'Issues a new token for a device; the old one stops working and its MQTT connections are closed.',
    response: {
      200: Type.Object({
        token: Type.String(),
      }),
    },
    example: {
      token: 'rd_3e3ckb_dhmtvf7qzn8934cvx5h59jy4g23caz1f',
    },
  },
  'DELETE /api/v1/devices/:id': {
    summary: 'Delete a device',
    description: 'Deletes a device; its token stops working at once.',
    response: { 204: NoContent },
    params: { id: 'dv_x05et7tmd11dev45' },
  },
};
