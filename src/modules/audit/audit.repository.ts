import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { pageOf, type Page, type PageRequest } from '../../db/pagination.js';
import type { AuditLogTable, ManagementKeysTable } from '../../db/schema.js';
import { sql, type RawBuilder } from 'kysely';

export type AuditRow = Selectable<AuditLogTable>;

export async function insertAudit(db: Executor, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export function pageAudit(
  db: Executor,
  shopId: number,
  page: PageRequest,
  where: RawBuilder<unknown>[],
): Promise<Page<AuditRow>> {
  return pageOf<AuditRow>(db, 'audit_log', shopId, page, { where });
}

export const auditWhere = {
  entity: (entity: string) => sql`entity = ${entity}`,
  entityId: (id: number) => sql`entity_id = ${id}`,
  via: (via: string) => sql`via = ${via}`,
  since: (iso: string) => sql`at >= ${iso}`,
  until: (iso: string) => sql`at < ${iso}`,
};

export function findKey(db: Executor, shopId: number, operation: string, key: string) {
  return db
    .selectFrom('management_keys')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('operation', '=', operation)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function insertKey(db: Executor, row: Insertable<ManagementKeysTable>): Promise<void> {
  await db.insertInto('management_keys').values(row).execute();
}
