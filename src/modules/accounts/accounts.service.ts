/**
 * People who log in to approve an app (OAuth's login and consent page): an email, a password hashed
 * with scrypt, and the shops they may act for with a role each. Made from the command line
 * (`comptoir users …`); a disabled account's apps are refused from their next request on.
 */
import type { Executor } from '../../db/database.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import type { Scope } from '../shared/context.js';
import { allShops, noShopWithId } from '../shops/shops.service.js';
import { decoyHash, hashPassword, verifyPassword, weakPassword } from './password.js';

export const ROLES = ['owner', 'manager', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may let an app do: staff sell and read, managers and owners also manage the shop. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  owner: ['read', 'sell', 'admin'],
  manager: ['read', 'sell', 'admin'],
  staff: ['read', 'sell'],
};

export interface Membership {
  shopId: number;
  shopName: string;
  role: Role;
}

export interface Account {
  id: number;
  email: string;
  createdAt: string;
  disabledAt: string | null;
  shops: Membership[];
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

export function normalEmail(text: string): string {
  const email = text.normalize('NFC').trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email))
    throw new InputError('email', `"${text.slice(0, 80)}" is not an email address (name@example.com)`);
  return email;
}

export function parseRole(text: string | undefined): Role {
  if (!text) throw new InputError('role', `give --role, one of ${ROLES.join(', ')}`);
  if (!(ROLES as readonly string[]).includes(text))
    throw new InputError('role', `unknown role "${text.slice(0, 40)}"; the roles are ${ROLES.join(', ')}`);
  return text as Role;
}

export function checkPassword(password: string): void {
  const weak = weakPassword(password);
  if (weak) throw new InputError('password', `this password cannot be used: ${weak}`);
}

async function memberships(db: Executor, accountIds: number[]): Promise<Map<number, Membership[]>> {
  const out = new Map<number, Membership[]>();
  if (accountIds.length === 0) return out;
  const rows = await db
    .selectFrom('account_shops')
    .select(['account_id', 'shop_id', 'role'])
    .where('account_id', 'in', accountIds)
    .orderBy('shop_id')
    .execute();
  const names = new Map((await allShops(db)).map((s) => [s.id, s.name]));
  for (const r of rows) {
    const list = out.get(r.account_id) ?? [];
    list.push({ shopId: r.shop_id, shopName: names.get(r.shop_id) ?? '', role: r.role as Role });
    out.set(r.account_id, list);
  }
  return out;
}

export async function findAccount(db: Executor, idOrEmail: string): Promise<Account> {
  const byId = /^\d+$/.test(idOrEmail);
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'email', 'created_at', 'disabled_at'])
    .where(
      byId ? 'id' : 'email',
      '=',
      byId ? Number(idOrEmail) : idOrEmail.normalize('NFC').trim().toLowerCase(),
    )
    .executeTakeFirst();
  if (!row) throw new NotFoundError('user', `no user is ${idOrEmail.slice(0, 80)}; see comptoir users list`);
  const shops = (await memberships(db, [row.id])).get(row.id) ?? [];
  return { id: row.id, email: row.email, createdAt: row.created_at, disabledAt: row.disabled_at, shops };
}

export async function listAccounts(db: Executor, shopId?: number): Promise<Account[]> {
  let q = db.selectFrom('accounts').select(['id', 'email', 'created_at', 'disabled_at']).orderBy('id');
  if (shopId !== undefined)
    q = q.where(
      'id',
      'in',
      db.selectFrom('account_shops').select('account_id').where('shop_id', '=', shopId),
    );
  const rows = await q.execute();
  const shops = await memberships(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
    shops: shops.get(r.id) ?? [],
  }));
}

async function checkShop(db: Executor, shopId: number): Promise<void> {
  const shops = await allShops(db);
  if (!shops.some((s) => s.id === shopId)) throw new NotFoundError('shop', noShopWithId(shopId, shops));
}

/**
 * Creates the account of `email` with `password` and gives it `shopId` with `role`; an account that
 * exists already is given the shop (or its role there changed), its password left as it is.
 */
export async function createAccount(
  db: Executor,
  input: { email: string; shopId: number; role: Role; password?: () => Promise<string> },
  now: Date,
): Promise<{ account: Account; created: boolean }> {
  const email = normalEmail(input.email);
  await checkShop(db, input.shopId);
  const at = now.toISOString();
  let existing = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
  let created = false;
  if (!existing) {
    if (!input.password) throw new InputError('password', 'a new user needs a password');
    const password = await input.password();
    checkPassword(password);
    const hash = await hashPassword(password);
    existing = await db
      .insertInto('accounts')
      .values({ email, password_hash: hash, created_at: at, password_changed_at: at, disabled_at: null })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!existing)
      throw new InputError('email', `${email} was created by someone else at the same time; retry`);
    created = true;
  }
  await db
    .insertInto('account_shops')
    .values({ account_id: existing.id, shop_id: input.shopId, role: input.role, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'shop_id']).doUpdateSet({ role: input.role }))
    .execute();
  return { account: await findAccount(db, String(existing.id)), created };
}

export async function setDisabled(
  db: Executor,
  idOrEmail: string,
  disabled: boolean,
  now: Date,
): Promise<Account> {
  const account = await findAccount(db, idOrEmail);
  await db
    .updateTable('accounts')
    .set({ disabled_at: disabled ? (account.disabledAt ?? now.toISOString()) : null })
    .where('id', '=', account.id)
    .execute();
  return findAccount(db, String(account.id));
}

export async function resetPassword(
  db: Executor,
  idOrEmail: string,
  password: string,
  now: Date,
): Promise<Account> {
  const account = await findAccount(db, idOrEmail);
  checkPassword(password);
  await db
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(password), password_changed_at: now.toISOString() })
    .where('id', '=', account.id)
    .execute();
  return account;
}

/**
 * The account that `email` and `password` log in to, or undefined — in the same time whether the email
 * is unknown, the account disabled or the password wrong (an unknown email is checked against a decoy).
 */
export async function authenticate(
  db: Executor,
  emailText: string,
  password: string,
): Promise<Account | undefined> {
  const email = emailText.normalize('NFC').trim().toLowerCase();
  const row =
    email.length <= 254
      ? await db
          .selectFrom('accounts')
          .select(['id', 'password_hash', 'disabled_at'])
          .where('email', '=', email)
          .executeTakeFirst()
      : undefined;
  const { ok, rehash } = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  if (!row || !ok || row.disabled_at) return undefined;
  if (rehash)
    await db
      .updateTable('accounts')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', row.id)
      .execute();
  return findAccount(db, String(row.id));
}

/** The role of an active account in a shop, or undefined (no such account, disabled, not of that shop). */
export async function activeRole(db: Executor, accountId: number, shopId: number): Promise<Role | undefined> {
  const row = await db
    .selectFrom('account_shops')
    .innerJoin('accounts', 'accounts.id', 'account_shops.account_id')
    .select('account_shops.role')
    .where('account_shops.account_id', '=', accountId)
    .where('account_shops.shop_id', '=', shopId)
    .where('accounts.disabled_at', 'is', null)
    .executeTakeFirst();
  return row?.role as Role | undefined;
}
