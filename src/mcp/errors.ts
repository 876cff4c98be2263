/**
 * Error mapping for tools: input errors go back to the model with the field and the fix; anything else
 * is logged with its cause and shown without internals.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { InputError } from '../domain/errors.js';

export interface ToolErrorResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError: true;
}

export function toolError(error: unknown, tool: string, logger: Logger): ToolErrorResult {
  if (error instanceof InputError) {
    const candidates = (error.details as { candidates?: unknown } | undefined)?.candidates;
    const text = `Invalid ${error.field}: ${error.message}`;
    return {
      content: [{ type: 'text', text }],
      isError: true,
      ...(candidates ? { _meta: { candidates } } : {}),
    };
  }
  const ref = randomUUID().slice(0, 8);
  logger.error({ err: error, tool, ref }, 'tool failed');
  return {
    content: [
      {
        type: 'text',
        text: `Internal error in ${tool} (reference ${ref}); nothing was recorded. Try again, and report the reference if it persists.`,
      },
    ],
    isError: true,
  };
}
