/**
 * Archives (docs/FISCAL.md, "Archives"): a file of a period's records — the ticket records of its
 * business days, its closures, its journal events — with the shop's identity and public key, its own
 * hash and the shop's signature, which anyone can verify offline, after the database is gone, with
 * `comptoir archive verify <file>` or by following the documented algorithm. Making one is an event of
 * the shop's journal.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { inTransaction, type Ctx } from '../shared/context.js';
import { showShop } from '../shops/shops.settings.js';
import { canonicalJson, GENESIS, recordHash, type Canonical } from './fiscal.canonical.js';
import { appendRecords, CHAINS, EVENTS, eventRecord } from './fiscal.chain.js';
import { ALGORITHM, publicKeyPem, signatureHolds, signHash } from './fiscal.keys.js';
import * as repo from './fiscal.repository.js';

export const ARCHIVE_FORMAT = 'comptoir-fiscal-archive-1';

interface ArchivedRecord {
  seq: number;
  kind: string;
  recordedAt: string;
  content: string;
  prev: string;
  hash: string;
  signature: string;
}

/** A period: a business day, a month or a year; what of a record falls in it. */
function inPeriod(period: string, chain: string, content: { [key: string]: Canonical }): boolean {
  const when =
    chain === 'closure'
      ? String(content.period ?? '')
      : chain === EVENTS
        ? String(content.at ?? '')
        : String(content.day ?? '');
  return when.startsWith(period);
}

export function checkPeriod(period: string, field: string): string {
  if (!/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(period))
    throw new InputError(
      field,
      `"${period}" is not a period: give YYYY (a year), YYYY-MM (a month) or YYYY-MM-DD (a day).`,
    );
  return period;
}

function parsedContent(text: string): { [key: string]: Canonical } {
  try {
    return JSON.parse(text) as { [key: string]: Canonical };
  } catch {
    return {}; // archived as it is: its verification names it
  }
}

/** Calls `f` on each record of `chain` after position `after`, in order, until it returns false. */
async function eachRecord(ctx: Ctx, chain: string, after: number, f: (r: repo.RecordRow) => boolean) {
  for (let from = after; ;) {
    const rows = await repo.recordsAfter(ctx.db, ctx.shopId, chain, from, 1000);
    if (rows.length === 0) return;
    for (const r of rows) if (!f(r)) return;
    from = rows[rows.length - 1]!.seq;
  }
}

export interface ArchiveSummary {
  file: string;
  period: string;
  records: Record<string, number>;
  bytes: number;
  sha256: string;
}

/**
 * Writes the archive of `period` into `directory` (made if missing) and records the event; refuses a
 * period with no record. The file name says the shop and the period; an existing file is not replaced.
 */
export async function writeArchive(ctx: Ctx, period: string, directory: string): Promise<ArchiveSummary> {
  checkPeriod(period, 'period');
  const key = await repo.publicKeyOf(ctx.db, ctx.shopId);
  if (!key) throw new NotFoundError('period', 'This shop has no fiscal chain yet: nothing to archive.');
  const shop = await showShop(ctx);
  // each chain's records from the first of the period to its last: a range, so a gap shows
  const chains: Record<string, ArchivedRecord[]> = {};
  for (const chain of CHAINS) {
    let first: number | undefined;
    let last: number | undefined;
    await eachRecord(ctx, chain, 0, (r) => {
      if (inPeriod(period, chain, parsedContent(r.content))) {
        first ??= r.seq;
        last = r.seq;
      }
      return true;
    });
    const kept: ArchivedRecord[] = [];
    if (first !== undefined && last !== undefined) {
      const end = last;
      await eachRecord(ctx, chain, first - 1, (r) => {
        if (r.seq > end) return false;
        kept.push({
          seq: r.seq,
          kind: r.kind,
          recordedAt: r.recorded_at,
          content: r.content,
          prev: r.prev_hash,
          hash: r.hash,
          signature: r.signature,
        });
        return true;
      });
    }
    chains[chain] = kept;
  }
  const counts = Object.fromEntries(Object.entries(chains).map(([c, rs]) => [c, rs.length]));
  if ((counts.ticket ?? 0) + (counts.closure ?? 0) === 0)
    throw new NotFoundError('period', `Nothing was recorded in ${period}: no archive was written.`);
  const body = {
    format: ARCHIVE_FORMAT,
    shop: {
      name: shop.name,
      address: shop.address,
      postcode: shop.zip,
      city: shop.city,
      country: shop.country,
      siret: shop.siret,
      vatNumber: shop.vatNumber,
      currency: shop.currency,
      timeZone: shop.timeZone,
    },
    period,
    createdAt: ctx.clock().toISOString(),
    algorithm: ALGORITHM,
    publicKey: publicKeyPem(key.public_key),
    chains: Object.fromEntries(Object.entries(chains).map(([c, rs]) => [c, rs.map((r) => ({ ...r }))])),
  } as unknown as { [key: string]: Canonical };
  const text = canonicalJson(body);
  const bodyHash = createHash('sha256').update(text, 'utf8').digest('hex');
  const file = path.join(
    directory,
    `comptoir-shop${ctx.shopId}-${period}-${body.createdAt as string}.json`.replaceAll(':', ''),
  );
  const signature = signHash(key.private_key, bodyHash);
  const out = `{"body":${text},"bodyHash":${JSON.stringify(bodyHash)},"signature":${JSON.stringify(signature)}}\n`;
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(file, out, { flag: 'wx', mode: 0o600 });
  await inTransaction(ctx, (tx) =>
    appendRecords(tx, EVENTS, [
      eventRecord('archive', tx.clock(), {
        period,
        file: path.basename(file),
        sha256: bodyHash,
        records: counts,
      }),
    ]),
  );
  return { file, period, records: counts, bytes: Buffer.byteLength(out), sha256: bodyHash };
}

