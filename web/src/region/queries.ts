// The region reads shared by the overview and the printable report.
import { api } from '../api/client';

export interface Indicator {
  key: string;
  name?: string;
  nameEn?: string;
  direction: string;
}
export interface Programme {
  id: string;
  name: string;
  system: {
    subsystems: Array<{ key: string; name?: string; nameEn?: string; indicators: Indicator[] }>;
  };
}
export interface Unit {
  id: string;
  kind: 'enterprise' | 'cluster' | 'zone' | 'project';
  name: string;
  city: string;
  industryCode: string;
  paths: string[];
}
export interface EvalRow {
  unit: string;
  name: string;
  city: string;
  year: number;
  U1: number;
  U2: number;
  C: number;
  T: number;
  D: number;
  class: string;
  classLabel: { 'zh-CN': string; en: string };
  lagging: string;
  rank: number;
  change: number | null;
  normalised: Record<string, number>;
}
export interface Evaluation {
  weights: Record<string, number>;
  rows: EvalRow[];
  trends: {
    units: Array<{ key: string; series: Array<{ year: number; D: number }>; slope: number }>;
  };
}
export type Method = 'entropy' | 'ahp' | 'combined';

export const fetchProgrammes = async (): Promise<Programme[]> =>
  (await api.get<'/api/v1/region/programmes', { items: Programme[] }>('/api/v1/region/programmes'))
    .items;

export const fetchUnits = async (id: string): Promise<Unit[]> =>
  (
    await api.get<'/api/v1/region/programmes/{id}/units', { items: Unit[] }>(
      '/api/v1/region/programmes/{id}/units',
      { path: { id } },
    )
  ).items;

export const fetchEvaluation = (id: string, weights: Method): Promise<Evaluation> =>
  api.post<'/api/v1/region/programmes/{id}/evaluate', Evaluation>(
    '/api/v1/region/programmes/{id}/evaluate',
    { source: 'statistics', weights },
    { path: { id } },
  );

export const indicatorName = (i: Indicator, lang: string): string =>
  (lang === 'en' ? i.nameEn : i.name) ?? i.key;
