/**
 * oidc-provider's storage, in the database (table oauth_objects, migration 009): every client, grant,
 * code, token, session and interaction, so that each step of a flow may land on another node.
 * Single use is atomic: `consume` marks a code or refresh token only if no one marked it first, and
 * refuses otherwise — two nodes redeeming the same code at once give one token, and an invalid_grant.
 */
import { errors } from 'oidc-provider';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../../db/database.js';

const now = () => Math.floor(Date.now() / 1000);

export function databaseAdapter(db: Db): new (model: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        payload: JSON.stringify(payload),
        grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        expires_at: typeof expiresIn === 'number' ? now() + expiresIn : null,
      };
      await db
        .insertInto('oauth_objects')
        .values({ model: this.model, id, consumed_at: null, ...row })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
        .execute();
    }

    private async row(where: 'id' | 'uid', value: string): Promise<AdapterPayload | undefined> {
      const r = await db
        .selectFrom('oauth_objects')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('model', '=', this.model)
        .where(where, '=', value)
        .executeTakeFirst();
      if (!r || (r.expires_at !== null && r.expires_at <= now())) return undefined;
      const payload = JSON.parse(r.payload) as AdapterPayload;
      return r.consumed_at !== null ? { ...payload, consumed: r.consumed_at } : payload;
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return this.row('id', id);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.row('uid', uid);
    }

    findByUserCode(): Promise<AdapterPayload | undefined> {
      return Promise.resolve(undefined); // no device flow
    }

    async consume(id: string): Promise<void> {
      const r = await db
        .updateTable('oauth_objects')
        .set({ consumed_at: now() })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new errors.InvalidGrant('grant request is invalid');
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oauth_objects').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oauth_objects').where('grant_id', '=', grantId).execute();
    }
  };
}

/** Removes what has expired (run now and then; an expired row is never read back anyway). */
export async function sweepExpired(db: Db): Promise<number> {
  const r = await db.deleteFrom('oauth_objects').where('expires_at', '<=', now()).executeTakeFirst();
  return Number(r.numDeletedRows);
}
