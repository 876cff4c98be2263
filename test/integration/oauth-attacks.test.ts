/**
 * OAuth, as an attacker tries it: each refusal of the authorization server and of /mcp, on the built
 * server with COMPTOIR_PUBLIC_URL (SQLite and PostgreSQL). Nothing here follows the happy path of a
 * client library: requests are written by hand.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { Browser, PASSWORD, startOAuthServer, type OAuthServer } from '../oauth-harness.js';

const b64 = (b: Buffer) => b.toString('base64url');

describe('OAuth refuses what an attacker tries', { timeout: 120_000 }, () => {
  let s: OAuthServer;
  let origin = '';
  let clientId = '';
  const redirect = 'http://127.0.0.1:9/callback';

  async function register(metadata: Record<string, unknown>) {
    const res = await fetch(`${origin}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        ...metadata,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  function authorizeUrl(params: Record<string, string | undefined>) {
    const url = new URL('/oauth/authorize', origin);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirect,
      scope: 'read sell',
      resource: `${origin}/mcp`,
      state: 'st',
      ...params,
    }))
      if (v !== undefined) url.searchParams.set(k, v);
    return url.href;
  }

  function pkce() {
    const verifier = b64(randomBytes(32));
    return { verifier, challenge: b64(createHash('sha256').update(verifier).digest()) };
  }

  /** Logs in and approves in a fresh browser; returns the redirect back to the client. */
  async function approve(
    url: string,
    fields: Record<string, string | string[]> = { shop: '1', scope: ['read', 'sell'], decision: 'approve' },
  ) {
    const browser = new Browser();
    const login = await browser.follow(url, origin);
    const consent = await browser.submit(await login.res.text(), login.url, {
      email: 'owner@example.fr',
      password: PASSWORD,
    });
    const consentHtml = await consent.res.text();
    const back = await browser.submit(consentHtml, consent.url, fields);
    return { browser, back, consent, consentHtml };
  }

  const token = (body: Record<string, string>) =>
    fetch(`${origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, redirect_uri: redirect, ...body }).toString(),
    });

  beforeAll(async () => {
    s = await startOAuthServer({ COMPTOIR_OAUTH_REGISTRATIONS_PER_HOUR: '8', COMPTOIR_TRUST_PROXY: 'true' });
    origin = s.origin;
    const made = await register({ client_name: 'Attack test', redirect_uris: [redirect] });
    expect(made.status).toBe(201);
    clientId = String(made.body.client_id);
  });
  afterAll(() => s?.close());

  it('refuses an authorization request without PKCE, or with plain PKCE', async () => {
    for (const params of [{}, { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }]) {
      const res = await new Browser().go(authorizeUrl(params));
      const location = new URL(res.headers.get('location') ?? `${origin}/`, origin);
      expect(location.origin + location.pathname).toBe(redirect.replace(/\/callback$/, '/callback'));
      expect(location.searchParams.get('error')).toBe('invalid_request');
    }
  });

  it('refuses a redirect URI that differs by one character, without redirecting to it', async () => {
    const { challenge } = pkce();
    const res = await new Browser().go(
      authorizeUrl({
        redirect_uri: 'http://127.0.0.1:9/callbacc',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toMatch(/redirect_uri/);
  });

  it('refuses a token for another resource', async () => {
    const { challenge } = pkce();
    const res = await new Browser().go(
      authorizeUrl({
        resource: 'https://other.example/mcp',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
  });

  it('refuses the code with a wrong verifier; with the right one it works once', async () => {
    const { verifier, challenge } = pkce();
    const { back } = await approve(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    const code = new URL(back.url).searchParams.get('code')!;
    expect(code).toBeTruthy();
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: b64(randomBytes(32)),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');
    // a 256-bit verifier cannot be guessed: the failure does not burn the code of the rightful client
    expect((await token({ grant_type: 'authorization_code', code, code_verifier: verifier })).status).toBe(
      200,
    );
    const twice = await token({ grant_type: 'authorization_code', code, code_verifier: verifier });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('refuses a consent POST without its CSRF token, or for a shop the user is not of', async () => {
    const { challenge } = pkce();
    const browser = new Browser();
    const login = await browser.follow(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
      origin,
    );
    const consent = await browser.submit(await login.res.text(), login.url, {
      email: 'owner@example.fr',
      password: PASSWORD,
    });
    const html = await consent.res.text();
    const action = new URL(/<form method="post" action="([^"]+)"/.exec(html)![1]!, consent.url).href;
    const post = (fields: Record<string, string>) =>
      browser.go(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post({ shop: '1', scope: 'read', decision: 'approve' })).status).toBe(403);
    expect((await post({ csrf: 'forged', shop: '1', scope: 'read', decision: 'approve' })).status).toBe(403);
    // another shop exists; this owner is not of it
    expect(s.cli(['shops', 'create', '--name', 'Not yours']).status).toBe(0);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    expect((await post({ csrf, shop: '2', scope: 'read', decision: 'approve' })).status).toBe(403);
    // the login form's token does not pass for the consent form
    const other = await new Browser().follow(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
      origin,
    );
    const loginCsrf = /name="csrf" value="([^"]+)"/.exec(await other.res.text())![1]!;
    expect((await post({ csrf: loginCsrf, shop: '1', scope: 'read', decision: 'approve' })).status).toBe(403);
  });

  it('asks for the password at every approval, even in a browser that logged in before', async () => {
    const { challenge } = pkce();
    const { browser, back } = await approve(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    expect(new URL(back.url).searchParams.get('code')).toBeTruthy();
    const again = await browser.follow(
      authorizeUrl({
        code_challenge: challenge,
        code_challenge_method: 'S256',
        prompt: 'consent',
        state: 'two',
      }),
      origin,
    );
    const html = await again.res.text();
    expect(html).toContain('name="password"');
    expect(html).not.toContain('name="decision"');
  });

  it('sends a denial back to the registered redirect URI only', async () => {
    const { challenge } = pkce();
    const { back } = await approve(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
      { shop: '1', decision: 'deny' },
    );
    const url = new URL(back.url);
    expect(url.origin + url.pathname).toBe(redirect);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('code')).toBeNull();
  });

  it('refuses an expired token', async () => {
    const { verifier, challenge } = pkce();
    const { back } = await approve(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    const code = new URL(back.url).searchParams.get('code')!;
    const tokens = (await (
      await token({ grant_type: 'authorization_code', code, code_verifier: verifier })
    ).json()) as { access_token: string };
    const mcp = () =>
      fetch(`${origin}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 't', version: '1' },
          },
        }),
      });
    expect((await mcp()).status).toBe(200);
    const db = openDatabase({ location: s.db });
    try {
      await db
        .updateTable('oauth_objects')
        .set({ expires_at: Math.floor(Date.now() / 1000) - 1 })
        .where('model', '=', 'AccessToken')
        .execute();
    } finally {
      await db.destroy();
    }
    const refused = await mcp();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('resource_metadata=');
  });

  it('escapes a client name with markup, and refuses javascript: and other odd redirect URIs', async () => {
    const evil = await register({
      client_name: '<script>alert(1)</script><img src=x onerror=alert(2)>',
      redirect_uris: ['http://127.0.0.1:9/evil'],
    });
    expect(evil.status).toBe(201);
    const { challenge } = pkce();
    const page = await new Browser().follow(
      authorizeUrl({
        client_id: String(evil.body.client_id),
        redirect_uri: 'http://127.0.0.1:9/evil',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      origin,
    );
    const html = await page.res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    const bidi = await register({ client_name: 'Chat\u202eTPG', redirect_uris: ['http://127.0.0.1:9/evil'] });
    const bidiPage = await new Browser().follow(
      authorizeUrl({
        client_id: String(bidi.body.client_id),
        redirect_uri: 'http://127.0.0.1:9/evil',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      origin,
    );
    const bidiHtml = await bidiPage.res.text();
    expect(bidiHtml).toContain('ChatTPG');
    expect(bidiHtml).not.toContain('\u202e');
    expect(page.res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    for (const uri of ['javascript:alert(1)', 'data:text/html,hi'])
      expect((await register({ client_name: 'x', redirect_uris: [uri] })).status).toBe(400);
  });

  it('slows a password guesser down without locking the owner out', async () => {
    const { challenge } = pkce();
    const url = authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' });
    const loginFrom = async (address: string, password: string) => {
      const browser = new Browser(undefined, { 'x-forwarded-for': address });
      const page = await browser.follow(url, origin);
      return browser.submit(await page.res.text(), page.url, { email: 'owner@example.fr', password });
    };
    for (let i = 0; i < 5; i++) {
      const wrong = await loginFrom('203.0.113.7', `guess number ${i}`);
      expect(wrong.res.status).toBe(401);
      expect(await wrong.res.text()).toContain('E-mail ou mot de passe incorrect.');
    }
    // the guesser's address, even with the right password now, waits
    const blocked = await loginFrom('203.0.113.7', PASSWORD);
    expect(blocked.res.status).toBe(429);
    expect(await blocked.res.text()).toContain('Trop de tentatives');
    // the owner, from their own address, still logs in
    const owner = await loginFrom('198.51.100.20', PASSWORD);
    expect(await owner.res.text()).toContain('demande l’accès à votre caisse');
  });

  it('builds every advertised URL from the public URL, whatever Host and X-Forwarded-* say', async () => {
    const res = await fetch(`${origin}/.well-known/oauth-authorization-server`, {
      headers: {
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        forwarded: 'host=evil.example',
      },
    });
    const text = await res.text();
    expect(text).not.toContain('evil.example');
    expect((JSON.parse(text) as { token_endpoint: string }).token_endpoint).toBe(`${origin}/oauth/token`);
  });

  it('counts parallel wrong passwords before checking them: a burst gets no more than five tries', async () => {
    const { challenge } = pkce();
    const url = authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' });
    const attempts = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const browser = new Browser(undefined, { 'x-forwarded-for': '203.0.113.99' });
        const page = await browser.follow(url, origin);
        return (
          await browser.submit(await page.res.text(), page.url, {
            email: 'owner@example.fr',
            password: `burst ${i}`,
          })
        ).res.status;
      }),
    );
    expect(attempts.filter((st) => st === 401).length).toBeLessThanOrEqual(5);
    expect(attempts.filter((st) => st === 429).length).toBeGreaterThanOrEqual(7);
  });

  it('answers a finished or unknown sign-in page with a page that says so, not an error', async () => {
    const res = await new Browser().go(`${origin}/oauth/interaction/not-a-real-one`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Recommencez depuis l’application');
  });

  it('sends back invalid_scope when the client asks for no right on the shop', async () => {
    const { challenge } = pkce();
    const browser = new Browser();
    const first = await browser.follow(
      authorizeUrl({ scope: 'offline_access', code_challenge: challenge, code_challenge_method: 'S256' }),
      origin,
    );
    expect(new URL(first.url).searchParams.get('error')).toBe('invalid_scope');
  });

  it('refuses a registration whose redirect URI is plain http off this machine', async () => {
    const res = await register({ client_name: 'web', redirect_uris: ['http://evil.example/cb'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_redirect_uri');
  });

  it('limits registrations per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await register({ client_name: `flood ${i}`, redirect_uris: [redirect] })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((x) => x === 201).length).toBeLessThanOrEqual(8);
  });
});
