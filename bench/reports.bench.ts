/**
 * Reports benchmark: `report_summary` on a shop with a long history (one million orders by default),
 * against the same answer computed by a plain GROUP BY over the order lines, in the same run.
 *
 * Two questions, each asked `--runs` times after `--warmup` calls:
 *  - "how is business this year?": period this_year, grouped by month;
 *  - "who are my best customers on Tuesdays?": period this_year, weekday tuesday, grouped by client, top 10.
 * The report goes through a real MCP SDK client connected in process to `buildServer` (the tool's input
 * validation, the service, the summary rows, the JSON answer); the plain scan is one SQL query over
 * orders and order_lines of the same period. Both answers are compared (revenue per month / per client)
 * and the run fails if they differ.
 *
 *   npx tsx bench/reports.bench.ts [--db /tmp/comptoir-reports-1m.db] [--shop ID] [--days 1000]
 *                                  [--orders-per-day 1000] [--runs 30] [--warmup 3] [--json]
 *
 * Without the database file, it is built first with `comptoir demo --days … --orders-per-day …` (several
 * minutes for a million orders; the file is kept for the next run). Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { sql } from 'kysely';
import { pino } from 'pino';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildServer } from '../src/mcp/server.js';
import { businessDayOf } from '../src/domain/time.js';
import { fmt, markdownTable, note, percentile } from './common.js';
import '../src/app/listeners.js'; // the composition root's listeners of sales

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: '/tmp/comptoir-reports-1m.db' },
    shop: { type: 'string' },
    days: { type: 'string', default: '1000' },
    'orders-per-day': { type: 'string', default: '1000' },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const warmup = Number(args.warmup);

function buildHistory(file: string): number {
  const main = path.resolve('dist/cli/main.js');
  if (!fs.existsSync(main)) throw new Error('run npm run build first');
  note(
    `building ${shown(file)}: comptoir demo --days ${args.days} --orders-per-day ${args['orders-per-day']} …`,
  );
  const started = performance.now();
  const out = execFileSync(
    process.execPath,
    [
      main,
      '--db',
      file,
      '--log-level',
      'warn',
      'demo',
      '--days',
      args.days,
      '--orders-per-day',
      args['orders-per-day'],
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  note(`built in ${((performance.now() - started) / 1000).toFixed(0)} s: ${out.trim()}`);
  const id = /(\d+)/.exec(out)?.[1];
  if (!id) throw new Error(`no shop id in: ${out}`);
  return Number(id);
}

async function largestShop(db: Db): Promise<number> {
  const r = await db
    .selectFrom('orders')
    .select(['shop_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('shop_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  return r.shop_id;
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  let last!: T;
  for (let i = 0; i < warmup; i++) last = await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await f();
    ms.push(performance.now() - t);
  }
  return { ms: ms.sort((a, b) => a - b), last };
}

interface Group {
  key: string | number;
  revenue: number;
  orders: number;
}

/** A database as printed: a URL without its user and password. */
const shown = (location: string) => location.replace(/\/\/[^@/]*@/, '//…@');

/** A PostgreSQL URL, or else a SQLite file. */
const onPostgres = /^postgres(ql)?:\/\//.test(args.db);

/** Whether the history is still to build: no file, or a PostgreSQL database without an order. */
async function isFresh(): Promise<boolean> {
  if (!onPostgres) return !fs.existsSync(args.db);
  const db = openDatabase({ location: args.db });
  try {
    await migrateToLatest(db);
    return (await db.selectFrom('orders').select('id').limit(1).executeTakeFirst()) === undefined;
  } finally {
    await db.destroy();
  }
}

