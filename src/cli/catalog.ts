/** `comptoir catalog import <file.csv> [--apply]` and `comptoir catalog export`: the spreadsheet of a shop's products. */
import fs from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError } from '../app/config.js';
import type { Db } from '../db/database.js';
import { isInputError } from '../domain/errors.js';
import { exportCatalog, importCatalog, type ImportResult } from '../modules/catalog/catalog.import.js';
import { COLUMNS } from '../modules/catalog/catalog.csv.js';
import type { Ctx } from '../modules/shared/context.js';
import { withToolNames } from '../mcp/hints.js';
import { allShops, noShopWithId } from '../modules/shops/shops.service.js';
import { toCsv } from '../mcp/format.js';

type Out = (text: string) => void;
export interface CatalogFlags {
  shop?: string | undefined;
  apply?: boolean | undefined;
  json?: boolean | undefined;
}

async function shopCtx(db: Db, logger: Logger, flags: CatalogFlags, via: string): Promise<Ctx> {
  const shops = await allShops(db);
  if (shops.length === 0) throw new ConfigError('The database has no shop yet: run comptoir init first.');
  const id = flags.shop === undefined ? shops[0]!.id : Number(flags.shop);
  if (!shops.some((s) => s.id === id))
    throw new ConfigError(`--shop: ${noShopWithId(flags.shop ?? '', shops)}.`);
  return {
    shopId: id,
    actor: 'cli',
    via,
    scopes: ['read', 'sell', 'admin'],
    db,
    clock: () => new Date(),
    logger,
  };
}

function summary(r: ImportResult): string {
  const lines = [
    `${r.applied ? 'Imported' : 'Dry run (nothing written; add --apply to import)'}: ${r.rows} rows, ${r.created} to create, ${r.updated} to update, ${r.unchanged} unchanged, ${r.refused} refused.`,
  ];
  if (r.departmentsCreated.length) lines.push(`New departments: ${r.departmentsCreated.join(', ')}.`);
  if (r.vatRatesCreated.length) lines.push(`New VAT rates: ${r.vatRatesCreated.join(' %, ')} %.`);
  if (r.ignoredColumns.length) lines.push(`Columns ignored: ${r.ignoredColumns.join(', ')}.`);
  for (const l of r.lines.filter((x) => x.action === 'refused'))
    lines.push(`line ${l.line}${l.title ? ` "${l.title}"` : ''}: refused (${l.field}): ${l.reason}`);
  return withToolNames(lines.join('\n')) + '\n';
}

export async function catalogCommand(
  db: Db,
  logger: Logger,
  action: string | undefined,
  args: string[],
  flags: CatalogFlags,
  out: Out,
): Promise<number> {
  if (action === 'export') {
    const ctx = await shopCtx(db, logger, flags, 'catalog export');
    out(toCsv(await exportCatalog(ctx), [...COLUMNS]));
    return 0;
  }
  if (action !== 'import' || args.length !== 1)
    throw new ConfigError(
      'Usage: comptoir catalog import <file.csv> [--apply] [--shop <id>] | catalog export [--shop <id>]',
    );
  const file = args[0]!;
  if (!fs.existsSync(file)) throw new ConfigError(`catalog import: no file at ${file}.`);
  if (!fs.statSync(file).isFile())
    throw new ConfigError(`catalog import: ${file} is not a file; name the CSV file to import.`);
  const csv = fs.readFileSync(file, 'utf8');
  const ctx = await shopCtx(db, logger, flags, 'catalog import');
  try {
    const result = await importCatalog(ctx, { csv, apply: flags.apply ?? false });
    out(flags.json ? withToolNames(JSON.stringify(result, null, 2)) + '\n' : summary(result));
    return result.refused > 0 ? 1 : 0;
  } catch (error) {
    if (isInputError(error)) throw new ConfigError(`${file}: ${withToolNames(error.message)}`);
    throw error;
  }
}
