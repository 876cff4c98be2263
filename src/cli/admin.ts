/**
 * `comptoir shops …`, `comptoir keys …`, `comptoir demo …` and `comptoir reports rebuild`: the shops of
 * a database, their API keys, a generated history, and the report summary rows.
 */
import { MAX_TEXT } from '../domain/limits.js';
import type { Db } from '../db/database.js';
import { ConfigError, parseToolsets } from '../app/config.js';
import { printable } from './printable.js';
import { allTools, sessionTools } from '../mcp/server.js';
import { toolsetOf, withLookups } from '../mcp/toolsets.js';

export { printable };
import { InputError } from '../domain/errors.js';
import {
  generateHistory,
  MAX_DAYS,
  MAX_ORDERS_PER_DAY,
  type HistoryOptions,
} from '../modules/demo/demo.history.js';
import { createDemoShop, createEmptyShop } from '../modules/demo/demo.service.js';
import { rebuildReports } from '../modules/reports/reports.rebuild.js';
import { allShops, noShopWithId } from '../modules/shops/shops.service.js';
import { createKey, listKeys, parseScopes, revokeKey, type ApiKey } from '../modules/keys/keys.service.js';
import type { Logger } from 'pino';

export interface AdminFlags {
  name?: string | undefined;
  shop?: string | undefined;
  scopes?: string | undefined;
  toolsets?: string | undefined;
  demo?: boolean | undefined;
  json?: boolean | undefined;
  days?: string | undefined;
  'orders-per-day'?: string | undefined;
  seed?: string | undefined;
}

type Out = (text: string) => void;

function positiveId(text: string | undefined, what: string): number {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n <= 0)
    throw new ConfigError(`${what} must be a positive whole number.`);
  return n;
}

function keyLine(k: ApiKey): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
  const sets = k.toolsets?.join(',') ?? 'default';
  return `${k.id}\tshop ${k.shopId}\t${k.prefix}…\t${k.scopes.join(',')}\t${sets}\t${state}\t${printable(k.name)}`;
}

export async function shopsCommand(
  db: Db,
  logger: Logger,
  action: string | undefined,
  flags: AdminFlags,
  out: Out,
): Promise<void> {
  if (action === 'list') {
    const shops = await allShops(db);
    if (flags.json) return out(JSON.stringify(shops, null, 2) + '\n');
    if (shops.length === 0)
      return out('No shops yet. Create one: comptoir shops create --name "<name>" [--demo]\n');
    for (const s of shops) out(`${s.id}\t${printable(s.name)}\t${s.currency}\t${s.timeZone}\n`);
    return;
  }
  if (action === 'create') {
    const name = shopName(flags.name);
    if (!name) throw new ConfigError('shops create needs --name "<shop name>".');
    const now = new Date();
    const id = flags.demo
      ? await createDemoShop(db, logger, now, { name, historyDays: 0 })
      : await createEmptyShop(db, name, now);
    if (flags.json) return out(JSON.stringify({ id, name }) + '\n');
    out(
      `Created shop ${id} (${printable(name)}). Give it a key: comptoir keys create --shop ${id} --scopes read,sell\n`,
    );
    return;
  }
  throw new ConfigError('Usage: comptoir shops list | comptoir shops create --name "<name>" [--demo]');
}

export async function keysCommand(
  db: Db,
  action: string | undefined,
  args: string[],
  flags: AdminFlags,
  out: Out,
): Promise<void> {
  try {
    if (action === 'list') {
      const keys = await listKeys(
        db,
        flags.shop === undefined ? undefined : positiveId(flags.shop, '--shop'),
      );
      if (flags.json) return out(JSON.stringify(keys, null, 2) + '\n');
      if (keys.length === 0)
        return out('No API keys. Create one: comptoir keys create --shop <id> --scopes read\n');
      out('id\tshop\tprefix\tscopes\ttoolsets\tstate\tname\n');
      for (const k of keys) out(keyLine(k) + '\n');
      return;
    }
    if (action === 'create') {
      if (flags.shop === undefined)
        throw new ConfigError('keys create needs --shop <id> (see comptoir shops list).');
      if (flags.scopes === undefined)
        throw new ConfigError('keys create needs --scopes, e.g. --scopes read or --scopes read,sell,admin.');
      const scopes = parseScopes(flags.scopes);
      const toolsets = parseToolsets(flags.toolsets, '--toolsets');
      if (sessionTools({ scopes, toolsets }).length === 0)
        throw new ConfigError(
          `--scopes ${scopes.join(',')} with --toolsets ${toolsets!.join(',')} leave the key no tool: ${withLookups(
            toolsets!,
          )
            .map(
              (s) =>
                `${s} needs ${[...new Set(allTools.filter((t) => toolsetOf(t.name) === s).map((t) => t.scope))].join(' or ')}`,
            )
            .join('; ')}. Give it one of those scopes, or other tool sets.`,
        );
      const { key, apiKey } = await createKey(
        db,
        { shopId: positiveId(flags.shop, '--shop'), scopes, name: shopName(flags.name), toolsets },
        new Date(),
      );
      if (flags.json) return out(JSON.stringify({ ...apiKey, key }, null, 2) + '\n');
      out(
        `Created API key ${apiKey.id} for shop ${apiKey.shopId}, scopes ${apiKey.scopes.join(',')}` +
          `${apiKey.toolsets ? `, tool sets ${apiKey.toolsets.join(',')}` : ''}.\n` +
          `It is shown this once; only its hash is stored:\n\n  ${key}\n\n` +
          `Clients send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".\n`,
      );
      return;
    }
    if (action === 'revoke') {
      if (args.length > 1)
        throw new ConfigError(`keys revoke takes one id, not ${args.length}: run it once per key.`);
      const k = await revokeKey(db, positiveId(args[0], 'keys revoke <id>'), new Date());
      if (flags.json) return out(JSON.stringify(k, null, 2) + '\n');
      out(`Revoked API key ${k.id} (${k.prefix}…) of shop ${k.shopId}; it is refused from now on.\n`);
      return;
    }
  } catch (error) {
    // A bad --shop or --scopes is a usage error: say which flag and how to fix it.
    if (error instanceof InputError) {
      const where = error.field === 'id' ? 'keys revoke <id>' : `--${error.field}`;
      throw new ConfigError(`${where}: ${error.message}.`);
    }
    throw error;
  }
  throw new ConfigError(
    'Usage: comptoir keys create --shop <id> --scopes read,sell,admin [--name <label>] [--toolsets <sets>] | keys list [--shop <id>] | keys revoke <id>',
  );
}

