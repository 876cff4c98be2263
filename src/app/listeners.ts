/**
 * The composition root's wiring of what listens to sales: the reports today (their summary rows are
 * written in the sale's transaction) and the fiscal chain (its records, written before the commit);
 * webhooks will be registered here too. And
 * who answers "does the history name this?" before a management delete: the sales ledger.
 * Importing this module registers them, once.
 */
import { listenToJournal } from '../modules/audit/audit.service.js';
import { fiscalListener, managementEvent } from '../modules/fiscal/fiscal.chain.js';
import { closuresClockListener } from '../modules/fiscal/fiscal.closures.js';
import { reportsListener } from '../modules/reports/reports.ledger.js';
import { reportsClockListener } from '../modules/reports/reports.reclock.js';
import { listenToSales } from '../modules/sales/sales.events.js';
import { salesReferences } from '../modules/sales/sales.references.js';
import { checkReferencesWith } from '../modules/shared/references.js';
import { listenToShops } from '../modules/shops/shops.events.js';

listenToSales(reportsListener);
listenToSales(fiscalListener); // the fiscal chain: a record of each sale, credit note and later payment
listenToJournal(managementEvent); // and an event of its journal for each management change
listenToShops(closuresClockListener); // a new clock may not place now in a closed business day
listenToShops(reportsClockListener); // a change of the shop's clock re-places orders and rebuilds reports
checkReferencesWith(salesReferences);
