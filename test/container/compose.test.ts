/**
 * compose.yaml and the Dockerfile say what Comptoir reads: every setting they give is one the server
 * reads, with a value it accepts, and the services meet (the database URL is the postgres service's
 * user, password and database; Redis is the redis service; the published port is the one served).
 * No engine needed: compose is not run here (its PostgreSQL and Redis images come from Docker Hub,
 * which this machine does not reach); the image itself is run by image.test.ts.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig, parseHttpConfig } from '../../src/app/config.js';

type Service = {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
};

/** Compose's interpolation, for the forms the file uses: ${VAR:-default} and ${VAR}. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) =>
    vars[name] ? vars[name] : (fallback ?? ''),
  );
}

/** Parsed, then interpolated in every string, as compose does (`${X:-false}` stays the string "false"). */
function compose(vars: Record<string, string> = {}) {
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? interpolate(v, vars)
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  const doc = walk(parse(fs.readFileSync('compose.yaml', 'utf8'))) as { services: Record<string, Service> };
  return doc.services;
}

/** The environment variables Comptoir reads, found by reading them. */
function namesRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_, key) => {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  parseConfig({}, env);
  parseHttpConfig({}, env);
  return read;
}

describe('compose.yaml and the Dockerfile', () => {
  const known = namesRead();

  it('give only settings Comptoir reads', () => {
    expect(known.has('COMPTOIR_DB') && known.has('REDIS_URL')).toBe(true);
    const given = Object.keys(compose().comptoir!.environment ?? {});
    expect(given.length).toBeGreaterThan(2);
    expect(given.filter((k) => !known.has(k))).toEqual([]);
    const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
    const baked = [...dockerfile.matchAll(/\b(COMPTOIR_[A-Z_]+|REDIS_URL)=/g)].map((m) => m[1]!);
    expect(baked).toEqual(expect.arrayContaining(['COMPTOIR_DB', 'COMPTOIR_HOST', 'COMPTOIR_PORT']));
    expect(baked.filter((k) => !known.has(k))).toEqual([]);
  });

  const variants: Record<string, string>[] = [
    {},
    { POSTGRES_PASSWORD: 's3cret-pw', COMPTOIR_ALLOWED_HOSTS: 'caisse.example.fr' },
  ];
  for (const vars of variants) {
    it(`connects the services, with ${Object.keys(vars).join(', ') || 'no .env'}`, () => {
      const services = compose(vars);
      expect(Object.keys(services).sort()).toEqual(['comptoir', 'postgres', 'redis']);
      const app = services.comptoir!;
      const env = app.environment!;
      const config = parseConfig({}, env);
      const http = parseHttpConfig({}, { ...env, COMPTOIR_HOST: '0.0.0.0', COMPTOIR_PORT: '8787' });

      const db = new URL(config.db);
      const pgEnv = services.postgres!.environment!;
      expect(db.protocol).toBe('postgres:');
      expect(db.hostname).toBe('postgres');
      expect(decodeURIComponent(db.username)).toBe(pgEnv.POSTGRES_USER);
      expect(decodeURIComponent(db.password)).toBe(pgEnv.POSTGRES_PASSWORD);
      expect(db.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
      if ('POSTGRES_PASSWORD' in vars) expect(db.password).toBe(vars.POSTGRES_PASSWORD);

      expect(new URL(http.redisUrl!).hostname).toBe('redis');
      expect(http.allowedHosts).toEqual(
        'COMPTOIR_ALLOWED_HOSTS' in vars ? ['caisse.example.fr'] : ['localhost', '127.0.0.1'],
      );
      expect(http.trustProxy).toBe(false);

      // Comptoir starts once both are healthy, and each has a health check to be healthy by
      for (const dep of ['postgres', 'redis']) {
        expect(app.depends_on?.[dep]?.condition).toBe('service_healthy');
        expect(services[dep]!.healthcheck?.test.length).toBeGreaterThan(1);
      }
      // Published on this machine only by default, onto the port the image serves
      expect(app.ports).toEqual(['127.0.0.1:8787:8787']);
      expect(fs.readFileSync('Dockerfile', 'utf8')).toMatch(/COMPTOIR_PORT=8787\b/);
      expect(app.build?.context).toBe('.');
    });
  }
});
