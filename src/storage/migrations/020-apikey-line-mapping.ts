// How an API key's line protocol maps onto assets and channels (issue 25): which tags name the
// asset, whether the channel is `<measurement>_<field>`, what string fields do, and partial
// writes — JSON, null for the defaults. A Telegraf cannot add parameters to its write URL, so
// its key carries them.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('line_mapping', 'text').execute();
}
