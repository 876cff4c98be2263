/**
 * The stdio transport of `comptoir serve`, behind a guard that answers what is not JSON-RPC.
 *
 * The SDK's stdio transport drops a line that is not JSON without a word, and reports a line that is
 * JSON but not a JSON-RPC message (jsonrpc "1.0", a numeric method, params a string, a float id, ...)
 * as a multi-KB ZodError to `onerror`, again without answering: the client waits for ever. The guard
 * reads stdin line by line before the transport does (the same framing: one message per line) and:
 * - a line that is not JSON gets `-32700 Parse error` with id null;
 * - JSON that is not a JSON-RPC message (per the SDK's own schema) gets `-32600 Invalid Request`, with
 *   the message's id when one can be read (a string or an integer), else null — as in the JSON-RPC 2.0
 *   examples, a message that is not valid cannot be known to be a notification, so it is answered;
 * - each gets one short warning in the log (what was wrong, the size; never the content);
 * - every valid message goes to the SDK's transport byte for byte; blank lines are skipped, as the SDK
 *   skips them.
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { parseJSONRPCMessage, STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Logger } from 'pino';

type Id = string | number | null;

const NEWLINE = Buffer.from('\n');

/** The id of a message that is not valid, when it has a usable one (a string or an integer). */
function recoverId(value: unknown): Id {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)) ? id : null;
}

/** What is wrong with JSON that the JSON-RPC message schema refused, in a few words. */
function problemOf(value: unknown): string {
  if (Array.isArray(value)) return 'JSON-RPC batches are not accepted; send one message per line';
  if (value === null || typeof value !== 'object') return 'a message must be a JSON object';
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  if ('method' in m && typeof m.method !== 'string') return 'method must be a string';
  if ('id' in m && recoverId(m) === null) return 'id must be a string or an integer';
  if ('params' in m && (m.params === null || typeof m.params !== 'object' || Array.isArray(m.params)))
    return 'params must be an object';
  return 'not a JSON-RPC request, notification or response';
}

export interface GuardedStdio {
  /** the SDK's stdio transport, reading the guarded stream */
  transport: StdioServerTransport;
}

export function guardedStdioTransport(
  logger: Logger,
  stdin: Readable = process.stdin,
  stdout: Writable = process.stdout,
  maxLineBytes = STDIO_DEFAULT_MAX_BUFFER_SIZE,
): GuardedStdio {
  const clean = new PassThrough();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** dropping the rest of a line over the size limit, up to its newline */
  let skipping = false;

  const answer = (id: Id, code: number, message: string, bytes: number) => {
    // One write per answer, as the SDK's transport writes its own: lines never interleave.
    stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`);
    logger.warn({ code, id, bytes, problem: message }, 'stdio: answered a message that is not JSON-RPC');
  };

  const onLine = (line: Buffer, terminated: boolean) => {
    const text = line.toString('utf8');
    if (text.trim() === '') return; // not a message (the SDK skips it too)
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return answer(null, -32700, 'Parse error: the line is not valid JSON', line.length);
    }
    try {
      parseJSONRPCMessage(value);
    } catch {
      return answer(recoverId(value), -32600, `Invalid Request: ${problemOf(value)}`, line.length);
    }
    clean.write(terminated ? Buffer.concat([line, NEWLINE]) : line);
  };

  stdin.on('data', (chunk: Buffer | string) => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a)) {
      const tail = data.subarray(0, nl);
      data = data.subarray(nl + 1);
      if (skipping) skipping = false;
      else onLine(pendingBytes > 0 ? Buffer.concat([...pending, tail]) : tail, true);
      pending = [];
      pendingBytes = 0;
    }
    if (data.length === 0 || skipping) return;
    pending.push(data);
    pendingBytes += data.length;
    if (pendingBytes > maxLineBytes) {
      answer(null, -32600, `Invalid Request: a message is at most ${maxLineBytes} bytes`, pendingBytes);
      pending = [];
      pendingBytes = 0;
      skipping = true;
    }
  });
  stdin.on('end', () => {
    // an unterminated last line: answered if it is not a message, passed on as it is otherwise
    if (pendingBytes > 0 && !skipping) onLine(Buffer.concat(pending), false);
    clean.end();
  });
  stdin.on('error', (err: Error) => clean.destroy(err));

  return { transport: new StdioServerTransport(clean, stdout) };
}
