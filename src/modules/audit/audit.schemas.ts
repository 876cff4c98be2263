import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { dateText, idRef, pageFields } from '../shared/list.schemas.js';

export const auditEntry = z.object({
  id: z.int(),
  at: z.string().describe('When (UTC, ISO 8601).'),
  actor: z.string().describe('Who: the API key, the user, or stdio.'),
  via: z.string().describe('Through which tool or command.'),
  entity: z.string().describe('What kind of row: product, vat_rate, department, client, shop, stock, …'),
  entityId: z.int().nullable(),
  action: z.string().describe('add, edit, delete, archive, import or stock.'),
  before: z.unknown().describe('The values before (null for an add).'),
  after: z.unknown().describe('The values after (null for a delete).'),
});

export const auditListInput = z.object({
  entity: z.string().max(MAX_TEXT.short).optional().describe('Only this kind of row, e.g. product.'),
  entityId: idRef().optional().describe('Only this row (with entity).'),
  via: z.string().max(MAX_TEXT.short).optional().describe('Only changes made through this tool.'),
  since: dateText().optional().describe('From this instant (ISO 8601, UTC).'),
  until: dateText().optional().describe('Before this instant.'),
  ...pageFields,
});
