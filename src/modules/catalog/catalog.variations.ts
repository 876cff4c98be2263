/**
 * Variation groups (déclinaisons: "Size") and their choices ("Large", +0.50) managed by the owner. An
 * order line keeps a copy of its choices' names and deltas, so deleting a choice or a group is safe for
 * history and is a real delete. A group that live products still offer is refused (take it off them
 * first); archived products that had it lose it.
 */
import type * as z from 'zod';
import { journal, once } from '../audit/audit.service.js';
import { ConflictError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { normalizeText } from '../../domain/text.js';
import { idFrom } from '../../domain/limits.js';
import { fromCents, toCents } from '../../domain/money.js';
import type { Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import * as repo from './catalog.manage.repository.js';
import type {
  variationAddInput,
  variationChoiceAddInput,
  variationChoiceEditInput,
  VariationChoiceDetail,
  variationEditInput,
  variationGroup,
} from './catalog.manage.schemas.js';
import { choicesOfGroups } from './catalog.repository.js';
import { variationGroupViews } from './catalog.service.js';
import { edited, refuseSameName, resolveVariationGroup } from './catalog.resolve.js';

type GroupView = z.infer<typeof variationGroup>;

async function requireGroup(tx: Ctx, idIn: number | string) {
  const id = idFrom(idIn);
  const row = id === undefined ? undefined : await repo.rowById(tx.db, 'variation_groups', tx.shopId, id);
  if (!row || row.archived_at !== null)
    throw new NotFoundError(
      'id',
      `No variation group has id ${String(idIn)}. See {{list:variations}} for the ids.`,
    );
  return row;
}
const groupView = async (tx: Ctx, id: number): Promise<GroupView> => {
  const row = (await repo.rowById(tx.db, 'variation_groups', tx.shopId, id))!;
  return (await variationGroupViews(tx, [row]))[0]!;
};

export function addVariationGroup(ctx: Ctx, input: z.infer<typeof variationAddInput>) {
  return once(ctx, 'add_variation_group', input, async (tx): Promise<Change<GroupView>> => {
    await refuseSameName(tx, 'variation_groups', input.title);
    const id = await repo.insertRow(tx.db, 'variation_groups', { shop_id: tx.shopId, name: input.title });
    const item = await groupView(tx, id);
    await journal(tx, { entity: 'variation_group', id, action: 'add', after: item });
    return { action: 'added', id, warnings: [], item };
  });
}

export function editVariationGroup(ctx: Ctx, input: z.infer<typeof variationEditInput>) {
  return once(ctx, 'edit_variation_group', {}, async (tx) => {
    const row = await requireGroup(tx, input.id);
    const before = await groupView(tx, row.id);
    await refuseSameName(tx, 'variation_groups', input.title, row.id);
    await repo.updateRow(tx.db, 'variation_groups', tx.shopId, row.id, { name: input.title });
    return edited(tx, 'variation_group', row.id, before, await groupView(tx, row.id));
  });
}

export function deleteVariationGroup(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_variation_group', {}, async (tx): Promise<Change<GroupView>> => {
    const row = await requireGroup(tx, input.id);
    const before = await groupView(tx, row.id);
    const products = await repo.productsWith(tx.db, tx.shopId, { groupId: row.id });
    const live = products.filter((p) => p.active === 1);
    if (live.length > 0)
      throw new WrongStateError(
        'id',
        `${live.length} products offer "${row.name}" (${live
          .slice(0, 5)
          .map((p) => `${p.id} "${p.title}"`)
          .join(
            ', ',
          )}${live.length > 5 ? ', …' : ''}): take it off them with {{change_product}} (variations) first.`,
      );
    await repo.unassignGroup(
      tx.db,
      tx.shopId,
      row.id,
      products.map((p) => p.id),
    );
    await repo.deleteChoicesOf(tx.db, tx.shopId, row.id);
    await repo.deleteRow(tx.db, 'variation_groups', tx.shopId, row.id);
    await journal(tx, { entity: 'variation_group', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}

// ---- choices ----------------------------------------------------------------------------------------

const choiceView = async (tx: Ctx, id: number): Promise<VariationChoiceDetail> => {
  const c = (await repo.rowById(tx.db, 'variation_choices', tx.shopId, id))!;
  const g = (await repo.rowById(tx.db, 'variation_groups', tx.shopId, c.group_id))!;
  return {
    id: c.id,
    name: c.name,
    priceDelta: fromCents(c.price_delta),
    unavailable: c.unavailable === 1,
    groupId: g.id,
    group: g.name,
    position: c.position,
    description: c.description,
  };
};
async function requireChoice(tx: Ctx, idIn: number | string) {
  const id = idFrom(idIn);
  const row = id === undefined ? undefined : await repo.rowById(tx.db, 'variation_choices', tx.shopId, id);
  if (!row || row.archived_at !== null)
    throw new NotFoundError(
      'id',
      `No variation choice has id ${String(idIn)}. See {{list:variations}} for the groups and their choices.`,
    );
  return row;
}

/** Two choices of one group never share a name (accents and case ignored): a sale names a choice by it. */
async function refuseSameChoice(
  tx: Ctx,
  group: { id: number; name: string },
  name: string | undefined,
  self?: number,
) {
  if (name === undefined) return;
  const wanted = normalizeText(name);
  const same = (await choicesOfGroups(tx.db, tx.shopId, [group.id])).find(
    (c) => c.id !== self && normalizeText(c.name) === wanted,
  );
  if (same)
    throw new ConflictError(
      'title',
      `"${group.name}" already has a choice named "${same.name}" (id ${same.id}): change that one with {{change_variation_choice}}, or choose another name.`,
    );
}

export function addVariationChoice(ctx: Ctx, input: z.infer<typeof variationChoiceAddInput>) {
  return once(ctx, 'add_variation_choice', input, async (tx): Promise<Change<VariationChoiceDetail>> => {
    const group = await resolveVariationGroup(tx, input.idVariation, input.variation, {
      id: 'idVariation',
      name: 'variation',
    });
    if (!group)
      throw new NotFoundError(
        'idVariation',
        'Name the variation group: idVariation, or variation (its name). See {{list:variations}}, or add one with {{new_variation}}.',
      );
    await refuseSameChoice(tx, group, input.title);
    const id = await repo.insertRow(tx.db, 'variation_choices', {
      shop_id: tx.shopId,
      group_id: group.id,
      name: input.title,
      price_delta: toCents(input.deltaPrice ?? 0, 'deltaPrice'),
      position: input.position ?? 0,
      description: input.description || null,
      ...(input.unavailable !== undefined ? { unavailable: input.unavailable ? 1 : 0 } : {}),
    });
    const item = await choiceView(tx, id);
    await journal(tx, { entity: 'variation_choice', id, action: 'add', after: item });
    return { action: 'added', id, warnings: [], item };
  });
}

export function editVariationChoice(ctx: Ctx, input: z.infer<typeof variationChoiceEditInput>) {
  return once(ctx, 'edit_variation_choice', {}, async (tx) => {
    const row = await requireChoice(tx, input.id);
    const before = await choiceView(tx, row.id);
    await refuseSameChoice(tx, { id: row.group_id, name: before.group }, input.title, row.id);
    await repo.updateRow(tx.db, 'variation_choices', tx.shopId, row.id, {
      ...(input.title !== undefined ? { name: input.title } : {}),
      ...(input.deltaPrice !== undefined ? { price_delta: toCents(input.deltaPrice, 'deltaPrice') } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(input.unavailable !== undefined ? { unavailable: input.unavailable ? 1 : 0 } : {}),
    });
    return edited(tx, 'variation_choice', row.id, before, await choiceView(tx, row.id));
  });
}

export function deleteVariationChoice(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_variation_choice', {}, async (tx): Promise<Change<VariationChoiceDetail>> => {
    const row = await requireChoice(tx, input.id);
    const before = await choiceView(tx, row.id);
    await repo.deleteRow(tx.db, 'variation_choices', tx.shopId, row.id);
    await journal(tx, { entity: 'variation_choice', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}
