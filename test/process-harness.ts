/** The built `comptoir` command as a process (run `npm run build` first; `npm test` does). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const MAIN = path.resolve('dist/cli/main.js');

/** Runs a comptoir command to its end and returns its stdout. */
export function cli(db: string, ...args: string[]): string {
  return execFileSync(process.execPath, [MAIN, '--db', db, '--log-level', 'warn', ...args], {
    encoding: 'utf8',
  });
}

export interface Served {
  child: ChildProcess;
  /** http://127.0.0.1:port */
  url: string;
  logs: () => string;
  exited: Promise<number | null>;
}

/** `comptoir serve --http` on a free port, once it says where it listens. */
export async function serve(db: string, env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--http', '--port', '0', '--db', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let logs = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line:\n${logs}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
      const m = /"url":"(http:[^"]+)\/mcp"/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url, logs: () => logs, exited };
}
