/** OAuth's test harness: the built server with COMPTOIR_PUBLIC_URL, an OAuth client's memory, a browser by hand. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import {
  Client,
  StreamableHTTPClientTransport,
  UnauthorizedError,
  type OAuthClientProvider,
} from '@modelcontextprotocol/client';
import { expect } from 'vitest';
import { newDatabase } from './helpers.js';

const MAIN = path.resolve('dist/cli/main.js');
export const PASSWORD = 'un café, deux croissants';

export async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  s.close();
  return port;
}

/** An OAuth client's memory, as an MCP host keeps it. */
export class MemoryProvider implements OAuthClientProvider {
  /** a Client ID Metadata Document's URL: the client's id, instead of registering */
  clientMetadataUrl?: string;
  authorizationUrl?: URL;
  info?: Parameters<NonNullable<OAuthClientProvider['saveClientInformation']>>[0];
  saved?: Parameters<OAuthClientProvider['saveTokens']>[0];
  verifier = '';
  constructor(
    readonly redirectUrl: string,
    readonly scope?: string,
  ) {}
  get clientMetadata() {
    return {
      client_name: 'Test assistant',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...(this.scope ? { scope: this.scope } : {}),
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: NonNullable<MemoryProvider['info']>) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: NonNullable<MemoryProvider['saved']>) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  discovery?: Parameters<NonNullable<OAuthClientProvider['saveDiscoveryState']>>[0];
  saveDiscoveryState(state: NonNullable<MemoryProvider['discovery']>) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** A browser's cookie jar and its way through redirects, by hand. */
export class Browser {
  cookies = new Map<string, string>();
  /** where a request really goes: a load balancer in front of several nodes */
  constructor(
    private readonly route: (url: string) => string = (u) => u,
    /** sent with every request (e.g. the X-Forwarded-For a trusted proxy would add) */
    readonly headers: Record<string, string> = {},
  ) {}
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.route(url), {
      ...init,
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5',
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  }
  /** follows redirects on this server; stops at the first one elsewhere, and returns its Location */
  async follow(url: string, origin: string, init?: RequestInit): Promise<{ res: Response; url: string }> {
    let res = await this.go(url, init);
    let at = url;
    while (res.status >= 300 && res.status < 400) {
      at = new URL(res.headers.get('location')!, at).href;
      if (!at.startsWith(origin)) return { res, url: at };
      res = await this.go(at);
    }
    return { res, url: at };
  }
  async submit(html: string, base: string, fields: Record<string, string | string[]>) {
    const action = /<form method="post" action="([^"]+)"/
      .exec(html)![1]!
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const body = new URLSearchParams({ csrf });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return this.follow(new URL(action, base).href, new URL(base).origin, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }
}

export interface OAuthServer {
  origin: string;
  /** each node's own address (the first is also the public one) */
  nodes: string[];
  db: string;
  cli: (args: string[], input?: string) => ReturnType<typeof spawnSync>;
  connectWith: (
    provider: MemoryProvider,
    approve: (consent: string) => Record<string, string | string[]>,
  ) => Promise<{ client: Client; code: string }>;
  close: () => void;
}

/** A database with the demo shop and its owner, and `comptoir serve --http` on it with OAuth on. */
export async function startOAuthServer(
  env: Record<string, string> = {},
  options: { nodes?: number } = {},
): Promise<OAuthServer> {
  const db = await newDatabase('oauth');
  const cli = (args: string[], input = '') =>
    spawnSync(process.execPath, [MAIN, ...args, '--db', db, '--log-level', 'silent'], {
      input,
      encoding: 'utf8',
      env: { ...process.env, COMPTOIR_DB: '' },
    });
  expect(cli(['init']).status).toBe(0);
  const made = cli(
    ['users', 'create', '--email', 'owner@example.fr', '--shop', '1', '--role', 'owner', '--password-stdin'],
    `${PASSWORD}\n`,
  );
  expect(made.stderr).toBe('');
  const ports: number[] = [];
  for (let i = 0; i < (options.nodes ?? 1); i++) ports.push(await freePort());
  // every node has the first one's address as its public URL: the balancer's address
  const origin = `http://127.0.0.1:${ports[0]}`;
  const servers: ChildProcess[] = [];
  for (const port of ports) {
    const server = spawn(
      process.execPath,
      [MAIN, 'serve', '--http', '--db', db, '--port', String(port), '--log-level', 'warn'],
      {
        env: { ...process.env, COMPTOIR_DB: '', COMPTOIR_PUBLIC_URL: origin, REDIS_URL: '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    servers.push(server);
    let err = '';
    server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.ok ?? false;
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    if (!up) throw new Error(`the server did not start: ${err}`);
  }
  // round robin over the nodes, as a balancer without sticky sessions does
  let next = 0;
  const balance = (url: string) =>
    url.startsWith(origin) ? url.replace(origin, `http://127.0.0.1:${ports[next++ % ports.length]}`) : url;
  const nodes = ports.map((p) => `http://127.0.0.1:${p}`);

  async function connectWith(
    provider: MemoryProvider,
    approve: (consent: string) => Record<string, string | string[]>,
  ) {
    const mcp = new URL('/mcp', origin);
    const first = new StreamableHTTPClientTransport(mcp, { authProvider: provider });
    await expect(new Client({ name: 'assistant', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(provider.authorizationUrl?.origin).toBe(origin);
    const browser = new Browser(balance);
    const login = await browser.follow(provider.authorizationUrl!.href, origin);
    const loginHtml = await login.res.text();
    expect(login.res.headers.get('x-frame-options')).toBe('DENY');
    expect(loginHtml).toMatch(/Connectez-vous pour autoriser <span class="client">/);
    const consent = await browser.submit(loginHtml, login.url, {
      email: 'owner@example.fr',
      password: PASSWORD,
    });
    const consentHtml = await consent.res.text();
    expect(consentHtml).toContain(provider.redirectUrl);
    const back = await browser.submit(consentHtml, consent.url, approve(consentHtml));
    expect(back.url.startsWith(provider.redirectUrl), `${back.url} ${back.res.status}`).toBe(true);
    const params = new URL(back.url).searchParams;
    expect(params.get('iss')).toBe(origin);
    await first.finishAuth(params);
    const client = new Client({ name: 'assistant', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
    return { client, code: params.get('code')! };
  }
  return {
    origin,
    nodes,
    db,
    cli,
    connectWith,
    close: () => servers.forEach((server) => server.kill('SIGTERM')),
  };
}
