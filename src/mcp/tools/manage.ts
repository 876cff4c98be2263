/** The shape every management tool shares: the admin scope, Kash's hints, a change as the result. */
import type * as z from 'zod';
import type { Ctx } from '../../modules/shared/context.js';
import { changeOutput, type Change } from '../../modules/shared/manage.schemas.js';
import { defineTool, type AnyToolSpec } from '../tool.js';

export type Verb = 'add' | 'edit' | 'delete';

/** Kash's hints: add neither destructive nor idempotent (without a key), edit idempotent, delete both. */
const HINTS: Record<Verb, { destructiveHint: boolean; idempotentHint: boolean }> = {
  add: { destructiveHint: false, idempotentHint: false },
  edit: { destructiveHint: false, idempotentHint: true },
  delete: { destructiveHint: true, idempotentHint: true },
};

export function manageTool<I extends z.ZodObject, T extends z.ZodType>(spec: {
  name: string;
  title: string;
  description: string;
  verb: Verb;
  input: I;
  item: T;
  run: (ctx: Ctx, args: z.infer<I>) => Promise<Change<z.infer<T>> & { replayed: boolean }>;
}): AnyToolSpec {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    scope: 'admin',
    input: spec.input,
    output: changeOutput(spec.item),
    annotations: { readOnlyHint: false, ...HINTS[spec.verb] },
    run: spec.run,
  });
}
