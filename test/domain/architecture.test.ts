/**
 * The layering of docs/ARCHITECTURE.md, checked on the sources: who may import whom, no MCP tool name
 * in the modules (they name what to call by `{{…}}`, which the MCP layer turns into tool names), and no
 * module's SQL on another module's tables but the documented read model and set-up writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokensOf, toolOf } from '../../src/mcp/hints.js';
import { allTools } from '../../src/mcp/server.js';

const SRC = path.resolve('src');
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const under = (layer: string) => files(path.join(SRC, layer));
const rel = (f: string) => path.relative(SRC, f);
/** The src-relative files a source imports. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'|import '(\.[^']+)'/g)].map((m) =>
    rel(path.resolve(path.dirname(file), (m[1] ?? m[2])!)),
  );
}

const TOOL_NAME =
  /\b(data_list_[a-z_]+|sale_create|order_(create|edit|refund|detail)|product_search|report_(summary|compare|get|cash)|client_(balance|add|edit|delete)|deliveries_schedule|(plu|dept|dept_group|vat|variation|variation_choice|payment_mode|table|cashbox|user|discount|delivery_zone|relay_point|delivery_man)_(add|edit|delete)|stock_(adjust|count|low)|(?<!')stock_movements(?!')|shop_(show|edit)|audit_list|catalog_(import|export))\b/;

const OWNERS: Record<string, string[]> = {
  shops: ['shops', 'settings'],
  catalog: [
    'vat_rates',
    'department_groups',
    'departments',
    'variation_groups',
    'variation_choices',
    'products',
    'product_variation_groups',
    'discounts',
    'stock_movements',
    'catalog_versions',
  ],
  customers: ['clients'],
  venue: [
    'users',
    'cashboxes',
    'dining_tables',
    'payment_methods',
    'delivery_methods',
    'delivery_zones',
    'relay_points',
    'delivery_men',
  ],
  sales: ['orders', 'order_lines', 'payments', 'idempotency_keys'],
  reports: ['report_daily'],
  fiscal: ['fiscal_keys', 'fiscal_records'],
  keys: ['api_keys'],
  audit: ['audit_log', 'management_keys'],
  accounts: ['accounts', 'account_shops', 'oauth_objects'],
};
/**
 * The exceptions docs/ARCHITECTURE.md states: the reports are a read model of the sales ledger (their
 * facts are SQL over orders, lines and payments, and a line's department group), and keep the columns
 * they added to it (migration 004: where an order falls in the shop's week); the demo is the set-up
 * writer of every table, in bulk; the report data upgrade keeps its version in settings; the fiscal
 * chain reads the orders, lines and payments it records (and verifies), and keeps its start in settings.
 */
const READS_ALLOWED: Record<string, string[]> = {
  reports: ['orders', 'order_lines', 'payments', 'departments', 'settings'],
  fiscal: ['orders', 'order_lines', 'payments', 'settings'],
  demo: Object.values(OWNERS).flat(),
};

describe('the layers', () => {
  it('keeps app/ the composition root: nothing in domain, db or modules imports it', () => {
    const bad = [...under('domain'), ...under('db'), ...under('modules')].flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('app/'))
        .map((i) => `${rel(f)} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('keeps db below the modules, and domain below everything', () => {
    const db = under('db').flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('modules/'))
        .map((i) => `${rel(f)} → ${i}`),
    );
    const domain = under('domain').flatMap((f) =>
      importsOf(f)
        .filter((i) => !i.startsWith('domain/'))
        .map((i) => `${rel(f)} → ${i}`),
    );
    expect([...db, ...domain]).toEqual([]);
  });

  it('writes no MCP tool name in domain or modules, and every {{…}} names a tool that exists', () => {
    const names = new Set(allTools.map((t) => t.name));
    const named: string[] = [];
    const unknown: string[] = [];
    for (const f of [...under('domain'), ...under('modules')]) {
      const text = fs.readFileSync(f, 'utf8');
      text.split('\n').forEach((line, i) => {
        // the table stock_movements (migration 007) shares its name with the tool: a quoted table is no tool name
        if (TOOL_NAME.test(line.replaceAll("'stock_movements'", ''))) named.push(`${rel(f)}:${i + 1}`);
      });
      for (const t of tokensOf(text)) {
        const tool = toolOf(t.key, t.arg);
        if (!tool || !names.has(tool)) unknown.push(`${rel(f)}: {{${t.key}${t.arg ? `:${t.arg}` : ''}}}`);
      }
    }
    expect(named).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it("runs no module's SQL on another module's tables, but the stated read model and set-up writer", () => {
    const owner = new Map(Object.entries(OWNERS).flatMap(([m, ts]) => ts.map((t) => [t, m] as const)));
    const bad: string[] = [];
    for (const f of under('modules')) {
      const module = path.basename(path.dirname(f));
      const text = fs.readFileSync(f, 'utf8');
      for (const [table, of] of owner) {
        if (of === module || READS_ALLOWED[module]?.includes(table)) continue;
        const sqlUse = new RegExp(
          `(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\\(\\s*'${table}\\b|\\b(from|join|into|update)\\s+${table}\\b|sql\\.table\\(`,
        );
        if (sqlUse.test(text)) bad.push(`${rel(f)} uses ${table} (${of})`);
      }
    }
    expect(bad).toEqual([]);
  });
});
