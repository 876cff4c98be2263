/** The row types the fiscal chain reads and writes. */
import type { Selectable } from 'kysely';
import type { OrderLinesTable, OrdersTable, PaymentsTable } from '../../db/schema.js';

export type { FiscalRecordsTable } from '../../db/schema.js';
export type OrderRow = Selectable<OrdersTable>;
export type LineRow = Selectable<OrderLinesTable>;
export type PaymentRow = Selectable<PaymentsTable>;
