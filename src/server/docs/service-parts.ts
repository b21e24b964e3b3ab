// Documentation of the service routes for technicians, spare parts, warehouses, stock,
// reservations, KPIs and notices, for /openapi.json (see route-docs.ts; service.ts puts the parts
// together).
import { Type } from '@sinclair/typebox';
import { type RouteDocs } from './route-docs.ts';
import {
  Technician,
  ServiceKpis,
  KpiReport,
  kpisExample,
  ServiceNotice,
  Part,
  Warehouse,
  Reservation,
  StockLevel,
} from './service-schemas.ts';

export const servicePartDocs: RouteDocs = {
  'POST /api/v1/service/technicians': {
    summary: 'Create a technician',
    description: 'A technician with skills, home location and an optional user account.',
    response: { 201: Technician },
    example: {
      id: 'te_0c4aq9zbedemqdrw',
      userId: null,
      name: 'Li Wei',
      skills: ['refrigeration'],
      homeLat: 31.3,
      homeLon: 120.62,
      region: 'Suzhou',
      active: true,
    },
    body: {
      name: 'Li Wei',
      skills: ['refrigeration'],
      homeLat: 31.3,
      homeLon: 120.62,
      region: 'Suzhou',
    },
  },
  'GET /api/v1/service/technicians': {
    summary: 'List technicians',
    description: "The tenant's technicians.",
    response: {
      200: Type.Object({
        items: Type.Array(Technician),
      }),
    },
    example: {
      items: [
        {
          id: 'te_kkmq8f7ge1vzhgr8',
          userId: null,
          name: '张磊 Zhang Lei',
          skills: ['boiler'],
          homeLat: 31.57,
          homeLon: 120.3,
          region: 'Wuxi',
          active: true,
        },
      ],
    },
  },
  'POST /api/v1/service/parts': {
    summary: 'Create a spare part',
    description:
      'A spare part with its unit cost and reorder point; a SKU the catalogue has already is a 409 naming the part.',
    response: { 201: Part },
    example: {
      id: 'pt_jjz6kvr6w0t334m4',
      sku: 'FLT-DRY-16',
      name: 'Filter drier 16 cu in',
      fits: ['am_272eme0nppme8g87'],
      unitCostFen: 23000,
      reorderPoint: 1,
      reorderQty: 5,
    },
    body: {
      sku: 'FLT-DRY-16',
      name: 'Filter drier 16 cu in',
      fits: ['am_272eme0nppme8g87'],
      unitCostFen: 23000,
      reorderPoint: 1,
      reorderQty: 5,
    },
  },
  'GET /api/v1/service/parts': {
    summary: 'List spare parts',
    description: 'The spare-part catalogue.',
    response: {
      200: Type.Object({
        items: Type.Array(Part),
      }),
    },
    example: {
      items: [
        {
          id: 'pt_76g95gm5y698k5mh',
          sku: 'BRG-6205',
          name: 'Bearing SKF 6205-2RS',
          fits: ['am_x9dfyvhp94zjj16f'],
          unitCostFen: 5000,
          reorderPoint: 2,
          reorderQty: 10,
        },
      ],
    },
  },
  'POST /api/v1/service/warehouses': {
    summary: 'Create a warehouse',
    description: "A warehouse or a technician's van stock.",
    response: { 201: Warehouse },
    example: {
      id: 'wh_y6a10dv998n8j2x0',
      name: 'Li van',
      kind: 'van',
      technicianId: 'te_0c4aq9zbedemqdrw',
    },
    body: {
      name: 'Li van',
      kind: 'van',
      technicianId: 'te_0c4aq9zbedemqdrw',
    },
  },
  'GET /api/v1/service/warehouses': {
    summary: 'List warehouses',
    description: 'Warehouses and van stocks.',
    response: {
      200: Type.Object({
        items: Type.Array(Warehouse),
      }),
    },
    example: {
      items: [
        {
          id: 'wh_srn3dv4xghtepnpc',
          name: '李伟 van',
          kind: 'van',
          technicianId: 'te_fy2b16bz3dwfyssj',
        },
      ],
    },
  },
  'GET /api/v1/service/stock': {
    summary: 'Stock levels',
    description: 'Quantity on hand and reserved per part and warehouse.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            warehouseId: Type.String(),
            partId: Type.String(),
            onHand: Type.Number(),
            reserved: Type.Number(),
            available: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          warehouseId: 'wh_y6a10dv998n8j2x0',
          partId: 'pt_jjz6kvr6w0t334m4',
          onHand: 1,
          reserved: 0,
          available: 1,
        },
      ],
    },
  },
  'POST /api/v1/service/stock/receive': {
    summary: 'Receive stock',
    description: 'Books received parts into a warehouse.',
    response: {
      200: Type.Object({
        warehouseId: Type.String(),
        partId: Type.String(),
        onHand: Type.Number(),
        reserved: Type.Number(),
        available: Type.Number(),
      }),
    },
    example: {
      warehouseId: 'wh_y6a10dv998n8j2x0',
      partId: 'pt_jjz6kvr6w0t334m4',
      onHand: 2,
      reserved: 0,
      available: 2,
    },
    body: {
      warehouseId: 'wh_y6a10dv998n8j2x0',
      partId: 'pt_jjz6kvr6w0t334m4',
      qty: 2,
    },
  },
  'POST /api/v1/service/stock/transfer': {
    summary: 'Transfer stock',
    description: 'Moves parts between warehouses.',
    response: { 200: Type.Object({ items: Type.Array(StockLevel) }) },
    body: {
      partId: 'pt_jjz6kvr6w0t334m4',
      fromWarehouseId: 'wh_y6a10dv998n8j2x0',
      toWarehouseId: 'wh_0d09fdtsw20a82xz',
      qty: 1,
    },
  },
  'POST /api/v1/service/stock/return': {
    summary: 'Return stock',
    description: 'Books parts returned from a job back into a warehouse.',
    response: { 200: StockLevel },
    body: {
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
    },
  },
  'POST /api/v1/service/reservations': {
    summary: 'Reserve parts',
    description: 'Reserves parts of a warehouse for a work order.',
    response: { 201: Reservation },
    example: {
      id: 'rv_t9zcb9mvr2vb7ntm',
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
      consumed: 0,
      released: 0,
    },
    body: {
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
    },
  },
  'POST /api/v1/service/reservations/:id/consume': {
    summary: 'Consume a reservation',
    description: 'The reserved parts were used on the job.',
    response: { 200: Reservation },
    example: {
      id: 'rv_t9zcb9mvr2vb7ntm',
      workOrderId: 'wo_s1wq0t5aw5by23r6',
      partId: 'pt_jjz6kvr6w0t334m4',
      warehouseId: 'wh_y6a10dv998n8j2x0',
      qty: 1,
      consumed: 1,
      released: 0,
    },
    body: {},
  },
  'POST /api/v1/service/reservations/:id/release': {
    summary: 'Release a reservation',
    description: 'The reserved parts go back to free stock.',
    response: { 200: Reservation },
    body: { qty: 1 },
  },
  'GET /api/v1/service/reorder-proposals': {
    summary: 'Reorder proposals',
    description: 'Parts whose free stock is under their reorder point, with the quantity to order.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            partId: Type.String(),
            sku: Type.String(),
            available: Type.Number(),
            reorderPoint: Type.Number(),
            proposedQty: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          partId: 'pt_btdegghj4syn6b45',
          sku: 'BRG-6205',
          available: 0,
          reorderPoint: 2,
          proposedQty: 10,
        },
      ],
    },
  },
  'GET /api/v1/service/kpis': {
    summary: 'Service KPIs',
    description:
      'Failures, repairs, MTBF and MTTR, downtime and availability (against the contract target), first-time fix rate, SLA compliance, backlog, parts, labour and cost over [`from`, `to`), for the whole tenant or filtered by asset, model, customer, contract or technician. With `groupBy` the answer is one row per asset, model, customer, contract or technician (`key` null for orders without one). `format=csv` exports the same rows (service provider only: a customer gets 403). A bad time or an unknown `groupBy` is a 400 naming the parameter.',
    response: {
      200: Type.Union([ServiceKpis, KpiReport]),
    },
    example: kpisExample,
    query: { from: 1796580000000, to: 1796666400000 },
  },
  'GET /api/v1/service/alarm-links': {
    summary: 'Work orders opened from alarms',
    description:
      'Which work order each alarm opened (`alarmId` → `workOrderId` and its status), newest first, at most 1000; `alarmIds` (comma-separated) limits the answer to those alarms. The alarm console uses it to show the order beside each alarm. Customers see their own orders only.',
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            alarmId: Type.String(),
            workOrderId: Type.String(),
            status: Type.String(),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          alarmId: 'as_6g7j5rkt6gx4e2z5/cop-auto/1796584422539',
          workOrderId: 'wo_xezqy9m0fx0130m5',
          status: 'in_progress',
        },
      ],
    },
  },
  'GET /api/v1/service/notices': {
    summary: 'Service notices',
    description:
      'SLA warnings and breaches of work orders and contract renewal reminders, newest first (`limit`, default 200, at most 1000), optionally of one work order or contract (`subjectId`). The same notices reach subscribers through the alarm fan-out (SSE feed, e-mail). Customers see their own only.',
    response: { 200: Type.Object({ items: Type.Array(ServiceNotice) }) },
    example: {
      items: [
        {
          id: 'sn_8h6g4f2d0s9a7q5w',
          subjectId: 'wo_xezqy9m0fx0130m5',
          kind: 'sla.response.warning',
          assetId: 'as_6g7j5rkt6gx4e2z5',
          customerId: 'cu_bw91mesqv1nbenf3',
          at: 1796585000000,
          message: 'Work order wo_xezqy9m0fx0130m5: response due in 30 min',
          severity: 'warning',
        },
      ],
    },
  },
};
