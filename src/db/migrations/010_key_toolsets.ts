/**
 * An API key may choose which tool sets it is served (mcp/toolsets.ts), as a comma-separated list;
 * null serves the server's default (COMPTOIR_TOOLSETS, every set unless told otherwise).
 */
import type { AnyDb } from './helpers.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('toolsets', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('toolsets').execute();
}
