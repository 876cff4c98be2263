/**
 * OAuth in a real browser: headless Chromium (Debian's, driven by playwright-core) opens the
 * authorization URL the MCP SDK client made, the owner types their email and password on the real page,
 * chooses the shop and the scopes and approves; the client then records a sale. Screenshots of both pages
 * land in .scratch/ for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryProvider, PASSWORD, startOAuthServer, type OAuthServer } from '../oauth-harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('OAuth in Chromium', { timeout: 120_000 }, () => {
  let s: OAuthServer;
  let browser: Browser;

  beforeAll(async () => {
    expect(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    s = await startOAuthServer();
    expect(s.cli(['shops', 'create', '--name', 'Deuxième boutique']).status).toBe(0);
    expect(
      s.cli(['users', 'create', '--email', 'owner@example.fr', '--shop', '2', '--role', 'staff']).status,
    ).toBe(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    s?.close();
  });

  it('logs in, chooses the shop and the scopes on the real page, and the assistant sells', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/callback');
    const mcp = new URL('/mcp', s.origin);
    const first = new StreamableHTTPClientTransport(mcp, { authProvider: provider });
    await expect(new Client({ name: 'assistant', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );

    const context = await browser.newContext({
      locale: 'fr-FR',
      extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' },
    });
    const page = await context.newPage();
    // the redirect back to the client: caught here, as the client's loopback listener would
    let callback: URL | undefined;
    await page.route('http://127.0.0.1:9/**', async (route) => {
      callback = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'back in the app' });
    });
    const shots = path.resolve('.scratch');
    fs.mkdirSync(shots, { recursive: true });

    const response = await page.goto(provider.authorizationUrl!.href);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toContain('Connectez-vous pour autoriser');
    await page.screenshot({ path: path.join(shots, 'oauth-login.png'), fullPage: true });
    await page.fill('#email', 'owner@example.fr');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');

    expect(await page.locator('h1').textContent()).toContain('Test assistant');
    expect(await page.locator('code').textContent()).toBe(provider.redirectUrl);
    await page.screenshot({ path: path.join(shots, 'oauth-consent.png'), fullPage: true });
    const options = await page.locator('#shop option').allTextContents();
    expect(options).toEqual(
      ['Le Comptoir du Marché', 'Deuxième boutique'].filter((n) => options.includes(n)),
    );
    expect(options).toHaveLength(2);
    await page.selectOption('#shop', { index: 0 });
    await page.uncheck('input[value=admin]');
    await page.click('button[value=approve]');
    await page.waitForURL(/127\.0\.0\.1:9\/callback/);
    expect(callback?.searchParams.get('iss')).toBe(s.origin);
    await context.close();

    await first.finishAuth(callback!.searchParams);
    const client = new Client({ name: 'assistant', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('sale_create');
    expect(names).not.toContain('plu_add'); // admin was unticked
    const sale = (await client.callTool({
      name: 'sale_create',
      arguments: { items: [{ productName: 'Croissant', quantity: 1 }], payment: 'espèces' },
    })) as { isError?: boolean };
    expect(sale.isError).toBeFalsy();
    await client.close();
  });
});
