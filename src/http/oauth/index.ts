/** OAuth's parts, loaded only when COMPTOIR_PUBLIC_URL turns it on (stdio never loads oidc-provider). */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import { sweepExpired } from './adapter.js';
import { createAddressLimiter, createLoginLimiter } from './login-limit.js';
import { createProvider } from './provider.js';
import { authenticateAccessToken, mountOAuth, oauthChallenge } from './routes.js';

export async function setUpOAuth(options: {
  db: Db;
  publicUrl: string;
  trustProxy: boolean;
  redis?: Redis | undefined;
  redisPrefix: string;
  logger: Logger;
  registrationsPerHour?: number;
}) {
  const { provider, secret } = await createProvider(options.db, options);
  const redisOptions = { ...(options.redis ? { redis: options.redis } : {}), prefix: options.redisPrefix };
  const registrations = createAddressLimiter({
    ...redisOptions,
    name: 'oauth-reg',
    points: options.registrationsPerHour ?? 30,
    seconds: 3600,
  });
  const requests = createAddressLimiter({ ...redisOptions, name: 'oauth-req', points: 300, seconds: 60 });
  const limiter = createLoginLimiter({
    ...(options.redis ? { redis: options.redis } : {}),
    prefix: options.redisPrefix,
  });
  provider.on('server_error', (_ctx, err) => options.logger.error({ err }, 'oauth server error'));
  provider.on('grant.revoked', (_ctx, grantId) =>
    options.logger.info({ grant: grantId }, 'oauth grant revoked'),
  );
  const deps = { db: options.db, provider, publicUrl: options.publicUrl };
  const sweep = setInterval(
    () =>
      void sweepExpired(options.db).catch((err: unknown) =>
        options.logger.warn({ err }, 'oauth sweep failed'),
      ),
    10 * 60 * 1000,
  );
  sweep.unref();
  return {
    challenge: oauthChallenge(options.publicUrl),
    authenticate: (token: string) => authenticateAccessToken(deps, token),
    /** whether a grant (an approved app) still stands */
    grantStands: async (grantId: string) => (await provider.Grant.find(grantId)) !== undefined,
    mount: (
      app: Parameters<typeof mountOAuth>[0],
      clientAddress: Parameters<typeof mountOAuth>[1]['clientAddress'],
    ) =>
      mountOAuth(app, {
        ...deps,
        secret,
        limiter,
        registrations,
        requests,
        logger: options.logger,
        clientAddress,
      }),
    close: () => clearInterval(sweep),
  };
}
