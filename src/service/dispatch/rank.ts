// Dispatch (派工) suggestion: technicians ranked for one work order by skill match, great-circle
// distance from home to the asset's site (haversine on a 6,371 km sphere), current load (open
// orders assigned) and the SLA deadline (a deadline within four hours doubles the weight of
// distance: the nearest qualified person should go). Each candidate carries the reasons for its
// score, so a dispatcher sees why. Pure.

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
  reasons: string[];
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
      const reasons = [
        job.skills.length
          ? `skills ${have.length}/${job.skills.length}${missing.length ? ` (lacks ${missing.join(', ')})` : ''}`
          : 'no particular skill required',
        distanceKm === null ? 'distance unknown (no location)' : `${distanceKm} km from the site`,
        `${c.load} open work order${c.load === 1 ? '' : 's'}`,
      ];
      if (urgent)
        reasons.push(`SLA due in ${job.hoursToDeadline!.toFixed(1)} h: distance weighs double`);
      return {
        technicianId: c.id,
        name: c.name,
        score,
        skillMatch,
        distanceKm,
        load: c.load,
        reasons,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
        a.technicianId.localeCompare(b.technicianId),
    );
}