/** A whole number flag within bounds, or a usage error that names the flag and shows a valid value. */
function countFlag(
  flags: AdminFlags,
  name: 'days' | 'orders-per-day' | 'seed',
  min: number,
  max: number,
  what: string,
): number | undefined {
  const text = flags[name];
  if (text === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new ConfigError(
      `--${name} must be a whole number from ${min} to ${max} (${what}), e.g. --${name} ${name === 'seed' ? 42 : 30}; got "${text}".`,
    );
  return n;
}

/** The options of `comptoir demo`, checked before the database is opened. */
export function demoOptions(flags: AdminFlags): Omit<HistoryOptions, 'now'> {
  const usage = 'comptoir demo --days <n> --orders-per-day <n> [--seed <n>] [--shop <id>] [--name <name>]';
  const days = countFlag(flags, 'days', 1, MAX_DAYS, 'business days of history, ending yesterday');
  const ordersPerDay = countFlag(flags, 'orders-per-day', 1, MAX_ORDERS_PER_DAY, 'average orders per day');
  if (days === undefined) throw new ConfigError(`demo needs --days, e.g. --days 30. Usage: ${usage}`);
  if (ordersPerDay === undefined)
    throw new ConfigError(`demo needs --orders-per-day, e.g. --orders-per-day 100. Usage: ${usage}`);
  const shopId = flags.shop === undefined ? undefined : positiveId(flags.shop, '--shop');
  if (shopId !== undefined && flags.name !== undefined)
    throw new ConfigError(
      '--name names a new demo shop; leave it out with --shop (the shop keeps its name).',
    );
  return {
    days,
    ordersPerDay,
    seed: countFlag(flags, 'seed', 0, 2 ** 32 - 1, 'the same seed gives the same history'),
    shopId,
    name: shopName(flags.name) || undefined,
  };
}

/** A shop name or key label from --name: trimmed, at most MAX_TEXT.name characters. */
function shopName(value: string | undefined): string | undefined {
  const name = value?.trim();
  if (name !== undefined && name.length > MAX_TEXT.name)
    throw new ConfigError(`--name has ${name.length} characters; give at most ${MAX_TEXT.name}.`);
  return name;
}

export async function demoCommand(
  db: Db,
  logger: Logger,
  options: Omit<HistoryOptions, 'now'>,
  json: boolean,
  out: Out,
): Promise<void> {
  let r;
  try {
    r = await generateHistory(db, logger, { ...options, now: new Date() });
  } catch (error) {
    if (error instanceof InputError) throw new ConfigError(`--${error.field}: ${error.message}`);
    throw error;
  }
  if (json) return out(JSON.stringify(r) + '\n');
  out(
    `${r.created ? 'Created demo shop' : 'Shop'} ${r.shopId}: ${r.orders} orders, ${r.creditNotes} credit notes, ` +
      `${r.lines} lines, ${r.payments} payments over ${r.days} business days (${r.from} to ${r.to})` +
      `${r.clientsAdded > 0 ? `, ${r.clientsAdded} clients added` : ''}, in ${(r.elapsedMs / 1000).toFixed(1)} s.\n`,
  );
}

export async function reportsCommand(
  db: Db,
  logger: Logger,
  action: string | undefined,
  flags: AdminFlags,
  out: Out,
): Promise<void> {
  if (action !== 'rebuild') throw new ConfigError('Usage: comptoir reports rebuild [--shop <id>]');
  const shops = await allShops(db);
  const only = flags.shop === undefined ? undefined : positiveId(flags.shop, '--shop');
  const chosen = only === undefined ? shops : shops.filter((s) => s.id === only);
  if (only !== undefined && chosen.length === 0)
    throw new ConfigError(`--shop: ${noShopWithId(only, shops)}.`);
  if (chosen.length === 0) return out('No shops yet: nothing to rebuild.\n');
  for (const shop of chosen) {
    const started = performance.now();
    await db.transaction().execute((tx) => rebuildReports(tx, shop.id));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    logger.info({ shop: shop.id, seconds }, 'report summary rows rebuilt');
    out(`Rebuilt the report summary rows of shop ${shop.id} (${shop.name}) in ${seconds} s.\n`);
  }
}