async function main() {
  const builtShop = (await isFresh()) ? buildHistory(args.db) : undefined;
  const db = openDatabase({ location: args.db });
  await migrateToLatest(db);
  const shopId = args.shop ? Number(args.shop) : (builtShop ?? (await largestShop(db)));
  const shop = await db.selectFrom('shops').selectAll().where('id', '=', shopId).executeTakeFirstOrThrow();
  const counts = await sql<{ orders: number; lines: number }>`select
      (select count(*) from orders where shop_id = ${shopId}) as orders,
      (select count(*) from order_lines where shop_id = ${shopId}) as lines`.execute(db);
  const size = counts.rows[0]!;
  note(`shop ${shopId}: ${size.orders} orders, ${size.lines} lines`);

  const logger = pino({ level: 'silent' });
  const server = buildServer({ db, logger }, { shopId, scopes: ['read'], actor: 'bench' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(a);
  const report = async (a: Record<string, unknown>) => {
    const r = await client.callTool({ name: 'report_summary', arguments: a });
    if (r.isError) throw new Error(JSON.stringify(r.content));
    return r.structuredContent as {
      groups: Group[];
      period: { fromDay: string; toDay: string };
      source: string;
    };
  };

  const clock = { timeZone: shop.time_zone, closeHour: shop.close_hour };
  const today = businessDayOf(new Date(), clock);
  const from = `${today.slice(0, 4)}-01-01`;
  const byMonth = sql<{ k: string | number; revenue: number; orders: number }>`
    select substr(o.business_day, 1, 7) as k, sum(l.net_total) as revenue, count(distinct case when o.refund_of is null then o.id end) as orders
    from order_lines l join orders o on o.id = l.order_id
    where o.shop_id = ${shopId} and o.status = 'validated'
      and o.business_day >= ${from} and o.business_day <= ${today}
    group by substr(o.business_day, 1, 7) order by k`;
  const tuesdays = sql<{ k: string | number; revenue: number; orders: number }>`
    select o.client_id as k, sum(l.net_total) as revenue, count(distinct case when o.refund_of is null then o.id end) as orders
    from order_lines l join orders o on o.id = l.order_id
    where o.shop_id = ${shopId} and o.status = 'validated' and o.client_id is not null
      and o.weekday = 2 and o.business_day >= ${from} and o.business_day <= ${today}
    group by o.client_id order by revenue desc, k limit 10`;

  const cases = [
    {
      name: 'this year by month',
      report: () => report({ period: 'this_year', groupBy: 'month' }),
      scan: async () => (await byMonth.execute(db)).rows,
    },
    {
      name: 'best customers on Tuesdays',
      report: () => report({ period: 'this_year', weekday: 'tuesday', groupBy: 'client', limit: 10 }),
      scan: async () => (await tuesdays.execute(db)).rows,
    },
  ];
  const results = [];
  for (const c of cases) {
    const r = await timed(c.report);
    const s = await timed(c.scan);
    // The same answer: net revenue (sales - credit notes) and sales count per group.
    const fromReport = r.last.groups.map(
      (g) => `${g.key}:${Math.round(Number(g.revenue) * 100)}:${g.orders}`,
    );
    const fromScan = s.last.map((g) => `${g.k}:${Number(g.revenue)}:${Number(g.orders)}`);
    const agree = JSON.stringify(fromReport) === JSON.stringify(fromScan);
    if (!agree)
      note(`answers differ for ${c.name}:\n report ${fromReport.join(' ')}\n scan   ${fromScan.join(' ')}`);
    results.push({
      name: c.name,
      source: r.last.source,
      reportP50: percentile(r.ms, 50),
      reportP95: percentile(r.ms, 95),
      scanP50: percentile(s.ms, 50),
      scanP95: percentile(s.ms, 95),
      agree,
    });
  }
  await client.close();
  await db.destroy();

  if (args.json) {
    process.stdout.write(`${JSON.stringify({ shopId, ...size, runs, results }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `\nshop ${shopId}: ${size.orders} orders, ${size.lines} lines (${onPostgres ? 'PostgreSQL' : 'SQLite'} ${shown(args.db)}); ${runs} runs after ${warmup} warm-up\n\n` +
        markdownTable(
          [
            'question',
            'report p50 ms',
            'report p95 ms',
            'plain GROUP BY p50 ms',
            'p95 ms',
            'speed-up (p50)',
            'same answer',
          ],
          results.map((r) => [
            r.name,
            fmt(r.reportP50, 2),
            fmt(r.reportP95, 2),
            fmt(r.scanP50, 1),
            fmt(r.scanP95, 1),
            `${fmt(r.scanP50 / r.reportP50, 0)}×`,
            r.agree ? 'yes' : 'NO',
          ]),
        ) +
        '\n',
    );
  }
  if (results.some((r) => !r.agree)) process.exitCode = 1;
}

await main();
