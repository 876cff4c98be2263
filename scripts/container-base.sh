#!/usr/bin/env bash
# Make a Node.js base image from Debian's packages and the npm registry alone, for machines that reach no
# registry of container images (the Dockerfile's NODE_IMAGE otherwise defaults to Docker Hub's
# node:20-bookworm-slim, which has the same layout):
#
#   Debian 12 "bookworm" (debootstrap --variant=minbase, from the Debian mirror)
#   + Node.js from the npm registry's node-linux-<arch> package (the nodejs.org build: bin/node, headers)
#   + npm from the npm registry
#   imported as localhost/comptoir-node:<node version> (and :20) with podman or docker.
#
# Usage: scripts/container-base.sh [--engine podman|docker] [--node <version>] [--mirror <url>]
#        [--ca-file <pem>]        (certificates the image must trust besides Debian's, e.g. a proxy's)
#        [--rootfs-only <dir>]     (make the root file system in <dir> and import nothing)
# Needs root (debootstrap), debootstrap and the engine (apt-get install debootstrap podman).
set -euo pipefail

engine=""
node_version="$(node --version 2>/dev/null | sed 's/^v//')"
npm_version="$(npm --version 2>/dev/null || true)"
mirror="http://deb.debian.org/debian"
rootfs_only=""
ca_file=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --engine) engine="$2"; shift 2 ;;
    --node) node_version="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --rootfs-only) rootfs_only="$2"; shift 2 ;;
    --ca-file) ca_file="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "container-base: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$node_version" ]] || { echo "container-base: give --node <version> (no node on the PATH)" >&2; exit 2; }
IFS=. read -r node_major node_minor _ <<<"$node_version"
if [[ "$node_major" -lt 20 || ( "$node_major" -eq 20 && "${node_minor:-0}" -lt 19 ) ]]; then
  echo "container-base: Node.js $node_version is too old; Comptoir needs 20.19 or later" >&2; exit 2
fi
[[ -n "$npm_version" ]] || npm_version=10
[[ -z "$ca_file" || -r "$ca_file" ]] || { echo "container-base: --ca-file $ca_file cannot be read" >&2; exit 2; }
[[ $EUID -eq 0 ]] || { echo "container-base: debootstrap needs root; run it with sudo" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "container-base: debootstrap is missing: apt-get install debootstrap" >&2; exit 2; }
if [[ -z "$rootfs_only" && -z "$engine" ]]; then
  if command -v podman >/dev/null; then engine=podman
  elif command -v docker >/dev/null; then engine=docker
  else echo "container-base: neither podman nor docker is installed (or give --rootfs-only <dir>)" >&2; exit 2
  fi
fi

case "$(uname -m)" in
  x86_64) arch=x64 deb_arch=amd64 ;;
  aarch64) arch=arm64 deb_arch=arm64 ;;
  *) echo "container-base: no Node.js package for $(uname -m)" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="${rootfs_only:-$work/rootfs}"
mkdir -p "$rootfs"

echo "== Debian bookworm ($deb_arch) from $mirror" >&2
debootstrap --variant=minbase --arch="$deb_arch" --include=ca-certificates bookworm "$rootfs" "$mirror" >&2

if [[ -n "$ca_file" ]]; then
  cp "$ca_file" "$rootfs/usr/local/share/ca-certificates/extra.crt"
  chroot "$rootfs" update-ca-certificates >&2
fi

echo "== Node.js $node_version and npm $npm_version from the npm registry" >&2
(cd "$work" && npm pack --silent "node-linux-$arch@$node_version" "npm@$npm_version" >/dev/null)
tar -xzf "$work"/node-linux-"$arch"-*.tgz -C "$work"
install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/include"
cp -r "$work/package/include/node" "$rootfs/usr/local/include/"
rm -rf "$work/package"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# What an image does not need: the package cache, the lists (apt-get update fetches them again).
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

[[ -n "$rootfs_only" ]] && { echo "$rootfs"; exit 0; }

major="${node_version%%.*}"
image="localhost/comptoir-node:$node_version"
echo "== importing $image with $engine" >&2
tar -C "$rootfs" -c . | "$engine" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$image" >&2
"$engine" tag "$image" "localhost/comptoir-node:$major"
echo "$image"
