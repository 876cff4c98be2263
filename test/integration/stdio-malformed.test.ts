/**
 * The real `comptoir` process over stdio, fed raw lines: every line that is not a JSON-RPC message gets
 * exactly one JSON-RPC error on stdout (-32700 for what is not JSON, -32600 with the id when it can be
 * read), one short warning on stderr and no ZodError dump, and valid requests after them are served.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newDatabase } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');

interface Answer {
  jsonrpc: string;
  id: string | number | null;
  result?: { tools?: { name: string }[] };
  error?: { code: number; message: string };
}

/** Runs comptoir over stdio, writes these lines, closes stdin, and returns what it wrote. */
async function feed(db: string, lines: string[], last = '') {
  const child = spawn(process.execPath, [MAIN, '--db', db, '--log-level', 'info'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // complete lines only: a long answer (the tool list) arrives in several chunks
  const answered = (id: string) =>
    out
      .split('\n')
      .slice(0, -1)
      .some((l) => l.startsWith('{') && (JSON.parse(l) as Answer).id === id);
  for (const line of lines) child.stdin.write(`${line}\n`);
  // Closing stdin stops the server: wait for the answer to the last request first (no time limit of
  // ours: vitest's test timeout is the backstop).
  while (!answered('last')) await new Promise((r) => setTimeout(r, 20));
  child.stdin.end(last);
  const code = await exited;
  const answers = out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Answer);
  return { code, answers, stderr: err };
}

const request = (id: string | number, method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });

describe('comptoir over stdio, fed messages that are not JSON-RPC', () => {
  beforeAll(() => {
    if (!fs.existsSync(MAIN))
      execFileSync(process.execPath, [
        path.resolve('node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.json',
      ]);
  });

  it('answers each with one JSON-RPC error, logs one short warning, and goes on serving', async () => {
    const db = await newDatabase('stdio-malformed');
    const bad: { line: string; code: number; id: string | number | null }[] = [
      { line: '{"jsonrpc":"1.0","id":"v1","method":"ping"}', code: -32600, id: 'v1' },
      { line: '{"id":"no-version","method":"ping"}', code: -32600, id: 'no-version' },
      { line: '{"jsonrpc":"2.0","id":3,"method":42}', code: -32600, id: 3 },
      { line: request(4, 'tools/list', 'a string'), code: -32600, id: 4 },
      { line: request(5, 'tools/list', null), code: -32600, id: 5 },
      { line: request(6, 'tools/list', [1, 2]), code: -32600, id: 6 },
      { line: '{"jsonrpc":"2.0","id":7.5,"method":"ping"}', code: -32600, id: null },
      { line: '{"jsonrpc":"2.0","id":null,"method":"ping"}', code: -32600, id: null },
      { line: '{"jsonrpc": "2.0", "method": 1, "params": "bar"}', code: -32600, id: null },
      { line: `[${request(8, 'ping')}]`, code: -32600, id: null },
      { line: '"just a string"', code: -32600, id: null },
      { line: '{"jsonrpc":"2.0","id":9,"method":"pi', code: -32700, id: null },
      { line: 'not json at all', code: -32700, id: null },
    ];
    const initialize = request('init', 'initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'raw-stdio-test', version: '1.0.0' },
    });
    const initialized = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const { code, answers, stderr } = await feed(
      db,
      [
        initialize,
        initialized,
        ...bad.slice(0, 6).map((b) => b.line),
        '', // a blank line is not a message: nothing to answer
        request('between', 'ping'),
        ...bad.slice(6).map((b) => b.line),
        request('last', 'tools/list'),
      ],
      '{"jsonrpc":"2.0","id":"cut", "meth', // a last line cut short by the end of stdin
    );
    expect(code).toBe(0);

    const errors = answers.filter((a) => a.error);
    const expected = [...bad, { code: -32700, id: null }].map((b) => ({ code: b.code, id: b.id }));
    const got = errors.map((a) => ({ code: a.error!.code, id: a.id }));
    const order = (x: { code: number; id: unknown }) => `${x.code} ${JSON.stringify(x.id)}`;
    expect(got.map(order).sort()).toEqual(expected.map(order).sort());
    for (const e of errors) {
      expect(e.jsonrpc).toBe('2.0');
      expect(e.error!.message).toMatch(e.error!.code === -32700 ? /^Parse error/ : /^Invalid Request: /);
    }
    expect(errors.find((e) => e.id === 4)!.error!.message).toMatch(/params must be an object/);
    expect(errors.find((e) => e.id === 'v1')!.error!.message).toMatch(/jsonrpc must be "2.0"/);

    // the valid requests were served, before and after the bad lines
    const results = answers.filter((a) => a.result);
    expect(results.map((a) => a.id).sort()).toEqual(['between', 'init', 'last']);
    expect(results.find((a) => a.id === 'last')!.result!.tools!.map((t) => t.name)).toContain('sale_create');

    // stderr: one short warning per bad line, no ZodError, nothing at level error
    const logs = stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    const warnings = logs.filter((l) => l.msg === 'stdio: answered a message that is not JSON-RPC');
    expect(warnings).toHaveLength(bad.length + 1);
    for (const w of warnings) expect(w.level).toBe(40);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(stderr).not.toMatch(/ZodError|invalid_union|invalid_type/);
    for (const line of stderr.split('\n')) expect(line.length).toBeLessThan(1000);
  }, 60_000); // a process start (the demo shop, PostgreSQL) on a busy machine: a wide margin
});
