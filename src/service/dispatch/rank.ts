// Dispatch (派工) suggestion: technicians ranked for one work order by skill match, great-circle
// distance from home to the asset's site (haversine on a 6,371 km sphere), current load (open
// orders assigned) and the SLA deadline (a deadline within four hours doubles the weight of
// distance: the nearest qualified person should go). Each candidate carries the reasons for its
// score, so a dispatcher sees why: `reasons` in English, and `why`, the same reasons as stable
// codes with parameters, which the console words in its own language. Pure.

export interface Candidate {
  id: string;
  name: string;
  skills: string[];
  lat: number | null;
  lon: number | null;
  load: number;
}

export interface Suggestion {
  technicianId: string;
  name: string;
  score: number;
  skillMatch: number;
  distanceKm: number | null;
  load: number;
  /** The reasons in English, one line each. */
  reasons: string[];
  /** The same reasons as codes with parameters, in the same order. */
  why: DispatchReason[];
}

/** One reason of a suggestion. `skills`: have of need required skills, `lacks` those missing
 * (comma-separated, empty when none); `distance`: km from home to the site; `load`: open work
 * orders assigned; `urgent`: hours to the SLA deadline (distance then weighs double). */
export type DispatchReason =
  | { code: 'skills'; params: { have: number; need: number; lacks: string } }
  | { code: 'no-skill-required'; params: Record<string, never> }
  | { code: 'distance'; params: { km: number } }
  | { code: 'no-location'; params: Record<string, never> }
  | { code: 'load'; params: { count: number } }
  | { code: 'urgent'; params: { hours: number } };

export const DISPATCH_REASON_CODES = [
  'skills',
  'no-skill-required',
  'distance',
  'no-location',
  'load',
  'urgent',
] as const satisfies ReadonlyArray<DispatchReason['code']>;

function english(r: DispatchReason): string {
  switch (r.code) {
    case 'skills':
      return `skills ${r.params.have}/${r.params.need}${r.params.lacks ? ` (lacks ${r.params.lacks})` : ''}`;
    case 'no-skill-required':
      return 'no particular skill required';
    case 'distance':
      return `${r.params.km} km from the site`;
    case 'no-location':
      return 'distance unknown (no location)';
    case 'load':
      return `${r.params.count} open work order${r.params.count === 1 ? '' : 's'}`;
    case 'urgent':
      return `SLA due in ${r.params.hours.toFixed(1)} h: distance weighs double`;
  }
}

const EARTH_KM = 6371;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Distance beyond which proximity scores nothing. */
const FAR_KM = 300;

export function rankTechnicians(
  job: { skills: string[]; lat: number | null; lon: number | null; hoursToDeadline: number | null },
  candidates: Candidate[],
): Suggestion[] {
  const urgent = job.hoursToDeadline !== null && job.hoursToDeadline <= 4;
  const wDistance = urgent ? 40 : 20;
  return candidates
    .map((c): Suggestion => {
      const have = job.skills.filter((s) => c.skills.includes(s));
      const skillMatch = job.skills.length ? have.length / job.skills.length : 1;
      const distanceKm =
        job.lat !== null && job.lon !== null && c.lat !== null && c.lon !== null
          ? Math.round(haversineKm(c.lat, c.lon, job.lat, job.lon) * 10) / 10
          : null;
      const near = distanceKm === null ? 0.5 : Math.max(0, 1 - distanceKm / FAR_KM);
      const free = 1 / (1 + c.load);
      const score = Math.round((50 * skillMatch + wDistance * near + 30 * free) * 10) / 10;
      const missing = job.skills.filter((s) => !c.skills.includes(s));
      const why: DispatchReason[] = [
        job.skills.length
          ? {
              code: 'skills',
              params: { have: have.length, need: job.skills.length, lacks: missing.join(', ') },
            }
          : { code: 'no-skill-required', params: {} },
        distanceKm === null
          ? { code: 'no-location', params: {} }
          : { code: 'distance', params: { km: distanceKm } },
        { code: 'load', params: { count: c.load } },
      ];
      if (urgent)
        why.push({
          code: 'urgent',
          params: { hours: Math.round(job.hoursToDeadline! * 10) / 10 },
        });
      return {
        technicianId: c.id,
        name: c.name,
        score,
        skillMatch,
        distanceKm,
        load: c.load,
        reasons: why.map(english),
        why,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
        a.technicianId.localeCompare(b.technicianId),
    );
}
