/**
 * OAuth end to end against the built `comptoir serve --http` with COMPTOIR_PUBLIC_URL: the MCP SDK
 * client's own OAuth support discovers the metadata, registers (dynamic registration), and is sent to
 * the authorization page; the test plays the browser (cookies, the login form, the consent form) with
 * plain HTTP, then the client records a sale with its token. Chromium drives the same pages in
 * oauth-browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { MemoryProvider, startOAuthServer, type OAuthServer } from '../oauth-harness.js';

describe('OAuth: an assistant connects with the owner’s login and consent', { timeout: 120_000 }, () => {
  let s: OAuthServer;
  let origin = '';
  const cli = (args: string[], input = '') =>
    s.cli(args, input) as { stdout: string; stderr: string; status: number };
  const connectWith = (...a: Parameters<OAuthServer['connectWith']>) => s.connectWith(...a);
  beforeAll(async () => {
    s = await startOAuthServer();
    origin = s.origin;
  });
  afterAll(() => s?.close());

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

  it('never compresses what /oauth answers: secrets beside text a caller chose (BREACH)', async () => {
    const gz = { 'accept-encoding': 'gzip' };
    // a registration answer holds the client's secret-free id beside the name the caller chose, long here
    const reg = await rawRequest(
      `${origin}/oauth/register`,
      'POST',
      { ...gz, 'content-type': 'application/json' },
      JSON.stringify({
        client_name: 'x'.repeat(180),
        redirect_uris: Array.from(
          { length: 10 },
          (_, i) => `http://127.0.0.1:${4000 + i}/callback/${'y'.repeat(90)}`,
        ),
        token_endpoint_auth_method: 'none',
      }),
    );
    expect(reg.status, reg.body.toString()).toBe(201);
    expect(reg.body.length).toBeGreaterThan(1400);
    expect(reg.headers['content-encoding']).toBeUndefined();
    const page = await rawRequest(`${origin}/oauth/auth?client_id=${'z'.repeat(2000)}`, 'GET', gz);
    expect(page.headers['content-encoding']).toBeUndefined();
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

  it('revokes a refresh token at the revocation endpoint (RFC 7009), and speaks English when asked', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/rfc7009');
    const { client } = await connectWith(provider, () => ({
      shop: '1',
      scope: ['read'],
      decision: 'approve',
    }));
    await client.close();
    const res = await fetch(`${origin}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: provider.saved!.refresh_token!,
        token_type_hint: 'refresh_token',
        client_id: String(provider.info!.client_id),
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect((await refresh(provider, provider.saved!.refresh_token!)).status).toBe(400);
    const english = await fetch(`${origin}/oauth/interaction/none`, {
      headers: { 'accept-language': 'en-GB,en;q=0.8,fr;q=0.5' },
    });
    expect(await english.text()).toContain('This sign-in request has expired or is already finished');
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
    expect(app.id).toMatch(/^app_/); // typed after apps revoke, it never looks like an option
    const revoked = cli(['apps', 'revoke', app.id.slice(0, 16)]);
    expect(revoked.stdout, revoked.stderr).toMatch(/Revoked Test assistant/);
    expect((await initialize(token)).status).toBe(401);
    expect((await refresh(provider, provider.saved!.refresh_token!)).status).toBe(400);
    expect(
      (JSON.parse(cli(['apps', 'list', '--json']).stdout) as { id: string }[]).map((a) => a.id),
    ).not.toContain(app.id);
  });

  it('journals what an app changes under the app, and a staff user cannot grant admin', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/admin');
    const { client } = await connectWith(provider, () => ({
      shop: '1',
      scope: ['read', 'admin'],
      decision: 'approve',
    }));
    const made = (await client.callTool({ name: 'cashbox_add', arguments: { name: 'Terrasse' } })) as {
      isError?: boolean;
    };
    expect(made.isError).toBeFalsy();
    const journal = (await client.callTool({ name: 'audit_list', arguments: { entity: 'cashbox' } })) as {
      structuredContent: { items: { actor: string; via: string }[] };
    };
    const grant = (
      JSON.parse(cli(['apps', 'list', '--json']).stdout) as { grantId: string; clientId: string }[]
    ).find((a) => a.clientId === provider.info!.client_id)!.grantId;
    expect(journal.structuredContent.items.at(-1)).toMatchObject({
      actor: `app:${grant}`,
      via: 'cashbox_add',
    });
    await client.close();

    // the same person made staff of the shop: the app they approved as owner loses admin at once
    expect(
      cli(['users', 'create', '--email', 'owner@example.fr', '--shop', '1', '--role', 'staff']).status,
    ).toBe(0);
    const demoted = new Client({ name: 'assistant', version: '1.0.0' });
    await demoted.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', origin), { authProvider: provider }),
    );
    const tools = (await demoted.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('data_list_orders');
    expect(tools).not.toContain('cashbox_add');
    await demoted.close();
    // and as staff they cannot grant admin to a new app, even ticking it
    let staffPage = '';
    const { client: asStaff } = await connectWith(new MemoryProvider('http://127.0.0.1:9/staff'), (html) => ({
      ...((staffPage = html), {}),
      shop: '1',
      scope: ['read', 'admin'],
      decision: 'approve',
    }));
    expect((await asStaff.listTools()).tools.map((t) => t.name)).not.toContain('cashbox_add');
    expect(staffPage).toContain('value="read"');
    expect(staffPage).not.toContain('value="admin"'); // not offered to a staff account
    await asStaff.close();
    expect(
      cli(['users', 'create', '--email', 'owner@example.fr', '--shop', '1', '--role', 'owner']).status,
    ).toBe(0);
  });

  it('serves a client the owner registered from the command line, which does not register itself', async () => {
    const made = cli([
      'apps',
      'register',
      '--name',
      'Caisse n8n',
      '--redirect-uri',
      'http://127.0.0.1:9/n8n',
      '--json',
    ]);
    const { clientId } = JSON.parse(made.stdout) as { clientId: string };
    expect(clientId).toMatch(/^cli_/);
    const provider = new MemoryProvider('http://127.0.0.1:9/n8n');
    provider.info = {
      client_id: clientId,
      redirect_uris: ['http://127.0.0.1:9/n8n'],
      issuer: origin,
    } as MemoryProvider['info'];
    const { client } = await connectWith(provider, () => ({
      shop: '1',
      scope: ['read'],
      decision: 'approve',
    }));
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    expect(provider.info!.client_id).toBe(clientId); // no dynamic registration happened
    for (const uri of ['javascript:alert(1)', 'http://evil.example/cb', 'https://x.example/cb#frag']) {
      const refused = cli(['apps', 'register', '--name', 'x', '--redirect-uri', uri]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/--redirect-uri: .* must be https:\/\/|is not a URL/);
    }
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

/** A request whose answer is read as raw bytes (fetch would undo a compression). */
async function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string) {
  const http = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = http.request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string | undefined>,
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}
