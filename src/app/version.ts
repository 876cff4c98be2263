import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package version, read from package.json (one source of truth): the nearest one above this
 * module that is Comptoir's, wherever the build put the module (dist/app/ from tsc, dist/cli/chunks/
 * in the bundle, src/app/ under tsx).
 */
function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'comptoir' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error('the package.json of comptoir is not above its code');
  }
}

export const VERSION: string = packageVersion();
