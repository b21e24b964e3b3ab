// Documentation of the service routes for service contracts and calendars, for /openapi.json
// (see route-docs.ts; service.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { type RouteDocs } from './route-docs.ts';
import { ServiceContract } from './service-schemas.ts';

/** One example record, shown where it is created, listed and read: the renewal of a chiller's
 * full-service contract for 2028 (an asset is under one contract at any instant, and the demo's
 * run to the end of 2027), the days cut at midnight in Shanghai. */
const contractExample = {
  id: 'sc_w9eqd8f5pp5xpx2c',
  customerId: 'cu_6pyahv3rg2mx9k9d',
  name: 'Suzhou full service 2028 (renewal)',
  kind: 'full_service',
  validFrom: '2028-01-01',
  validTo: '2028-12-31',
  validFromMs: 1830268800000,
  validToMs: 1861891200000,
  assetIds: ['as_f7r41hrfc78mws06'],
  sla: {
    high: {
      responseMinutes: 120,
      resolutionMinutes: 480,
    },
  },
  pauseOnHold: true,
  availabilityTarget: 0.98,
  calendar: {
    timeZone: 'Asia/Shanghai',
    hours: {
      '1': [
        {
          start: '09:00',
          end: '18:00',
        },
      ],
      '2': [
        {
          start: '09:00',
          end: '18:00',
        },
      ],
      '3': [
        {
          start: '09:00',
          end: '18:00',
        },
      ],
      '4': [
        {
          start: '09:00',
          end: '18:00',
        },
      ],
      '5': [
        {
          start: '09:00',
          end: '18:00',
        },
      ],
    },
    holidays: ['2028-01-01'],
    workdays: [],
  },
  entitlements: {
    visitsPerYear: 4,
    partsIncluded: true,
    labourHours: 40,
  },
  energyContractId: null,
  priceFen: 12000000,
  createdAt: 1796584962322,
  notes: 'margin 18 %',
};

/** The request that makes it: the record without what the server adds. */
const {
  id: _id,
  validFromMs: _from,
  validToMs: _to,
  energyContractId: _energy,
  createdAt: _created,
  ...contractBody
} = contractExample;

export const serviceContractDocs: RouteDocs = {
  'POST /api/v1/service/contracts': {
    summary: 'Create a service contract',
    description:
      "A maintenance contract for a customer's assets with SLA targets and business calendar.",
    response: { 201: ServiceContract },
    example: contractExample,
    body: contractBody,
  },
  'GET /api/v1/service/contracts': {
    summary: 'List service contracts',
    description: 'Service contracts the caller may see.',
    response: {
      200: Type.Object({
        items: Type.Array(ServiceContract),
      }),
    },
    example: {
      items: [contractExample],
    },
  },
  'GET /api/v1/service/contracts/:id': {
    summary: 'Get a service contract',
    description: 'One service contract by id.',
    response: { 200: ServiceContract },
    example: {
      id: 'sc_bn33hm1a5r2jzn4w',
      customerId: 'cu_xmbhynncmscvgv0h',
      name: 'Contract cu_xmbhynncmscvgv0h',
      kind: 'on_call',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      validFromMs: 1767196800000,
      validToMs: 1830268800000,
      assetIds: ['as_dc55jayb9af68gyx'],
      sla: {
        medium: {
          responseMinutes: 240,
          resolutionMinutes: 960,
        },
      },
      pauseOnHold: true,
      availabilityTarget: null,
      calendar: {
        timeZone: 'Asia/Shanghai',
        hours: {
          '1': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '2': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '3': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '4': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
          '5': [
            {
              start: '08:30',
              end: '17:30',
            },
          ],
        },
        holidays: [],
        workdays: [],
      },
      entitlements: {
        visitsPerYear: null,
        partsIncluded: false,
        labourHours: null,
      },
      energyContractId: null,
      priceFen: null,
      createdAt: 1796585102475,
    },
  },
  'POST /api/v1/service/calendars/check': {
    summary: 'Check a business calendar',
    description:
      'Validates a calendar and computes one deadline from a start time and a duration in business hours; nothing is stored.',
    response: { 200: Type.Object({ dueAt: Type.Number({ description: 'epoch ms' }) }) },
    // 13:30 in Shanghai: 3.5 hours before noon, the last half hour after lunch
    example: { dueAt: 1796621400000 },
    // Monday to Friday 08:30–12:00 and 13:00–17:30 in Shanghai, New Year's Day off and a
    // Saturday worked in its place; four business hours from Monday 7 December 2026, 08:00
    body: {
      calendar: {
        timeZone: 'Asia/Shanghai',
        hours: Object.fromEntries(
          ['1', '2', '3', '4', '5'].map((d) => [
            d,
            [
              { start: '08:30', end: '12:00' },
              { start: '13:00', end: '17:30' },
            ],
          ]),
        ),
        holidays: ['2027-01-01'],
        workdays: ['2027-01-09'],
      },
      start: 1796601600000,
      minutes: 240,
    },
  },
};
