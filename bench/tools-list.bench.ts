/**
 * What the tool list costs a model: the bytes of `tools/list` for a key with every scope, whole and as
 * most hosts put it in the context (names, titles, descriptions and input schemas), per tool and per
 * group of tools. Run: npm run bench:tools (tokens ≈ bytes / 4).
 */
import { startInProcess } from '../test/helpers.js';

const h = await startInProcess();
try {
  const { tools } = await h.client.listTools();
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
  const lean = tools.map(({ name, title, description, inputSchema }) => ({
    name,
    title,
    description,
    inputSchema,
  }));
  const groups = new Map<string, number>();
  for (const t of lean) {
    const g =
      /^(plu|dept|vat|variation|client|payment_mode|table|cashbox|user|discount|delivery_zone|relay_point|delivery_man)_(add|edit|delete)$|^dept_group_|^variation_choice_|^stock_|^shop_|^audit_|^catalog_/.test(
        t.name,
      )
        ? 'management'
        : 'sales, reports and lists';
    groups.set(g, (groups.get(g) ?? 0) + bytes(t));
  }
  console.log(`tools: ${tools.length}`);
  console.log(`tools/list, whole: ${(bytes({ tools }) / 1024).toFixed(1)} KB`);
  console.log(
    `names, titles, descriptions and input schemas: ${(bytes(lean) / 1024).toFixed(1)} KB (≈ ${Math.round(bytes(lean) / 4 / 1000)}k tokens)`,
  );
  for (const [g, n] of groups) console.log(`  ${g}: ${(n / 1024).toFixed(1)} KB`);
  const biggest = lean.map((t) => [t.name, bytes(t)] as const).sort((a, b) => b[1] - a[1]);
  console.log(
    'largest (input side):',
    biggest
      .slice(0, 8)
      .map(([n, b]) => `${n} ${(b / 1024).toFixed(1)} KB`)
      .join(', '),
  );
} finally {
  await h.close();
}
