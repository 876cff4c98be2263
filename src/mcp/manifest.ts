/** The manifest served at /.well-known/mcp/manifest.json: the server and every tool it can offer. */
import * as z from 'zod';
import { VERSION } from '../app/version.js';
import { allTools } from './server.js';

export function manifest() {
  return {
    schema_version: '1.0',
    name: 'comptoir',
    title: 'Comptoir cash register',
    version: VERSION,
    description:
      'An open-source cash register (point of sale) for AI assistants: sales, orders, payments, refunds, catalog and customer lists.',
    endpoint: '/mcp',
    transport: 'streamable-http',
    authentication: {
      type: 'api_key',
      instructions:
        'Send the key of your shop as "Authorization: Bearer <key>" or "X-API-Key: <key>". The key decides the shop and which tools you see.',
    },
    scopes: {
      read: 'lists, details and reports',
      sell: 'sales and payments',
      admin: 'catalog and settings',
    },
    tools: allTools.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      scope: t.scope,
      annotations: t.annotations,
      inputSchema: z.toJSONSchema(t.input, { io: 'input' }),
    })),
  };
}
