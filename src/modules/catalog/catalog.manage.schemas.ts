/** zod schemas of the catalog's management tools (Kash's argument names). */
import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { flag, idField, idempotencyKey, nameField } from '../shared/manage.schemas.js';
import { vatPercent } from '../shared/list.schemas.js';

const archivedFlag = flag('true hides it from sale and lists (archived); false brings it back.');

export const vatRate = z.object({
  id: z.int(),
  rate: vatPercent,
  label: z.string(),
  archived: z.boolean(),
});

const rateField = z.number().describe('The rate in percent, e.g. 10 or 5.5.');
export const vatAddInput = z.object({
  title: nameField('Label, e.g. "TVA 10 %".', MAX_TEXT.name),
  rate: rateField,
  idempotencyKey,
});
export const vatEditInput = z.object({
  id: idField('VAT rate'),
  title: nameField('New label.').optional(),
  rate: rateField.optional().describe('New rate: only while no product, department or order uses it.'),
  archived: archivedFlag.optional(),
});
