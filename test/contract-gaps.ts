// What the OpenAPI contract walk (test/openapi-contract.test.ts) cannot yet do on the demo
// tenant, listed so that the list only shrinks (issue #17: every documented operation addressed,
// every 4xx answer a documented refusal).

/** Changes whose documented example is a refusal by design: the status it answers. */
export const CHANGE_REFUSALS: Readonly<Record<string, number>> = {
  'POST /api/v1/tenants': 403, // platform administrators only; the walk runs as the tenant admin
  'POST /api/v1/platform/administrators': 403, // platform security administrators only
  'PATCH /api/v1/platform/administrators/{id}': 403, // likewise
  'POST /api/v1/platform/administrators/{id}/mfa/reset': 403, // likewise
  'POST /api/v1/connectors/gateway-status': 403, // a gateway's device token only
  'POST /api/v1/auth/mfa/verify': 401, // needs the half-login cookie of a password step
  'POST /api/v1/auth/mfa/enrol/confirm': 401, // needs an enrolment begun by the same user
  // the demo enterprise has granted the demo region already (src/region/demo-seed.ts): a
  // second active grant to the same region tenant is the documented 409
  'POST /api/v1/region/grants': 409,
};

/** `<METHOD> <path>: unaddressed` (no id on the demo) or `: <status>` (an unplanned refusal).
 * What is left (issue #17), by cause: energy has no meter, contract or statement on the demo
 * (a baseline needs a year of meter readings through telemetry), and the region examples name
 * units and reports the demo region does not hold; a PHM job's id is known only to the request
 * that started it (no list of jobs), and the read-only walk runs before any change. */
export const KNOWN_GAPS: readonly string[] = [
  'GET /api/v1/energy/contracts/{id}/baselines: unaddressed',
  'GET /api/v1/energy/contracts/{id}: unaddressed',
  'GET /api/v1/energy/heating/stations/{id}: unaddressed',
  'GET /api/v1/energy/meters/{id}/daily: unaddressed',
  'GET /api/v1/energy/meters/{id}: unaddressed',
  'GET /api/v1/energy/statements/{id}/audit: unaddressed',
  'GET /api/v1/energy/statements/{id}/csv: unaddressed',
  'GET /api/v1/energy/statements/{id}: unaddressed',
  'GET /api/v1/phm/jobs/{id}: unaddressed',
  'GET /api/v1/region/platform-indicators/{tenantId}: unaddressed',
  'GET /api/v1/region/reports/{id}: unaddressed',
  'GET /api/v1/region/units/{id}: unaddressed',
  'POST /api/v1/energy/contracts/{id}/anomaly-scan: unaddressed',
  'POST /api/v1/energy/contracts/{id}/baselines/{version}/approve: unaddressed',
  'POST /api/v1/energy/contracts/{id}/baselines: unaddressed',
  'POST /api/v1/energy/statements/{id}/accept: unaddressed',
  'POST /api/v1/energy/statements/{id}/dispute: unaddressed',
  'POST /api/v1/energy/statements/{id}/issue: unaddressed',
  'POST /api/v1/region/reports/{id}/accept: 409',
  'PUT /api/v1/energy/heating/curves/{scope}/{id}: unaddressed',
  'PUT /api/v1/energy/sites/{site}/station: unaddressed',
];
