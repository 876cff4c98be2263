/**
 * OAuth end to end against the built `comptoir serve --http` with COMPTOIR_PUBLIC_URL: the MCP SDK
 * client's own OAuth support discovers the metadata, registers (dynamic registration), and is sent to
 * the authorization page; the test plays the browser (cookies, the login form, the consent form) with
 * plain HTTP, then the client records a sale with its token. Chromium drives the same pages in
 * oauth-browser.test.ts.
 */
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDatabase } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');
const PASSWORD = 'un café, deux croissants';

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  s.close();
  return port;
}

/** An OAuth client's memory, as an MCP host keeps it. */
class MemoryProvider implements OAuthClientProvider {
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
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** A browser's cookie jar and its way through redirects, by hand. */
class Browser {
  cookies = new Map<string, string>();
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
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

describe('OAuth: an assistant connects with the owner’s login and consent', { timeout: 120_000 }, () => {
  let server: ChildProcess;
  let origin = '';
  let db = '';
  const cli = (args: string[], input = '') =>
    spawnSync(process.execPath, [MAIN, ...args, '--db', db, '--log-level', 'silent'], {
      input,
      encoding: 'utf8',
      env: { ...process.env, COMPTOIR_DB: '' },
    });

  beforeAll(async () => {
    db = await newDatabase('oauth');
    expect(cli(['init']).status).toBe(0);
    const made = cli(
      [
        'users',
        'create',
        '--email',
        'owner@example.fr',
        '--shop',
        '1',
        '--role',
        'owner',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    expect(made.stderr).toBe('');
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = spawn(
      process.execPath,
      [MAIN, 'serve', '--http', '--db', db, '--port', String(port), '--log-level', 'warn'],
      {
        env: { ...process.env, COMPTOIR_DB: '', COMPTOIR_PUBLIC_URL: origin, REDIS_URL: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    for (let i = 0; i < 100; i++) {
      if ((await fetch(`${origin}/ready`).catch(() => undefined))?.ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the server did not start: ${err}`);
  });
  afterAll(() => {
    server?.kill('SIGTERM');
  });

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
    const browser = new Browser();
    const login = await browser.follow(provider.authorizationUrl!.href, origin);
    const loginHtml = await login.res.text();
    expect(login.res.headers.get('x-frame-options')).toBe('DENY');
    expect(loginHtml).toContain('Connectez-vous pour autoriser <span class="client">Test assistant</span>');
    const consent = await browser.submit(loginHtml, login.url, {
      email: 'owner@example.fr',
      password: PASSWORD,
    });
    const consentHtml = await consent.res.text();
    expect(consentHtml).toContain(provider.redirectUrl);
    const back = await browser.submit(consentHtml, consent.url, approve(consentHtml));
    expect(
      back.url.startsWith(provider.redirectUrl),
      `${back.url} ${back.res.status} ${/<h1>.*<\/h1>/.exec(await back.res.clone().text())?.[0]}`,
    ).toBe(true);
    const params = new URL(back.url).searchParams;
    expect(params.get('iss')).toBe(origin);
    await first.finishAuth(params);
    const client = new Client({ name: 'assistant', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
    return { client, code: params.get('code')! };
  }

  it('publishes the metadata a client discovers, and says where on a 401', async () => {
    const res = await fetch(`${origin}/mcp`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(
      `resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    const prm = (await (await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<
      string,
      unknown
    >;
    expect(prm).toMatchObject({ resource: `${origin}/mcp`, authorization_servers: [origin] });
    const as = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(as).toMatchObject({
      issuer: origin,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
  });

  it('registers, logs in, consents, and records a sale with the token; the code works once', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/callback');
    const { client, code } = await connectWith(provider, () => ({
      shop: '1',
      scope: ['read', 'sell'],
      decision: 'approve',
    }));
    const sale = (await client.callTool({
      name: 'sale_create',
      arguments: { items: [{ productName: 'Café', quantity: 2 }], payment: 'card' },
    })) as { isError?: boolean; structuredContent?: { id: number } };
    expect(sale.isError, JSON.stringify(sale)).toBeFalsy();
    await client.close();

    const again = await fetch(`${origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        code_verifier: provider.verifier,
        client_id: String(provider.info!.client_id),
        redirect_uri: provider.redirectUrl,
      }).toString(),
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  const initialize = (token: string) =>
    fetch(`${origin}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }),
    });
  const refresh = (provider: MemoryProvider, token: string) =>
    fetch(`${origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: String(provider.info!.client_id),
      }).toString(),
    });

  it('rotates refresh tokens; a reused one revokes the whole grant', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/refresh');
    const { client } = await connectWith(provider, () => ({
      shop: '1',
      scope: ['read'],
      decision: 'approve',
    }));
    await client.close();
    const first = provider.saved!.refresh_token!;
    expect(first).toBeTruthy();
    const rotated = (await (await refresh(provider, first)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(first);
    expect((await initialize(rotated.access_token)).status).toBe(200);
    const reused = await refresh(provider, first);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant');
    // the thief's reuse ends the family: the rotated tokens are refused too
    expect((await initialize(rotated.access_token)).status).toBe(401);
    expect((await refresh(provider, rotated.refresh_token)).status).toBe(400);
  });

  it('lists the connected app, and a revoked app is refused at its next request', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/revoke');
    const { client } = await connectWith(provider, () => ({
      shop: '1',
      scope: ['read', 'sell'],
      decision: 'approve',
    }));
    await client.close();
    const token = provider.saved!.access_token;
    expect((await initialize(token)).status).toBe(200);
    const apps = JSON.parse(cli(['apps', 'list', '--shop', '1', '--json']).stdout) as {
      id: string;
      client: string;
      email: string;
      scopes: string[];
      clientId: string;
    }[];
    const app = apps.find((a) => a.clientId === provider.info!.client_id)!;
    expect(app).toMatchObject({
      client: 'Test assistant',
      email: 'owner@example.fr',
      scopes: ['read', 'sell'],
    });
    const revoked = cli(['apps', 'revoke', app.id.slice(0, 12)]);
    expect(revoked.stdout).toMatch(/Revoked Test assistant/);
    expect((await initialize(token)).status).toBe(401);
    expect((await refresh(provider, provider.saved!.refresh_token!)).status).toBe(400);
    expect(
      (JSON.parse(cli(['apps', 'list', '--json']).stdout) as { id: string }[]).map((a) => a.id),
    ).not.toContain(app.id);
  });

  it('gives a token the scopes ticked on the consent page: read only sees no sale tool', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/read-only');
    const { client } = await connectWith(provider, () => ({
      shop: '1',
      scope: ['read'],
      decision: 'approve',
    }));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('data_list_orders');
    expect(names).not.toContain('sale_create');
    await client.close();
  });
});
