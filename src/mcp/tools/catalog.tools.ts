/** The catalog's management tools, with Kash's names: VAT rates, departments and groups, variations, products. */
import { deleteInput } from '../../modules/shared/manage.schemas.js';
import { vatAddInput, vatEditInput, vatRate } from '../../modules/catalog/catalog.manage.schemas.js';
import { addVat, deleteVat, editVat } from '../../modules/catalog/catalog.vat.js';
import type { AnyToolSpec } from '../tool.js';
import { manageTool } from './manage.js';

export const catalogTools: AnyToolSpec[] = [
  manageTool({
    name: 'vat_add',
    title: 'Add a VAT rate',
    description: 'Adds a VAT rate (title, rate in %).',
    verb: 'add',
    input: vatAddInput,
    item: vatRate,
    run: addVat,
  }),
  manageTool({
    name: 'vat_edit',
    title: 'Edit a VAT rate',
    description: 'Renames a VAT rate, archives or restores it; its rate changes only while nothing uses it.',
    verb: 'edit',
    input: vatEditInput,
    item: vatRate,
    run: editVat,
  }),
  manageTool({
    name: 'vat_delete',
    title: 'Delete a VAT rate',
    description: 'Deletes a VAT rate no product or department uses; one that orders used is archived.',
    verb: 'delete',
    input: deleteInput,
    item: vatRate,
    run: deleteVat,
  }),
];
