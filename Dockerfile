# Comptoir's container image: `docker compose up -d` (compose.yaml) or
#   docker build -t comptoir .        /  podman build --format docker -t comptoir .
# NODE_IMAGE is any Debian-based Node.js >= 20.19 image with npm and Node's headers in /usr/local:
# Docker Hub's node:20-bookworm-slim by default, or the one scripts/container-base.sh makes from
# Debian's packages and the npm registry where no image registry is reachable
# (--build-arg NODE_IMAGE=localhost/comptoir-node:20).
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary can be fetched (python3, make, g++), against
# the headers of the image's own Node.js.
RUN command -v g++ >/dev/null && command -v make >/dev/null && command -v python3 >/dev/null || \
    (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
     && rm -rf /var/lib/apt/lists/*)
ENV npm_config_nodedir=/usr/local npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json LICENSE README.md ./
COPY src ./src
COPY docs ./docs
COPY scripts/bundle-cli.mjs ./scripts/
RUN npx tsc -p tsconfig.json --sourceMap false && node scripts/bundle-cli.mjs && npm prune --omit=dev \
    && mkdir -p /opt/comptoir && cp -r package.json LICENSE README.md dist docs node_modules /opt/comptoir/ \
    && find /opt/comptoir/dist -name '*.map' -delete \
    && rm -rf /opt/comptoir/node_modules/better-sqlite3/deps /opt/comptoir/node_modules/better-sqlite3/src

FROM ${NODE_IMAGE}
RUN groupadd --system --gid 10001 comptoir \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --shell /usr/sbin/nologin comptoir \
    && mkdir -p /data && chown comptoir:comptoir /data && chmod 0700 /data
COPY --from=build /opt/comptoir /opt/comptoir
RUN chmod 0755 /opt/comptoir/dist/cli/main.js && ln -s /opt/comptoir/dist/cli/main.js /usr/local/bin/comptoir
# Settings come from the environment (README, docs/HTTP.md): alone, the image keeps its SQLite database in
# the /data volume; compose.yaml points it at PostgreSQL and Redis instead.
# Bound to every interface of the container, it still answers only the Host names listed (DNS-rebinding
# check): add the public name clients use (-e COMPTOIR_ALLOWED_HOSTS=pos.example.com).
ENV NODE_ENV=production HOME=/data COMPTOIR_DB=/data/comptoir.db COMPTOIR_HOST=0.0.0.0 COMPTOIR_PORT=8787 \
    COMPTOIR_ALLOWED_HOSTS=localhost,127.0.0.1
USER comptoir
WORKDIR /data
VOLUME /data
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.COMPTOIR_PORT||8787)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["comptoir"]
CMD ["serve", "--http"]
