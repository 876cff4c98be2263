/**
 * `comptoir docs` (docs/TOOLS.md) says what tools/list sends: every tool, with the hints the client
 * receives (sale_create's false ones too), and the committed docs/TOOLS.md is the generated one.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolReference } from '../../src/mcp/reference.js';
import { startInProcess, type Harness } from '../helpers.js';

describe('the tool reference', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess();
  });
  afterAll(() => h.close());

  it('lists every tool with the hints tools/list sends, and docs/TOOLS.md is up to date', async () => {
    const reference = toolReference();
    const { tools } = await h.client.listTools();
    for (const tool of tools) {
      const section = reference.split(`## \`${tool.name}\` — `)[1]?.split('\n## ')[0];
      expect(section, tool.name).toBeDefined();
      const said = /Hints: ([^\n]*)\./.exec(section!)?.[1];
      const sent = Object.entries(tool.annotations ?? {})
        .filter(([k]) => k !== 'title')
        .map(([k, v]) => `${k} ${String(v)}`);
      expect(said?.split(', ').sort(), tool.name).toEqual(sent.sort());
    }
    expect(reference).toMatch(/## `sale_create`[^\n]*\n[\s\S]*?Hints: [^\n]*destructiveHint false/);
    expect(fs.readFileSync('docs/TOOLS.md', 'utf8')).toBe(reference);
  });
});
