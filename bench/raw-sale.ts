/**
 * The floor of `sale_create` on SQLite: better-sqlite3 writing the rows of the same sale that Comptoir
 * writes (bench/db.bench.ts's `sqlite-raw` engine), with statements prepared once, in one IMMEDIATE
 * transaction, and nothing else — no MCP, no validation, no reads, no result. The rows are those a
 * traced `sale_create` writes for saleArgs' sale: the shop's order counter, the order (validated and
 * numbered at once), its lines, the stock of each product and its movement, the payment, the order's paid amount, the
 * idempotency key, and the summary rows of the reports (per dimension: all, cashbox, client, delivery
 * method, department, department group, hour, product, table and user; per VAT rate and over all rates),
 * each upserted by its own statement.
 */
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import type { SqliteSynchronous } from '../src/db/database.js';

interface Product {
  id: number;
  price: number;
  vatBp: number;
  departmentId: number;
  groupId: number;
  title: string;
}

export interface RawSeller {
  /** records one sale of `productIds` (quantities 1-2) in shop `shopId`, paid with `paymentId` */
  sell: (shopId: number, productIds: number[], seq: number, paymentId: number) => void;
  close: () => void;
}

const SUMS =
  '"orders","covers","covers_ttc","refunds","items","refund_items","ttc","vat","discounts","refund_ttc","refund_vat","payments","paid"';
const ADD_SUMS = SUMS.split(',')
  .map((c) => `${c} = "report_daily".${c} + "excluded".${c}`)
  .join(', ');

export function rawSeller(location: string, synchronous: SqliteSynchronous): RawSeller {
  const db = new SQLite(location);
  db.pragma('journal_mode = WAL');
  db.pragma(synchronous === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const products = new Map<number, Product>(
    (
      db
        .prepare(
          `select p.id, p.price, p.vat_takeaway_bp as vatBp, coalesce(p.department_id, 0) as departmentId, coalesce(d.group_id, 0) as groupId, p.title
           from products p left join departments d on d.id = p.department_id`,
        )
        .all() as Product[]
    ).map((p) => [p.id, p]),
  );
  const counter = db.prepare(
    'update shops set last_order_number = last_order_number + 1 where id = ? returning last_order_number',
  );
  const order = db.prepare(
    `insert into orders (shop_id, number, status, delivery_method, fulfilment, currency, subtotal, discount_total,
       total, paid, created_at, validated_at, updated_at, business_day, weekday, hour)
     values (?, ?, 'validated', 4, 'pending', 'EUR', ?, 0, ?, 0, ?, ?, ?, ?, ?, ?) returning id`,
  );
  const line = db.prepare(
    `insert into order_lines (shop_id, order_id, position, kind, product_id, department_id, title, product_title,
       quantity, unit_price, variations, discount, total, net_total, vat_bp, vat)
     values (?, ?, ?, 'catalog', ?, ?, ?, ?, ?, ?, '[]', 0, ?, ?, ?, ?)`,
  );
  const stock = db.prepare(
    'update products set stock = stock + ? where shop_id = ? and id = ? and stock is not null returning stock',
  );
  const movement = db.prepare(
    `insert into stock_movements (shop_id, product_id, kind, quantity, stock, order_id, actor, at)
     values (?, ?, 'sale', ?, ?, ?, 'bench', ?)`,
  );
  const payment = db.prepare(
    'insert into payments (shop_id, order_id, method_id, amount, created_at, business_day, weekday) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const paid = db.prepare('update orders set paid = paid + ?, updated_at = ? where shop_id = ? and id = ?');
  const key = db.prepare(
    `insert into idempotency_keys (shop_id, operation, key, request_hash, order_id, created_at) values (?, 'sale', ?, ?, ?, ?)`,
  );
  const summary = db.prepare(
    `insert into report_daily (shop_id, dim, key, day, weekday, vat_bp, ${SUMS})
     values (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, 0, ?, ?, 0, 0, 0, ?, ?)
     on conflict (shop_id, dim, weekday, day, key, vat_bp) do update set ${ADD_SUMS}`,
  );

  const sale = db.transaction((shopId: number, productIds: number[], seq: number, paymentId: number) => {
    const now = new Date().toISOString();
    const day = now.slice(0, 10);
    const weekday = new Date().getUTCDay() || 7;
    const hour = new Date().getUTCHours();
    const lines = productIds.map((id, j) => {
      const p = products.get(id)!;
      const quantity = 1 + ((seq + j) % 2);
      const total = p.price * quantity;
      return { p, quantity, total, vat: Math.round((total * p.vatBp) / (10_000 + p.vatBp)) };
    });
    const total = lines.reduce((a, l) => a + l.total, 0);
    const { last_order_number: number } = counter.get(shopId) as { last_order_number: number };
    const { id: orderId } = order.get(shopId, number, total, total, now, now, now, day, weekday, hour) as {
      id: number;
    };
    lines.forEach((l, j) =>
      line.run(
        shopId,
        orderId,
        j + 1,
        l.p.id,
        l.p.departmentId,
        l.p.title,
        l.p.title,
        l.quantity,
        l.p.price,
        l.total,
        l.total,
        l.p.vatBp,
        l.vat,
      ),
    );
    for (const l of lines) {
      const left = stock.get(-l.quantity, shopId, l.p.id) as { stock: number } | undefined;
      if (left) movement.run(shopId, l.p.id, -l.quantity, left.stock, orderId, now);
    }
    // the summary rows: per dimension and key, over all rates (-1, which counts the order) and per rate
    type Line = (typeof lines)[number];
    const sums = (ls: Line[]) => [
      ls.reduce((a, l) => a + l.quantity, 0),
      ls.reduce((a, l) => a + l.total, 0),
      ls.reduce((a, l) => a + l.vat, 0),
    ];
    const put = (dim: string, k: number, ls: Line[], perRate = true) => {
      summary.run(shopId, dim, k, day, weekday, -1, 1, ...sums(ls), 0, 0);
      if (!perRate) return;
      for (const rate of new Set(ls.map((l) => l.p.vatBp)))
        summary.run(
          shopId,
          dim,
          k,
          day,
          weekday,
          rate,
          0,
          ...sums(ls.filter((l) => l.p.vatBp === rate)),
          0,
          0,
        );
    };
    put('all', 0, lines);
    put('cashbox', 0, lines);
    put('client', 0, lines, false);
    put('delivery', 4, lines);
    for (const d of new Set(lines.map((l) => l.p.departmentId)))
      put(
        'department',
        d,
        lines.filter((l) => l.p.departmentId === d),
      );
    for (const g of new Set(lines.map((l) => l.p.groupId)))
      put(
        'group',
        g,
        lines.filter((l) => l.p.groupId === g),
      );
    put('hour', hour, lines);
    for (const l of lines) put('product', l.p.id, [l]);
    put('table', 0, lines);
    put('user', 0, lines);
    payment.run(shopId, orderId, paymentId, total, now, day, weekday);
    summary.run(shopId, 'payment', paymentId, day, weekday, -1, 0, 0, 0, 0, 1, total);
    paid.run(total, now, shopId, orderId);
    key.run(shopId, randomUUID(), randomUUID().replace(/-/g, ''), orderId, now);
  });

  return {
    sell: (shopId, productIds, seq, paymentId) => sale.immediate(shopId, productIds, seq, paymentId),
    close: () => db.close(),
  };
}
