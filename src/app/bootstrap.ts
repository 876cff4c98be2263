/** Opens the database, migrates it, and makes sure a shop exists (the demo shop on first run). */
import type { Logger } from 'pino';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { startEveryChain } from '../modules/fiscal/fiscal.chain.js';
import { archiveInto } from '../modules/fiscal/fiscal.archive.js';
import { keepHeadsApart } from '../modules/fiscal/fiscal.heads.js';
import { upgradeReports } from '../modules/reports/reports.upgrade.js';
import { createDemoShop, createEmptyShop } from '../modules/demo/demo.service.js';
import { allShops, noShopWithId } from '../modules/shops/shops.service.js';
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import './listeners.js'; // what listens to sales (the reports), wired once

export interface App {
  db: Db;
  shopId: number;
}

/** The database, created, migrated and its report data brought up to date, with no shop made (for the admin commands). */
export async function openMigrated(
  config: Pick<Config, 'db' | 'sqliteSynchronous'> & Partial<Pick<Config, 'fiscalHeads' | 'archives'>>,
): Promise<Db> {
  const db = openDatabase({ location: config.db, sqliteSynchronous: config.sqliteSynchronous });
  if (config.fiscalHeads) keepHeadsApart(db, config.fiscalHeads);
  if (config.archives) archiveInto(db, config.archives);
  try {
    await migrateToLatest(db);
    await upgradeReports(db); // the versioned data step that follows the migrations
    await startEveryChain(db); // a shop without a fiscal chain gets one (its history chained once)
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

export async function openApp(config: Config, logger: Logger): Promise<App> {
  const db = await openMigrated(config);
  try {
    let shops = await allShops(db);
    if (shops.length === 0) {
      logger.info(
        { db: config.db },
        config.demo ? 'first run: creating the demo shop' : 'first run: creating an empty shop',
      );
      const now = new Date();
      if (config.demo) await createDemoShop(db, logger, now);
      else await createEmptyShop(db, 'Ma boutique', now);
      shops = await allShops(db);
      await startEveryChain(db); // its key and journal, from the start
    }
    const shop = config.shop === undefined ? shops[0] : shops.find((s) => s.id === config.shop);
    if (!shop)
      throw new ConfigError(
        `--shop / COMPTOIR_SHOP: ${noShopWithId(config.shop ?? '', shops)} (in ${config.db}).`,
      );
    return { db, shopId: shop.id };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
