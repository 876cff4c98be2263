/**
 * The command line's words for an error the process cannot make on demand: SQLite's native module
 * built for another Node.js or system. The error is a real one, from Node's own loader.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/cli/errors.js';
import { tempDir } from '../helpers.js';

describe('explain', () => {
  it('says that the native SQLite module was built for another system, and how to get the right one', () => {
    const file = path.join(tempDir(), 'better_sqlite3.node');
    fs.writeFileSync(file, 'not a shared library');
    let thrown: unknown;
    try {
      process.dlopen({ exports: {} }, file);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { code?: string }).code).toBe('ERR_DLOPEN_FAILED');
    const said = explain(new Error('opening the database failed', { cause: thrown }), { debug: false });
    expect(said.code).toBe(2);
    expect(said.message).toContain('better-sqlite3');
    expect(said.message).toContain(process.version);
    expect(said.message).toContain('npm rebuild better-sqlite3');
    expect(said.message).not.toContain('\n');
  });
});
