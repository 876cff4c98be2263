/**
 * The 2025-era sessions of one node: each has its own transport and server instance and belongs to the
 * credential that opened it. Sessions are closed (their memory freed) after an idle time — most clients
 * never send DELETE — and to make room: a credential at its own cap loses its own least recently used
 * session, and at the node's cap the credential holding the most sessions loses its oldest, so that one
 * noisy key never closes the sessions of the others.
 */
import type { McpServer, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';

export interface LegacySession {
  id: string;
  /** the credential that opened the session; another credential gets 404 for it */
  owner: string;
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
  /** not in the shared session store (it did not answer when the session opened): it stays on this node */
  localOnly?: boolean;
}

/** `ended`: ended on another node (DELETE there, or expired), as the shared session store says */
export type CloseReason = 'idle' | 'evicted' | 'revoked' | 'shutdown' | 'ended';

export interface SessionRegistryOptions {
  idleMs: number;
  /** open sessions on this node */
  max: number;
  /** open sessions of one credential on this node */
  maxPerOwner: number;
  now?: () => number;
  onCountChange?: (count: number) => void;
  onClosed?: (session: LegacySession, reason: CloseReason) => void;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, LegacySession>();
  /** slots reserved by sessions being opened, per owner */
  private readonly reserved = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: SessionRegistryOptions) {
    this.now = options.now ?? Date.now;
    const sweepEvery = Math.max(50, Math.min(60_000, Math.floor(options.idleMs / 4)));
    this.timer = setInterval(() => void this.sweep(), sweepEvery);
    this.timer.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The credentials that have sessions open. */
  owners(): Set<string> {
    return new Set([...this.sessions.values()].map((s) => s.owner));
  }

  /** The session, marked as seen, if it exists and belongs to `owner`. */
  use(id: string, owner: string): LegacySession | undefined {
    const s = this.sessions.get(id);
    if (!s || s.owner !== owner) return undefined;
    s.lastSeen = this.now();
    return s;
  }

  /**
   * Reserves room for one more session of `owner`, closing others as needed; call the returned function
   * once the session is added (or failed to open). The reservation is taken at once, so concurrent
   * openings cannot overshoot the caps.
   */
  async reserve(owner: string): Promise<() => void> {
    this.reserved.set(owner, (this.reserved.get(owner) ?? 0) + 1);
    const victims: LegacySession[] = [];
    const take = (s: LegacySession | undefined) => {
      if (!s) return false;
      this.sessions.delete(s.id);
      victims.push(s);
      return true;
    };
    while (this.countOf(owner) > this.options.maxPerOwner && take(this.oldest((s) => s.owner === owner)))
      continue;
    while (this.sessions.size + this.totalReserved() > this.options.max && take(this.oldestOfBusiest()))
      continue;
    if (victims.length > 0) this.options.onCountChange?.(this.sessions.size);
    await Promise.all(victims.map((s) => this.shut(s, 'evicted')));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.reserved.get(owner) ?? 1) - 1;
      if (left > 0) this.reserved.set(owner, left);
      else this.reserved.delete(owner);
    };
  }

  add(session: LegacySession): void {
    this.sessions.set(session.id, session);
    this.options.onCountChange?.(this.sessions.size);
  }

  /** Forgets a session whose transport closed (DELETE, or closed here) — that transport's, not a newer one. */
  forget(id: string, transport: LegacySession['transport']): void {
    if (this.sessions.get(id)?.transport !== transport) return;
    this.sessions.delete(id);
    this.options.onCountChange?.(this.sessions.size);
  }

  /** The sessions not used since `time`. */
  seenBefore(time: number): LegacySession[] {
    return [...this.sessions.values()].filter((s) => s.lastSeen < time);
  }

  /** Closes these sessions (those that are open). */
  close(ids: Iterable<string>, reason: CloseReason): Promise<void> {
    const doomed = new Set(ids);
    return this.closeWhere((s) => doomed.has(s.id), reason);
  }

  async sweep(): Promise<void> {
    const limit = this.now() - this.options.idleMs;
    await this.closeWhere((s) => s.lastSeen < limit, 'idle');
  }

  /** Closes every session of a credential (revoked). */
  closeOwner(owner: string, reason: CloseReason): Promise<void> {
    return this.closeWhere((s) => s.owner === owner, reason);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.timer);
    await this.closeWhere(() => true, 'shutdown');
  }

  private async closeWhere(test: (s: LegacySession) => boolean, reason: CloseReason): Promise<void> {
    const doomed = [...this.sessions.values()].filter(test);
    for (const s of doomed) this.sessions.delete(s.id);
    if (doomed.length > 0) this.options.onCountChange?.(this.sessions.size);
    await Promise.all(doomed.map((s) => this.shut(s, reason)));
  }

  private async shut(s: LegacySession, reason: CloseReason): Promise<void> {
    this.options.onClosed?.(s, reason);
    await s.server.close().catch(() => undefined);
  }

  private countOf(owner: string): number {
    let n = this.reserved.get(owner) ?? 0;
    for (const s of this.sessions.values()) if (s.owner === owner) n += 1;
    return n;
  }

  private totalReserved(): number {
    let n = 0;
    for (const r of this.reserved.values()) n += r;
    return n;
  }

  private oldest(test: (s: LegacySession) => boolean): LegacySession | undefined {
    let oldest: LegacySession | undefined;
    for (const s of this.sessions.values())
      if (test(s) && (!oldest || s.lastSeen < oldest.lastSeen)) oldest = s;
    return oldest;
  }

  /** The least recently used session of the credentials that hold (or are opening) the most sessions. */
  private oldestOfBusiest(): LegacySession | undefined {
    const counts = new Map(this.reserved);
    for (const s of this.sessions.values()) counts.set(s.owner, (counts.get(s.owner) ?? 0) + 1);
    const most = Math.max(0, ...counts.values());
    return this.oldest((s) => counts.get(s.owner) === most);
  }
}
