/**
 * The CPU one thread of this process has used, in microseconds, read from Linux's
 * /proc/self/task/<tid>/schedstat (nanoseconds on a CPU): with the MCP clients in a worker thread,
 * the main thread's figure is the server's alone (tools, services, the SQLite driver, and SQLite
 * itself, which better-sqlite3 runs on the calling thread). V8's helper threads (concurrent GC) count
 * for neither side. Undefined where /proc is not Linux's.
 */
import fs from 'node:fs';

export function mainThreadCpuMicros(): number | undefined {
  try {
    const ns = Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1000 : undefined;
  } catch {
    return undefined;
  }
}
