#!/usr/bin/env bash
# Prepares a Debian 12 machine to build, run and test Palvelutori. Idempotent: a second run
# only checks (dpkg-query, a lockfile hash) and finishes in a second or two.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

die() { echo "setup.sh: $*" >&2; exit 1; }
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR

packages=(
  build-essential cmake pkg-config g++
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libsqlitecpp-dev libsqlite3-dev libpq-dev libpqxx-dev
  libkainjow-mustache-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libsodium-dev
  libgtest-dev libgmock-dev zlib1g-dev libcurl4-openssl-dev
  postgresql-15 chromium wrk python3 sqlite3 python3-aiosmtpd
  libxml2-utils
)

installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# Node 18+ is enough for the test runner and npm; a newer node installed some other way
# (e.g. vendor packages) is kept, since Debian's nodejs/npm would replace or conflict with it.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
if ! command -v node >/dev/null || (( $(node_major) < 18 )); then
  missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
elif ! command -v npm >/dev/null; then
  missing+=(npm)
fi

if (( ${#missing[@]} )); then
  command -v apt-get >/dev/null || die "apt-get not found; this script supports Debian 12 only"
  if (( EUID == 0 )); then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    die "need root (or sudo) to install: ${missing[*]}"
  fi
  echo "setup.sh: installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
    die "apt-get update failed"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" ||
    die "apt-get install failed for: ${missing[*]}"
  for p in "${packages[@]}"; do installed "$p" || die "package $p is still not installed"; done
  command -v node >/dev/null && (( $(node_major) >= 18 )) || die "node 18 or newer is required"
  command -v npm >/dev/null || die "npm is still missing"
else
  echo "setup.sh: all Debian packages present"
fi

[[ -x /usr/lib/postgresql/15/bin/initdb ]] || die "PostgreSQL 15 binaries not found in /usr/lib/postgresql/15/bin"
command -v chromium >/dev/null || die "chromium not found on PATH"

# npm ci wipes node_modules and needs the registry, so it runs only when the lockfile changed
# since the last successful install. playwright-core installs no browser; we use Debian's chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm_flags=(--no-audit --no-fund --loglevel=error)
if [[ -f package-lock.json ]]; then
  stamp=node_modules/.palvelutori-lock.sha256
  want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
    echo "setup.sh: node_modules up to date"
  else
    echo "setup.sh: npm ci"
    npm ci "${npm_flags[@]}" || die "npm ci failed"
    echo "$want" > "$stamp"
  fi
else
  echo "setup.sh: npm install (no package-lock.json yet)"
  npm install "${npm_flags[@]}" || die "npm install failed"
fi

scripts/vendor-assets.sh || die "scripts/vendor-assets.sh failed"
echo "setup.sh: done"
