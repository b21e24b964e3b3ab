// Daily rollups are no longer stored beside the hourly ones: a day's 24 hourly buckets add up to
// it exactly, so readers rebucket them, and retention writes the 1d row only when it drops the
// day's 1h row (src/telemetry/retention.ts). The 1d rows of days that still have their hours are
// redundant: about 0.05 bytes per point on the fleet workload. Both dialects take this SQL.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM telemetry_rollups
    WHERE resolution = '1d' AND EXISTS (
      SELECT 1 FROM telemetry_rollups h
      WHERE h.series_id = telemetry_rollups.series_id
        AND h.window_start = telemetry_rollups.window_start
        AND h.resolution = '1h')`.execute(db);
}
