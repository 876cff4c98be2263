/**
 * Archives (issue 16): archive_create writes a period's signed file, and `comptoir archive verify`
 * checks it offline after its database is deleted; one changed byte, or another key, makes it fail.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveInto } from '../../src/modules/fiscal/fiscal.archive.js';
import { fails, ok, startInProcess, tempDir, type Harness } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');
const verify = (...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, 'archive', 'verify', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('archives', () => {
  let h: Harness;
  let now = new Date('2026-11-20T10:00:00Z');
  const dir = tempDir();
  let file: string;
  let publicKey: string;

  beforeAll(async () => {
    h = await startInProcess({ clock: () => now });
    archiveInto(h.db, dir);
    await ok(h.client, 'sale_create', { payment: 2, items: [{ productName: 'Café', quantity: 2 }] });
    await ok(h.client, 'sale_create', { payment: 2, items: [{ productName: 'Croissant' }] });
    await ok(h.client, 'day_close');
    now = new Date('2026-12-02T10:00:00Z');
    await ok(h.client, 'sale_create', { payment: 2, items: [{ productName: 'Café' }] });
    publicKey = (await ok<{ publicKey: string }>(h.client, 'ledger_verify')).publicKey;
  });
  afterAll(async () => {
    await h.close();
  });

  it("writes a month's records, closures and journal, signed, and refuses a bad or empty period", async () => {
    const a = await ok<{
      file: string;
      records: { ticket: number; closure: number; event: number };
      sha256: string;
    }>(h.client, 'archive_create', { period: '2026-11' });
    file = a.file;
    expect(path.dirname(file)).toBe(dir);
    // the December sale is not in it; the events: the initialisation and the closure
    expect(a.records).toEqual({ ticket: 2, closure: 1, event: 2 });
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      body: { period: string; publicKey: string };
    };
    expect(parsed.body.period).toBe('2026-11');
    expect(parsed.body.publicKey).toBe(publicKey);
    expect(await fails(h.client, 'archive_create', { period: 'November' })).toContain('YYYY-MM');
    expect(await fails(h.client, 'archive_create', { period: '2025-01' })).toContain(
      'Nothing was recorded in 2025-01',
    );
    const events = await h.db
      .selectFrom('fiscal_records')
      .select('kind')
      .where('chain', '=', 'event')
      .execute();
    expect(events.map((e) => e.kind)).toContain('archive');
  });

  it('verifies offline after the database is gone; one changed byte or another key fails', async () => {
    await h.close();
    if (!process.env.COMPTOIR_TEST_DB)
      for (const f of fs.readdirSync(path.dirname(h.dbFile)))
        fs.rmSync(path.join(path.dirname(h.dbFile), f), { force: true });
    h = await startInProcess(); // another database, for afterAll
    const good = verify(file);
    expect(good).toMatchObject({ code: 0, out: expect.stringContaining('intact') });
    const keyFile = path.join(tempDir(), 'shop.pem');
    fs.writeFileSync(keyFile, publicKey);
    expect(verify(file, '--public-key', keyFile).out).toContain('(the one expected)');

    const text = fs.readFileSync(file, 'utf8');
    const quantity = '\\"quantity\\":2'; // inside a record's content, a JSON text in the file
    const at = text.indexOf(quantity);
    expect(at).toBeGreaterThan(0);
    const changed = path.join(tempDir(), 'changed.json');
    fs.writeFileSync(
      changed,
      `${text.slice(0, at + quantity.length - 1)}3${text.slice(at + quantity.length)}`,
    );
    const bad = verify(changed);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('NOT intact');
    expect(bad.out).toMatch(/hash is not that of/);

    const other = path.join(tempDir(), 'other.pem');
    await ok(h.client, 'sale_create', { payment: 2, items: [{ productName: 'Café' }] }); // another shop's key
    const otherKey = (await ok<{ publicKey: string }>(h.client, 'ledger_verify')).publicKey;
    fs.writeFileSync(other, otherKey);
    expect(verify(file, '--public-key', other)).toMatchObject({
      code: 1,
      out: expect.stringContaining('another key'),
    });
    expect(verify(path.join(dir, 'none.json'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot be read'),
    });
  });
});
