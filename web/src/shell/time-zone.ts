// The tenant's time zone (GET /api/v1/settings/time-zone, issue 17): loaded once the user is
// signed in and handed to format.ts, so every date, time column and time axis is in it.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { setTenantTimeZone } from './format';

export const timeZoneKey = ['settings', 'time-zone'] as const;

export interface TimeZoneSettings {
  timeZone: string;
  sites: { site: string; timeZone: string }[];
}

export function useTenantTimeZone(enabled: boolean) {
  return useQuery({
    queryKey: timeZoneKey,
    queryFn: async () => {
      const s = await api.get<'/api/v1/settings/time-zone', TimeZoneSettings>(
        '/api/v1/settings/time-zone',
      );
      setTenantTimeZone(s.timeZone);
      return s;
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}
