/**
 * What the tool list costs a model: the bytes of `tools/list` for a session with every scope, whole,
 * gzipped (as HTTP sends it to a client that accepts it), and as most hosts put it in the model's
 * context on every turn (names, descriptions and input schemas; titles apart), per tool set and for the
 * largest tools. Run: npm run bench:tools (tokens ≈ bytes / 4).
 */
import { gzipSync } from 'node:zlib';
import { TOOLSET_NAMES, toolsetOf } from '../src/mcp/toolsets.js';
import { startInProcess } from '../test/helpers.js';

const h = await startInProcess();
try {
  const { tools } = await h.client.listTools();
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const model = tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
  const whole = JSON.stringify({ tools });
  console.log(`tools: ${tools.length}`);
  console.log(`tools/list, whole: ${kb(Buffer.byteLength(whole))} (gzipped ${kb(gzipSync(whole).length)})`);
  console.log(
    `names, descriptions and input schemas: ${kb(bytes(model))} (≈ ${Math.round(bytes(model) / 4 / 1000)}k tokens); titles ${kb(bytes(tools.map((t) => t.title)))}`,
  );
  console.log(`output schemas: ${kb(bytes(tools.map((t) => t.outputSchema ?? null)))}`);
  for (const set of TOOLSET_NAMES) {
    const of = tools.filter((t) => toolsetOf(t.name) === set);
    const m = model.filter((t) => toolsetOf(t.name) === set);
    console.log(`  ${set}: ${of.length} tools, ${kb(bytes(m))} for the model, ${kb(bytes(of))} whole`);
  }
  const biggest = model.map((t) => [t.name, bytes(t)] as const).sort((a, b) => b[1] - a[1]);
  console.log(
    'largest (input side):',
    biggest
      .slice(0, 8)
      .map(([n, b]) => `${n} ${kb(b)}`)
      .join(', '),
  );
} finally {
  await h.close();
}
