/** client_add / client_edit / client_delete through the MCP client: Kash's fields, duplicates, archive vs delete. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, ok, startInProcess, type Harness } from '../../helpers.js';

interface Client {
  id: number;
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  archived?: true;
  blacklist: boolean;
  [k: string]: unknown;
}
interface Change {
  action: string;
  id: number;
  replayed: boolean;
  warnings: string[];
  item: Client | null;
}
const free = [{ type: 'free', title: 'Café', price: 2 }];

describe('clients management', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  const listed = async (args: Record<string, unknown> = {}) =>
    (await ok<{ items: { id: number }[] }>(h.client, 'data_list_clients', { limit: 500, ...args })).items.map(
      (c) => c.id,
    );

  it("adds a client with Kash's fields, once per idempotency key", async () => {
    const args = {
      title: 'Mme',
      name: 'Marie',
      surname: 'Dupond',
      email: 'marie.dupond@example.fr',
      phone: '06 12 34 56 78',
      addressline1: '12 rue des Lilas',
      addressline2: 'Bât. B',
      postcode: '69003',
      city: 'Lyon',
      country: 'France',
      VATnum: 'FR12345678901',
      registrationNumber: '123 456 789 00012',
      commentPrivate: 'Allergique aux noix',
      blacklist: 0,
      idempotencyKey: 'cl1',
    };
    const a = await ok<Change>(h.client, 'client_add', args);
    expect(a).toMatchObject({ action: 'added', replayed: false, warnings: [] });
    expect(a.item).toEqual({
      id: a.id,
      title: 'Mme',
      firstname: 'Marie',
      lastname: 'Dupond',
      email: 'marie.dupond@example.fr',
      phone: '06 12 34 56 78',
      address: '12 rue des Lilas',
      address2: 'Bât. B',
      zip: '69003',
      city: 'Lyon',
      country: 'France',
      vatNumber: 'FR12345678901',
      registrationNumber: '123 456 789 00012',
      comment: 'Allergique aux noix',
      blacklist: false,
    });
    expect(await ok<Change>(h.client, 'client_add', args)).toMatchObject({ id: a.id, replayed: true });
    expect(await fails(h.client, 'client_add', { ...args, city: 'Paris' })).toMatch(/already used/);
    // found by name at once (its search text)
    const balance = await ok<{ client: { id: number } }>(h.client, 'client_balance', {
      clientName: 'Mme Dupond',
    });
    expect(balance.client.id).toBe(a.id);
  });

  it("takes the sale's inline spellings, and refuses what identifies no one", async () => {
    const b = await ok<Change>(h.client, 'client_add', {
      firstname: 'Jean',
      lastname: 'Martin',
      address: '1 quai Perrache',
      zip: '69002',
    });
    expect(b.item).toMatchObject({
      firstname: 'Jean',
      lastname: 'Martin',
      address: '1 quai Perrache',
      zip: '69002',
    });
    expect(await fails(h.client, 'client_add', { name: 'Jean', firstname: 'Paul' })).toMatch(
      /firstname is another name of name/,
    );
    expect(await fails(h.client, 'client_add', { city: 'Lyon' })).toMatch(
      /at least one of name, surname, email or phone/,
    );
    expect(await fails(h.client, 'client_add', { name: '  ' })).toMatch(/at least one/);
    expect(await fails(h.client, 'client_add', { email: 'not-an-email' })).toMatch(/not an e-mail address/);
    expect(await fails(h.client, 'client_add', { name: 'x'.repeat(101) })).toMatch(/name/);
    expect(await fails(h.client, 'client_add', { commentPrivate: 'x'.repeat(1001), name: 'A' })).toMatch(
      /commentPrivate/,
    );
  });

  it('refuses a second client with the same e-mail, warns of the same phone or full name', async () => {
    const dupMail = await fails(h.client, 'client_add', { name: 'Other', email: 'Marie.Dupond@example.fr' });
    expect(dupMail).toMatch(/Client \d+ Marie Dupond \(Lyon, 06 12 34 56 78\) already has the e-mail/);
    const samePhone = await ok<Change>(h.client, 'client_add', {
      surname: 'Durand',
      phone: '+33 6 12 34 56 78',
    });
    expect(samePhone.warnings.join(' ')).toMatch(/Same phone as client \d+ Marie Dupond/);
    const sameName = await ok<Change>(h.client, 'client_add', {
      name: 'marie',
      surname: 'DUPOND',
      phone2: '0400',
    });
    expect(sameName.warnings.join(' ')).toMatch(/Same name as client \d+ Marie Dupond/);
    expect(sameName.warnings.join(' ')).toMatch(/phone2 was not stored/);
  });

  it('edits the fields sent, clears with null, keeps one client per e-mail', async () => {
    const c = await ok<Change>(h.client, 'client_add', { name: 'Paul', surname: 'Leroy', city: 'Lyon' });
    const e = await ok<Change>(h.client, 'client_edit', {
      id: c.id,
      surname: 'Leroux',
      city: null,
      email: 'paul@example.fr',
      blacklist: true,
    });
    expect(e).toMatchObject({
      action: 'updated',
      item: { lastname: 'Leroux', city: null, email: 'paul@example.fr', blacklist: true },
    });
    expect(await ok<Change>(h.client, 'client_edit', { id: c.id, surname: 'Leroux' })).toMatchObject({
      action: 'unchanged',
    });
    expect(await ok<Change>(h.client, 'client_edit', { id: c.id, email: 'PAUL@example.fr' })).toMatchObject({
      action: 'updated',
    });
    expect(await fails(h.client, 'client_edit', { id: c.id, email: 'marie.dupond@example.fr' })).toMatch(
      /already has the e-mail/,
    );
    expect(
      await fails(h.client, 'client_edit', { id: c.id, name: null, surname: null, email: null, phone: null }),
    ).toMatch(/at least one/);
    expect(await fails(h.client, 'client_edit', { id: 999999, name: 'x' })).toMatch(
      /No client has id 999999/,
    );
    const found = await ok<{ client: { id: number } }>(h.client, 'client_balance', {
      clientName: 'Paul Leroux',
    });
    expect(found.client.id).toBe(c.id);
  });

  it('deletes an unused client, archives one with orders, and a sale refuses the archived one', async () => {
    const unused = await ok<Change>(h.client, 'client_add', { name: 'Temp', email: 'temp@example.fr' });
    expect(await ok<Change>(h.client, 'client_delete', { id: unused.id })).toMatchObject({
      action: 'deleted',
      item: null,
    });
    expect(await fails(h.client, 'client_delete', { id: unused.id })).toMatch(/No client/);
    // the e-mail is free again
    await ok(h.client, 'client_add', { name: 'Temp', email: 'temp@example.fr' });

    const c = await ok<Change>(h.client, 'client_add', {
      name: 'Lucie',
      surname: 'Fidèle',
      phone: '0478000000',
    });
    const order = await ok<{ id: number }>(h.client, 'sale_create', {
      items: free,
      idClient: c.id,
      payment: -1,
    });
    const quote = await ok<{ id: number }>(h.client, 'sale_create', { items: free, payment: -2 });
    const archived = await ok<Change>(h.client, 'client_delete', { id: c.id });
    expect(archived).toMatchObject({ action: 'archived', item: { archived: true, blacklist: false } });
    expect(archived.warnings[0]).toMatch(/archived, not deleted/);
    expect(await listed()).not.toContain(c.id);
    expect(await listed({ includeArchived: true })).toContain(c.id);
    expect(await fails(h.client, 'sale_create', { items: free, idClient: c.id })).toMatch(
      /Client \d+ \(Lucie Fidèle\) was archived/,
    );
    expect(await fails(h.client, 'order_edit', { orderId: quote.id, idClient: c.id })).toMatch(
      /was archived/,
    );
    // its order still shows it, its balance still answers
    const detail = await ok<{ client: { name: string } }>(h.client, 'order_detail', { orderId: order.id });
    expect(detail.client.name).toBe('Lucie Fidèle');
    const balance = await ok<{ client: { id: number } }>(h.client, 'client_balance', { clientId: c.id });
    expect(balance.client.id).toBe(c.id);
    expect(await fails(h.client, 'client_edit', { id: c.id, city: 'Lyon' })).toMatch(
      /archived: send archived: false/,
    );
    expect(await ok<Change>(h.client, 'client_edit', { id: c.id, archived: false })).toMatchObject({
      action: 'updated',
    });
    await ok(h.client, 'sale_create', { items: free, idClient: c.id });
    const r = await call(h.client, 'client_delete', { id: 'abc' });
    expect(r.isError).toBe(true);
  });

  it('journals every change', async () => {
    const j = await ok<{ items: { action: string; via: string }[] }>(h.client, 'audit_list', {
      entity: 'client',
      limit: 500,
    });
    const kinds = new Set(j.items.map((i) => `${i.action} ${i.via}`));
    expect([...kinds].sort()).toEqual([
      'add client_add',
      'archive client_delete',
      'delete client_delete',
      'edit client_edit',
    ]);
  });
});