export interface ArchiveCheck {
  ok: boolean;
  period: string | null;
  shop: string | null;
  records: Record<string, number>;
  problems: string[];
}

/**
 * Verifies an archive with nothing but its text: its hash and signature (by the public key it
 * carries — compare that key with the shop's, kept elsewhere, to know whose it is), and in each chain
 * every record's hash, signature and link to the record before it where both are in the archive.
 */
export function verifyArchive(text: string, publicKeyExpected?: string): ArchiveCheck {
  const problems: string[] = [];
  let file: { body?: { [key: string]: Canonical }; bodyHash?: string; signature?: string };
  try {
    file = JSON.parse(text) as typeof file;
  } catch (error) {
    return {
      ok: false,
      period: null,
      shop: null,
      records: {},
      problems: [`not JSON: ${(error as Error).message}`],
    };
  }
  const body = file.body;
  if (
    !body ||
    body.format !== ARCHIVE_FORMAT ||
    typeof file.bodyHash !== 'string' ||
    typeof file.signature !== 'string'
  )
    return { ok: false, period: null, shop: null, records: {}, problems: [`not a ${ARCHIVE_FORMAT} file`] };
  let canonical: string | undefined;
  try {
    canonical = canonicalJson(body);
  } catch (error) {
    problems.push(`the archive holds a value a record cannot: ${(error as Error).message}`);
  }
  const hash = canonical === undefined ? '' : createHash('sha256').update(canonical, 'utf8').digest('hex');
  if (hash !== file.bodyHash) problems.push('the archive was changed: its hash is not that of its content');
  const pem = String(body.publicKey ?? '');
  let der = '';
  try {
    der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
  } catch {
    problems.push('the public key does not read');
  }
  if (!signatureHolds(der, file.bodyHash, file.signature))
    problems.push("the archive's signature is not that of its public key");
  if (publicKeyExpected && publicKeyExpected.replace(/\s/g, '') !== pem.replace(/\s/g, ''))
    problems.push('the archive is signed by another key than the one expected');
  const chains = (body.chains ?? {}) as unknown as Record<string, ArchivedRecord[]>;
  const records: Record<string, number> = {};
  for (const [chain, list] of Object.entries(chains)) {
    if (
      !Array.isArray(list) ||
      list.some((r) => typeof r !== 'object' || r === null || typeof r.content !== 'string')
    ) {
      problems.push(`the ${chain} chain of the archive is not a list of records`);
      continue;
    }
    records[chain] = list.length;
    let before: ArchivedRecord | undefined;
    for (const r of list) {
      const what = `${chain} record ${r.seq} (${r.kind})`;
      if (recordHash(chain, r.seq, r.prev, r.content) !== r.hash)
        problems.push(`${what}: its hash is not that of its place and content`);
      else if (!signatureHolds(der, r.hash, r.signature))
        problems.push(`${what}: not signed by the archive's key`);
      if (before && r.seq !== before.seq + 1)
        problems.push(
          `${what}: the archive goes from record ${before.seq} to ${r.seq} (records missing, or out of order)`,
        );
      else if (before && r.prev !== before.hash)
        problems.push(`${what}: does not follow record ${before.seq}`);
      if (!before && r.seq === 1 && r.prev !== GENESIS)
        problems.push(`${what}: the first record of a chain must follow none`);
      before = r;
    }
  }
  return {
    ok: problems.length === 0,
    period: typeof body.period === 'string' ? body.period : null,
    shop:
      typeof (body.shop as { name?: unknown } | undefined)?.name === 'string'
        ? (body.shop as { name: string }).name
        : null,
    records,
    problems,
  };
}

const directories = new WeakMap<object, string>();

/** Where the archives of `db` are written (the composition root chooses it). */
export function archiveInto(db: object, directory: string): void {
  directories.set(db, directory);
}
export const archiveDirectoryOf = (db: object | undefined) => (db ? directories.get(db) : undefined);
