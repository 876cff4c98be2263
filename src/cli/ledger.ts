/** `comptoir ledger verify [--shop <id>] [--json]`: the fiscal chains of one shop or of every shop. */
import type { Logger } from 'pino';
import { ConfigError } from '../app/config.js';
import type { Db } from '../db/database.js';
import { verificationText } from '../mcp/tools/fiscal.tools.js';
import { verifyLedger } from '../modules/fiscal/fiscal.service.js';
import { allShops, noShopWithId } from '../modules/shops/shops.service.js';

type Out = (text: string) => void;

/** Verifies; the exit status is 0 when every ledger verified is intact, 1 when one is not. */
export async function ledgerCommand(
  db: Db,
  logger: Logger,
  action: string | undefined,
  flags: { shop?: string | undefined; json?: boolean | undefined },
  out: Out,
): Promise<number> {
  if (action !== 'verify') throw new ConfigError('Usage: comptoir ledger verify [--shop <id>] [--json]');
  const shops = await allShops(db);
  const chosen = flags.shop === undefined ? shops : shops.filter((s) => String(s.id) === flags.shop?.trim());
  if (flags.shop !== undefined && chosen.length === 0)
    throw new ConfigError(`--shop: ${noShopWithId(flags.shop, shops)}.`);
  const results = [];
  for (const shop of chosen) {
    const v = await verifyLedger({
      shopId: shop.id,
      actor: 'cli',
      via: 'ledger verify',
      scopes: ['read'],
      db,
      clock: () => new Date(),
      logger,
    });
    results.push({ shop: shop.id, name: shop.name, ...v });
    if (!flags.json) out(`Shop ${shop.id} (${shop.name}): ${verificationText(v)}\n`);
  }
  if (flags.json) out(`${JSON.stringify(results, null, 2)}\n`);
  else if (chosen.length === 0) out('No shops yet: nothing to verify.\n');
  return results.every((r) => r.ok) ? 0 : 1;
}
