/**
 * A client identified by a Client ID Metadata Document, as ChatGPT does: its client_id is the HTTPS URL
 * of a JSON document it serves, which the authorization server fetches instead of a registration.
 * oidc-provider refuses to fetch from special-use addresses (loopback, private ranges: SSRF), so the
 * document is served on an ordinary address added to the loopback interface (11.0.0.1/32, removed
 * after), over HTTPS with a certificate made for the test and trusted by the server process only.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { MemoryProvider, startOAuthServer, type OAuthServer } from '../oauth-harness.js';

const ADDRESS = '11.0.0.1';

describe('OAuth with a Client ID Metadata Document', { timeout: 120_000 }, () => {
  let s: OAuthServer;
  let documents: https.Server;
  let documentUrl = '';
  let added = false;
  let fetched = 0;

  beforeAll(async () => {
    const present = execFileSync('ip', ['-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).includes(
      `${ADDRESS}/32`,
    );
    if (!present) {
      execFileSync('ip', ['addr', 'add', `${ADDRESS}/32`, 'dev', 'lo']);
      added = true;
    }
    const dir = tempDir();
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-keyout', key, '-out', cert, '-subj', `/CN=${ADDRESS}`, '-addext', `subjectAltName=IP:${ADDRESS}`,
    ], { stdio: 'ignore' }); // prettier-ignore
    documents = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
      fetched += 1;
      if (req.url !== '/client.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
      res.end(
        JSON.stringify({
          client_id: documentUrl,
          client_name: 'Assistant à document',
          redirect_uris: ['http://127.0.0.1:9/cimd'],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
        }),
      );
    });
    await new Promise<void>((r) => documents.listen(0, ADDRESS, r));
    documentUrl = `https://${ADDRESS}:${(documents.address() as AddressInfo).port}/client.json`;
    // the server process trusts the test's certificate, besides what it trusts already
    const bundle = path.join(dir, 'ca.pem');
    const extra = process.env.NODE_EXTRA_CA_CERTS;
    fs.writeFileSync(
      bundle,
      (extra && fs.existsSync(extra) ? fs.readFileSync(extra, 'utf8') + '\n' : '') +
        fs.readFileSync(cert, 'utf8'),
    );
    s = await startOAuthServer({ NODE_EXTRA_CA_CERTS: bundle });
  });
  afterAll(() => {
    s?.close();
    documents?.close();
    if (added) execFileSync('ip', ['addr', 'del', `${ADDRESS}/32`, 'dev', 'lo']);
  });

  it('refuses a document on this machine or a private address before any connection is opened', async () => {
    const net = await import('node:net');
    let connections = 0;
    const trap = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    const port = (trap.address() as AddressInfo).port;
    try {
      for (const clientId of [
        `https://127.0.0.1:${port}/client.json`,
        `https://localhost:${port}/client.json`,
        `https://[::ffff:127.0.0.1]:${port}/c.json`,
      ]) {
        const url = new URL('/oauth/authorize', s.origin);
        url.search = new URLSearchParams({
          response_type: 'code',
          client_id: clientId,
          redirect_uri: 'http://127.0.0.1:9/x',
          code_challenge: 'x'.repeat(43),
          code_challenge_method: 'S256',
          scope: 'read',
        }).toString();
        const res = await fetch(url, { redirect: 'manual' });
        expect(res.status, clientId).toBe(400);
        expect(await res.text()).toContain('invalid_client');
      }
      expect(connections).toBe(0);
    } finally {
      trap.close();
    }
  });

  it('takes the document as the client: no registration, its name on the consent page, and a sale', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/cimd');
    provider.clientMetadataUrl = documentUrl;
    let consentHtml = '';
    const { client } = await s.connectWith(provider, (html) => {
      consentHtml = html;
      return { shop: '1', scope: ['read', 'sell'], decision: 'approve' };
    });
    expect(consentHtml).toContain(`Assistant à document (${new URL(documentUrl).host})`);
    expect(fetched).toBeGreaterThan(0);
    expect(provider.info?.client_id ?? documentUrl).toBe(documentUrl);
    const sale = (await client.callTool({
      name: 'sale_create',
      arguments: { items: [{ productName: 'Café', quantity: 1 }], payment: 'card' },
    })) as { isError?: boolean };
    expect(sale.isError).toBeFalsy();
    await client.close();
    const apps = JSON.parse(String(s.cli(['apps', 'list', '--json']).stdout)) as { clientId: string }[];
    expect(apps.map((a) => a.clientId)).toContain(documentUrl);
  });
});
