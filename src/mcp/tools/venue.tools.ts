/** The venue's and the clients' management tools: payment methods, tables, cashboxes, staff, discounts, delivery, clients. */
import * as z from 'zod';
import { changeOutput, deleteInput } from '../../modules/shared/manage.schemas.js';
import * as s from '../../modules/venue/venue.manage.schemas.js';
import * as v from '../../modules/venue/venue.schemas.js';
import * as pay from '../../modules/venue/venue.payment-modes.js';
import * as e from '../../modules/venue/venue.entities.js';
import { addTables, deleteTable, editTable } from '../../modules/venue/venue.tables.js';
import { clientAddInput, clientDetail, clientEditInput } from '../../modules/customers/customers.schemas.js';
import { addClient, deleteClient, editClient } from '../../modules/customers/customers.manage.js';
import type { Ctx } from '../../modules/shared/context.js';
import type { Change } from '../../modules/shared/manage.schemas.js';
import { defineTool, type AnyToolSpec } from '../tool.js';
import { manageTool } from './manage.js';

type Run<I extends z.ZodObject, T> = (
  ctx: Ctx,
  args: z.infer<I>,
) => Promise<Change<T> & { replayed: boolean }>;

/** add / edit / delete of one kind of row: `what` in the titles, `says` what the add's fields do not. */
function triple<A extends z.ZodObject, E extends z.ZodObject, T extends z.ZodType>(spec: {
  noun: string;
  what: string;
  says?: string;
  item: T;
  add: { input: A; run: Run<A, z.infer<T>> };
  edit: { input: E; run: Run<E, z.infer<T>> };
  remove: Run<typeof deleteInput, z.infer<T>>;
  removeSays?: string;
}): AnyToolSpec[] {
  const { noun, what, item } = spec;
  return [
    manageTool({
      name: `${noun}_add`,
      title: `Add a ${what}`,
      description: `Adds a ${what}${spec.says ? `: ${spec.says}` : ''}.`,
      verb: 'add',
      input: spec.add.input,
      item,
      run: spec.add.run,
    }),
    manageTool({
      name: `${noun}_edit`,
      title: `Edit a ${what}`,
      description: `Edits a ${what}; fields as in ${noun}_add.`,
      verb: 'edit',
      input: spec.edit.input,
      item,
      run: spec.edit.run,
    }),
    manageTool({
      name: `${noun}_delete`,
      title: `Delete a ${what}`,
      description: spec.removeSays ?? `Deletes a ${what}; archived instead if orders name it.`,
      verb: 'delete',
      input: deleteInput,
      item,
      run: spec.remove,
    }),
  ];
}

const tableAdd = defineTool({
  name: 'table_add',
  title: 'Add tables',
  description: `Adds one table (number) or a range (from, to; at most ${s.MAX_TABLES_AT_ONCE}), all or nothing.`,
  scope: 'admin',
  input: s.tableAddInput,
  output: changeOutput(v.diningTable).extend({
    tables: z.array(v.diningTable),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  run: addTables,
});

export const venueTools: AnyToolSpec[] = [
  ...triple({
    noun: 'payment_mode',
    what: 'payment method',
    item: v.paymentMethod,
    add: { input: s.paymentModeAddInput, run: pay.addPaymentMode },
    edit: { input: s.paymentModeEditInput, run: pay.editPaymentMode },
    remove: pay.deletePaymentMode,
    removeSays: 'Deletes a payment method; archived instead if payments used it.',
  }),
  ...triple({
    noun: 'client',
    what: 'client',
    says: 'at least a name, surname, email or phone; one client per e-mail',
    item: clientDetail,
    add: { input: clientAddInput, run: addClient },
    edit: { input: clientEditInput, run: editClient },
    remove: deleteClient,
    removeSays: 'Deletes a client; archived instead if it has orders.',
  }),
  tableAdd,
  manageTool({
    name: 'table_edit',
    title: 'Edit a table',
    description: 'Edits a table; fields as in table_add.',
    verb: 'edit',
    input: s.tableEditInput,
    item: v.diningTable,
    run: editTable,
  }),
  manageTool({
    name: 'table_delete',
    title: 'Delete a table',
    description: 'Deletes a table; archived instead if orders name it.',
    verb: 'delete',
    input: s.tableDeleteInput,
    item: v.diningTable,
    run: deleteTable,
  }),
  ...triple({
    noun: 'cashbox',
    what: 'cashbox',
    item: v.cashbox,
    add: { input: s.cashboxAddInput, run: e.addCashbox },
    edit: { input: s.cashboxEditInput, run: e.editCashbox },
    remove: e.deleteCashbox,
  }),
  ...triple({
    noun: 'user',
    what: 'staff user',
    item: v.user,
    add: { input: s.userAddInput, run: e.addUser },
    edit: { input: s.userEditInput, run: e.editUser },
    remove: e.deleteUser,
  }),
  ...triple({
    noun: 'delivery_zone',
    what: 'delivery zone',
    item: v.deliveryZone,
    add: { input: s.deliveryZoneAddInput, run: e.addDeliveryZone },
    edit: { input: s.deliveryZoneEditInput, run: e.editDeliveryZone },
    remove: e.deleteDeliveryZone,
    removeSays: 'Deletes a delivery zone.',
  }),
  ...triple({
    noun: 'relay_point',
    what: 'relay point',
    item: v.relayPoint,
    add: { input: s.relayPointAddInput, run: e.addRelayPoint },
    edit: { input: s.relayPointEditInput, run: e.editRelayPoint },
    remove: e.deleteRelayPoint,
  }),
  ...triple({
    noun: 'delivery_man',
    what: 'delivery person',
    item: v.deliveryMan,
    add: { input: s.deliveryManAddInput, run: e.addDeliveryMan },
    edit: { input: s.deliveryManEditInput, run: e.editDeliveryMan },
    remove: e.deleteDeliveryMan,
  }),
];
