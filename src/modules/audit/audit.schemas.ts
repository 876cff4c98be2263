import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { dateText, idRef, pageFields } from '../shared/list.schemas.js';

export const auditEntry = z.object({
  id: z.int(),
  at: z.string(),
  /** the API key, the user, or stdio */
  actor: z.string(),
  /** the tool or command */
  via: z.string(),
  entity: z.string(),
  entityId: z.int().nullable(),
  action: z.string().describe('add, edit, delete, archive, import or stock.'),
  before: z.unknown(),
  after: z.unknown(),
});

export const auditListInput = z.object({
  entity: z
    .string()
    .max(MAX_TEXT.short)
    .optional()
    .describe('Kind of row: product, vat_rate, department, client, shop, stock, …'),
  entityId: idRef().optional().describe('With entity.'),
  via: z.string().max(MAX_TEXT.short).optional().describe('Tool name.'),
  since: dateText().optional().describe('ISO 8601, UTC.'),
  until: dateText().optional().describe('Excluded.'),
  ...pageFields,
});
