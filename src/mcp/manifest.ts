/** The manifest served at /.well-known/mcp/manifest.json: the server and every tool it can offer. */
import { VERSION } from '../app/version.js';
import { allTools } from './server.js';
import { listedTool } from './listing.js';
import { toolsetOf } from './toolsets.js';

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
    tools: allTools.map((t) => {
      const { name, title, description, annotations, inputSchema } = listedTool(t);
      return {
        name,
        title,
        description,
        scope: t.scope,
        toolset: toolsetOf(t.name),
        annotations,
        inputSchema,
      };
    }),
  };
}
