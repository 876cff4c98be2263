/**
 * The heads of the chains kept apart from the database (docs/FISCAL.md): after each commit that adds
 * records, the last position and hash of each chain are written to a small file outside it, with the
 * fingerprint of the shop's key (heads of another key are never replaced). A database that ends before a head the file names had records removed
 * at its end, or is an older copy put back: the chain alone cannot tell, since an older copy is a whole,
 * valid chain. The file only ever moves forward (a write keeps, per chain, the furthest head of what it
 * holds and what it is told), is written whole to a temporary file, flushed to the disk, then renamed
 * (never half-written), at most every WRITE_EVERY_MS; a crash loses at most the last heads, which the
 * next commit writes again. A file that cannot be read is left as it is (the verification reports it)
 * and never replaced.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import type { KeptHead } from './fiscal.verify.js';

const FORMAT = 'comptoir-fiscal-heads-2';
const WRITE_EVERY_MS = 200;
let written = 0;

interface ShopHeads {
  /** the fingerprint of the shop's public key (keyFingerprint) */
  key: string;
  chains: Record<string, { seq: number; hash: string }>;
}
type Heads = Record<string, ShopHeads>;

/** A short fingerprint of a public key (SPKI DER in base64): its SHA-256, 16 hex digits. */
export const keyFingerprint = (publicKey: string) =>
  createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);

export class HeadFile {
  private told: Heads = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly file: string) {}

  /** A chain's head after a commit. */
  note(shopId: number, key: string, chain: string, seq: number, hash: string): void {
    const shop = (this.told[shopId] ??= { key, chains: {} });
    if (shop.key !== key) this.told[shopId] = { key, chains: {} };
    const chains = this.told[shopId]!.chains;
    if ((chains[chain]?.seq ?? 0) < seq) chains[chain] = { seq, hash };
    this.timer ??= setTimeout(() => this.flushQuietly(), WRITE_EVERY_MS).unref();
  }

  private writing: Promise<void> | undefined;

  /** The timer's write: off the main thread (the file's I/O and its flush to the disk), never fatal. */
  private flushQuietly(): void {
    this.timer = undefined;
    if (this.writing || Object.keys(this.told).length === 0) return;
    const told = this.told;
    this.told = {};
    this.writing = (async () => {
      let text: string | undefined;
      try {
        text = await fs.promises.readFile(this.file, 'utf8');
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT') throw error;
      }
      const heads = this.merged(text === undefined ? {} : this.parse(text), told);
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.${++written}.tmp`;
      const handle = await fs.promises.open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify({ format: FORMAT, shops: heads }, null, 1)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temporary, this.file);
    })()
      .catch(() => {
        // an unreadable file is reported by the verification and kept as evidence; a disk error is
        // tried again with the next commit's heads (what was told is told again then)
        this.remember(told);
      })
      .finally(() => {
        this.writing = undefined;
        if (Object.keys(this.told).length > 0)
          this.timer ??= setTimeout(() => this.flushQuietly(), WRITE_EVERY_MS).unref();
      });
  }

  /** Puts heads back to be written (a write that failed), keeping the furthest of each. */
  private remember(told: Heads): void {
    for (const [shop, t] of Object.entries(told))
      for (const [chain, head] of Object.entries(t.chains))
        this.note(Number(shop), t.key, chain, head.seq, head.hash);
  }

  /** `heads` with what was `told` (heads kept for another key are evidence: never replaced). */
  private merged(heads: Heads, told: Heads): Heads {
    for (const [shop, t] of Object.entries(told)) {
      if (heads[shop] && heads[shop].key !== t.key) continue;
      const kept = (heads[shop] ??= { key: t.key, chains: {} });
      for (const [chain, head] of Object.entries(t.chains))
        if ((kept.chains[chain]?.seq ?? 0) < head.seq) kept.chains[chain] = head;
    }
    return heads;
  }

  /** Writes what it was told now (also at the end of the process). Throws if the file cannot be read. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (Object.keys(this.told).length === 0) return;
    const heads = this.merged(this.readFile(), this.told);
    this.told = {};
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.${++written}.tmp`;
    const fd = fs.openSync(temporary, 'w', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify({ format: FORMAT, shops: heads }, null, 1)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.file);
  }

  /** The heads kept for a shop (what this process was told included), and the key they were kept for. */
  headsOf(shopId: number): { key: string | null; heads: KeptHead[] } {
    this.flush();
    const shop = this.readFile()[shopId];
    return {
      key: shop?.key ?? null,
      heads: Object.entries(shop?.chains ?? {}).map(([chain, h]) => ({ chain, seq: h.seq, hash: h.hash })),
    };
  }

  private readFile(): Heads {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return {};
      throw error;
    }
    return this.parse(text);
  }

  private parse(text: string): Heads {
    let parsed: { format?: unknown; shops?: Heads };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch (error) {
      throw new Error(`${this.file} is not JSON (${(error as Error).message})`, { cause: error });
    }
    if (parsed.format !== FORMAT || typeof parsed.shops !== 'object' || parsed.shops === null)
      throw new Error(`${this.file} is not a file of fiscal heads (${FORMAT})`);
    return parsed.shops;
  }
}

const files = new WeakMap<Db, HeadFile>();
const open = new Set<HeadFile>();

/** Keeps the heads of `db`'s chains in `file` (the composition root chooses it; none: not kept). */
export function keepHeadsApart(db: Db, file: string): HeadFile {
  const heads = new HeadFile(file);
  files.set(db, heads);
  open.add(heads);
  return heads;
}

export const headFileOf = (db: Db | undefined): HeadFile | undefined => (db ? files.get(db) : undefined);

process.on('exit', () => {
  for (const h of open) {
    try {
      h.flush();
    } catch {
      // the process is ending: a head not written is written again by the next commit
    }
  }
});
