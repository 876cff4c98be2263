/** `comptoir shops …` and `comptoir keys …`: the shops of a database and their API keys. */
import type { Db } from '../db/database.js';
import { ConfigError } from '../app/config.js';
import { InputError } from '../domain/errors.js';
import { createDemoShop, createEmptyShop } from '../modules/demo/demo.service.js';
import { allShops } from '../modules/shops/shops.service.js';
import { createKey, listKeys, parseScopes, revokeKey, type ApiKey } from '../modules/keys/keys.service.js';
import type { Logger } from 'pino';

export interface AdminFlags {
  name?: string | undefined;
  shop?: string | undefined;
  scopes?: string | undefined;
  demo?: boolean | undefined;
  json?: boolean | undefined;
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
  return `${k.id}\tshop ${k.shopId}\t${k.prefix}…\t${k.scopes.join(',')}\t${state}\t${k.name}`;
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
    for (const s of shops) out(`${s.id}\t${s.name}\t${s.currency}\t${s.timeZone}\n`);
    return;
  }
  if (action === 'create') {
    const name = flags.name?.trim();
    if (!name) throw new ConfigError('shops create needs --name "<shop name>".');
    const now = new Date();
    const id = flags.demo
      ? await createDemoShop(db, logger, now, { name, historyDays: 0 })
      : await createEmptyShop(db, name, now);
    if (flags.json) return out(JSON.stringify({ id, name }) + '\n');
    out(
      `Created shop ${id} (${name}). Give it a key: comptoir keys create --shop ${id} --scopes read,sell\n`,
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
      out('id\tshop\tprefix\tscopes\tstate\tname\n');
      for (const k of keys) out(keyLine(k) + '\n');
      return;
    }
    if (action === 'create') {
      if (flags.shop === undefined)
        throw new ConfigError('keys create needs --shop <id> (see comptoir shops list).');
      if (flags.scopes === undefined)
        throw new ConfigError('keys create needs --scopes, e.g. --scopes read or --scopes read,sell,admin.');
      const { key, apiKey } = await createKey(
        db,
        { shopId: positiveId(flags.shop, '--shop'), scopes: parseScopes(flags.scopes), name: flags.name },
        new Date(),
      );
      if (flags.json) return out(JSON.stringify({ ...apiKey, key }, null, 2) + '\n');
      out(
        `Created API key ${apiKey.id} for shop ${apiKey.shopId}, scopes ${apiKey.scopes.join(',')}.\n` +
          `It is shown this once; only its hash is stored:\n\n  ${key}\n\n` +
          `Clients send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".\n`,
      );
      return;
    }
    if (action === 'revoke') {
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
    'Usage: comptoir keys create --shop <id> --scopes read,sell,admin [--name <label>] | keys list [--shop <id>] | keys revoke <id>',
  );
}
