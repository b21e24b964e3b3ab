// Outdoor dry-bulb temperature for the five Jiangsu cities of the demo fleet: annual cycle +
// daily cycle + synoptic (multi-day) weather. Normals are rounded monthly means for the cities
// (China Meteorological Administration 1981–2010 climate normals: January about 3 °C,
// July about 28 °C along the lower Yangtze); the daily cycle peaks mid-afternoon local time,
// as in the sinusoidal diurnal models used for building-energy weather generation
// (ASHRAE Handbook—Fundamentals 2017, ch. 14, "design day" hourly temperature profile).

import { smoothNoise, hashString } from './random.ts';

export type City = 'Nanjing' | 'Suzhou' | 'Wuxi' | 'Changzhou' | 'Nantong';

export interface CityClimate {
  city: City;
  lat: number;
  lon: number;
  /** Annual mean temperature, °C. */
  mean: number;
  /** Half the difference between the July and January means, K. */
  annualAmplitude: number;
}

export const cities: readonly CityClimate[] = [
  { city: 'Nanjing', lat: 32.06, lon: 118.8, mean: 15.9, annualAmplitude: 12.7 },
  { city: 'Suzhou', lat: 31.3, lon: 120.58, mean: 16.5, annualAmplitude: 12.3 },
  { city: 'Wuxi', lat: 31.49, lon: 120.31, mean: 16.2, annualAmplitude: 12.5 },
  { city: 'Changzhou', lat: 31.81, lon: 119.97, mean: 16.0, annualAmplitude: 12.6 },
  { city: 'Nantong', lat: 31.98, lon: 120.89, mean: 15.6, annualAmplitude: 12.0 },
];

export function climateOf(city: City): CityClimate {
  const c = cities.find((x) => x.city === city);
  if (!c) throw new Error(`unknown city ${city}`);
  return c;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR_DAYS = 365.2425;
/** China Standard Time, UTC+8. */
export const LOCAL_OFFSET_MS = 8 * HOUR;
/** The warmest day of the year along the lower Yangtze is late July (day ~205). */
const WARMEST_DAY = 205;
const DIURNAL_AMPLITUDE = 3.5;
const WARMEST_HOUR = 14.5;

/** Local (UTC+8) hour of day in [0, 24). */
export function localHour(t: number): number {
  const ms = (((t + LOCAL_OFFSET_MS) % DAY) + DAY) % DAY;
  return ms / HOUR;
}

/** Local day of week, 0 = Sunday. 1970-01-01 was a Thursday. */
export function localWeekday(t: number): number {
  const day = Math.floor((t + LOCAL_OFFSET_MS) / DAY);
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of the year in [0, 365.24) (close enough for a climate cycle; ignores calendar drift). */
export function dayOfYear(t: number): number {
  const days = (t + LOCAL_OFFSET_MS) / DAY;
  return ((days % YEAR_DAYS) + YEAR_DAYS) % YEAR_DAYS;
}

/** Seasonal + daily mean without weather noise: the "normal" for that moment. */
export function normalTemperature(c: CityClimate, t: number): number {
  const annual =
    c.annualAmplitude * Math.cos((2 * Math.PI * (dayOfYear(t) - WARMEST_DAY)) / YEAR_DAYS);
  const daily = DIURNAL_AMPLITUDE * Math.cos((2 * Math.PI * (localHour(t) - WARMEST_HOUR)) / 24);
  return c.mean + annual + daily;
}

/**
 * Outdoor temperature, °C. The weather part is shared by every asset in a city (keyed by seed
 * and city, not by asset): a cold front reaches all heat stations in Suzhou at once.
 */
export function outdoorTemperature(seed: number, city: City, t: number): number {
  const c = climateOf(city);
  const key = hashString(city);
  const synoptic = 4 * smoothNoise(3 * DAY, t, seed, key, 1);
  const daily = 1.5 * smoothNoise(DAY / 2, t, seed, key, 2);
  return normalTemperature(c, t) + synoptic + daily;
}
