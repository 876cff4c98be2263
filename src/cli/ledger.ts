/**
 * `comptoir ledger verify [--shop <id>] [--json]`: the fiscal chains of one shop or of every shop;
 * `comptoir archive`: a period's signed archive, and its verification offline.
 */
import fs from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError } from '../app/config.js';
import type { Db } from '../db/database.js';
import { verificationText } from '../mcp/tools/fiscal.tools.js';
import { checkPeriod, verifyArchive, writeArchive } from '../modules/fiscal/fiscal.archive.js';
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

/** `comptoir archive verify <file> [--public-key <file>]`: needs no database. */
export function archiveVerifyCommand(
  file: string | undefined,
  publicKeyFile: string | undefined,
  json: boolean,
  out: Out,
): number {
  if (!file) throw new ConfigError('Usage: comptoir archive verify <file> [--public-key <file.pem>]');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file} cannot be read (${(error as Error).message}).`);
  }
  const expected = publicKeyFile ? fs.readFileSync(publicKeyFile, 'utf8') : undefined;
  const r = verifyArchive(text, expected);
  if (json) out(`${JSON.stringify(r, null, 2)}\n`);
  else if (r.ok)
    out(
      `${file}: intact — ${r.shop ?? '?'}, ${r.period ?? '?'}, ${Object.entries(r.records)
        .map(([c, n]) => `${c} ${n}`)
        .join(
          ', ',
        )} records, signed by the key it carries${expected ? ' (the one expected)' : ' (compare it with the shop’s public key)'}.\n`,
    );
  else out(`${file}: NOT intact\n${r.problems.map((p) => `- ${p}`).join('\n')}\n`);
  return r.ok ? 0 : 1;
}

/** `comptoir archive --period <p> [--shop <id>] [--out <dir>]`. */
export async function archiveCommand(
  db: Db,
  logger: Logger,
  flags: {
    shop?: string | undefined;
    period?: string | undefined;
    out?: string | undefined;
    json?: boolean | undefined;
  },
  directory: string | null,
  out: Out,
): Promise<number> {
  if (!flags.period)
    throw new ConfigError(
      'Usage: comptoir archive --period <YYYY-MM|YYYY|YYYY-MM-DD> [--shop <id>] [--out <dir>]',
    );
  const dir = flags.out ?? directory;
  if (!dir)
    throw new ConfigError('--out: name the directory to write the archive into (or set COMPTOIR_ARCHIVES).');
  const shops = await allShops(db);
  const shop = flags.shop === undefined ? shops[0] : shops.find((s) => String(s.id) === flags.shop?.trim());
  if (!shop) throw new ConfigError(`--shop: ${noShopWithId(flags.shop ?? '', shops)}.`);
  try {
    const a = await writeArchive(
      {
        shopId: shop.id,
        actor: 'cli',
        via: 'archive',
        scopes: ['admin'],
        db,
        clock: () => new Date(),
        logger,
      },
      checkPeriod(flags.period, '--period'),
      dir,
    );
    if (flags.json) out(`${JSON.stringify(a, null, 2)}\n`);
    else
      out(
        `Wrote ${a.file} (${a.bytes} bytes; ${Object.entries(a.records)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ')} records; sha256 ${a.sha256}).\n`,
      );
    return 0;
  } catch (error) {
    if (error instanceof Error && 'field' in error) throw new ConfigError(error.message);
    throw error;
  }
}
