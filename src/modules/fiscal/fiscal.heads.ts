/**
 * The heads of the chains kept apart from the database (docs/FISCAL.md): after each commit that adds
 * records, the last position and hash of each chain are written to a small file outside it. A database
 * that ends before a head the file names had records removed at its end, or is an older copy put back:
 * the chain alone cannot tell, since an older copy is a whole, valid chain. The file only ever moves
 * forward (a write keeps, per chain, the furthest head of what it holds and what it is told), is
 * written whole to a temporary file then renamed (never half-written), and at most every
 * WRITE_EVERY_MS; a crash loses at most the last heads, which the next commit writes again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import type { KeptHead } from './fiscal.verify.js';

const FORMAT = 'comptoir-fiscal-heads-1';
const WRITE_EVERY_MS = 200;

type Heads = Record<string, Record<string, { seq: number; hash: string }>>;

export class HeadFile {
  private told: Heads = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly file: string) {}

  /** A chain's head after a commit. */
  note(shopId: number, chain: string, seq: number, hash: string): void {
    const shop = (this.told[shopId] ??= {});
    if ((shop[chain]?.seq ?? 0) < seq) shop[chain] = { seq, hash };
    this.timer ??= setTimeout(() => this.flush(), WRITE_EVERY_MS).unref();
  }

  /** Writes what it was told now (also at the end of the process). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (Object.keys(this.told).length === 0) return;
    const heads = this.readFile();
    for (const [shop, chains] of Object.entries(this.told))
      for (const [chain, head] of Object.entries(chains)) {
        const kept = (heads[shop] ??= {});
        if ((kept[chain]?.seq ?? 0) < head.seq) kept[chain] = head;
      }
    this.told = {};
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify({ format: FORMAT, shops: heads }, null, 1)}\n`, {
      mode: 0o600,
    });
    fs.renameSync(temporary, this.file);
  }

  /** The heads kept for a shop (what this process was told included). */
  headsOf(shopId: number): KeptHead[] {
    this.flush();
    return Object.entries(this.readFile()[shopId] ?? {}).map(([chain, h]) => ({
      chain,
      seq: h.seq,
      hash: h.hash,
    }));
  }

  private readFile(): Heads {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = JSON.parse(text) as { format?: unknown; shops?: Heads };
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
