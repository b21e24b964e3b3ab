// The open alarms as the console shows them: every page of GET /api/v1/alarms (paged by
// cursor, README "Paging"), newest first. Open alarms are few; the history is read by page.
import { api } from './client';
import type { Alarm } from './types';

export async function openAlarmList(): Promise<Alarm[]> {
  const all: Alarm[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Alarm[]; nextCursor: string | null } = await api.get<
      '/api/v1/alarms',
      { items: Alarm[]; nextCursor: string | null }
    >('/api/v1/alarms', { query: { limit: 500, ...(cursor ? { cursor } : {}) } });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
