/**
 * Error mapping for tools: input errors go back to the model with the field and the fix; anything else
 * is logged with its cause and shown without internals.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { InputError } from '../domain/errors.js';
import { withToolNames } from './hints.js';

export interface ToolErrorResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError: true;
}

export function toolError(error: unknown, tool: string, logger: Logger): ToolErrorResult {
  if (error instanceof InputError) {
    const candidates = (error.details as { candidates?: unknown } | undefined)?.candidates;
    const text = `Invalid ${error.field}: ${withToolNames(error.message)}`;
    // the kind and field, for a client that acts on them; the text says the same for a model
    const error_ = { field: error.field, kind: error.kind };
    return {
      content: [{ type: 'text', text }],
      isError: true,
      _meta: { 'comptoir/error': error_, ...(candidates ? { candidates } : {}) },
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
