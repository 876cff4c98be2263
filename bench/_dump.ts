import { startInProcess } from '../test/helpers.js';
import { writeFileSync } from 'node:fs';
const h = await startInProcess();
const { tools } = await h.client.listTools();
writeFileSync('/tmp/tools.json', JSON.stringify(tools, null, 1));
await h.close();
