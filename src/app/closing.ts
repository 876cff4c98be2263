/**
 * The server closes every shop's day at its close hour (docs/FISCAL.md): started by the stdio and HTTP
 * servers, it looks every minute for a shop whose business day has changed and closes what is due,
 * and two seconds after the start it closes the days a stop made it miss. On several nodes each runs it; the shop's lock
 * and the closures already written make the second one find nothing left to do.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { closeAtCloseHours } from '../modules/fiscal/fiscal.closures.js';

export function startClosing(db: Db, logger: Logger, clock: () => Date = () => new Date()): () => void {
  return closeAtCloseHours(
    db,
    (shopId) => ({ shopId, actor: 'server', via: 'close hour', scopes: ['sell'], db, clock, logger }),
    (shop, err) => logger.error({ err, shop }, 'closing the day failed; tried again in a minute'),
  );
}
