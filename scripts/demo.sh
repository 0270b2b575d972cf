#!/usr/bin/env bash
# One command to see Palvelutori: installs what is missing, builds, seeds a demo SQLite
# database in var/ and serves it. Env: PORT (default 8080) or LISTEN (host:port),
# PALVELUTORI_DATABASE (default sqlite:var/palvelutori.db).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/setup.sh
pt_build

db="${PALVELUTORI_DATABASE:-sqlite:var/palvelutori.db}"
listen="${LISTEN:-127.0.0.1:${PORT:-8080}}"
mkdir -p var

pt_log "migrate + seed-demo ($db)"
out/palvelutori migrate --database "$db" || pt_die "migrate failed"
out/palvelutori seed-demo --database "$db" || pt_die "seed-demo failed"
# Optional: the full official code lists when the shared standards folder sits next to the
# repository (the demo seed already holds the few terms it uses).
standards=../shared/standards
if [[ -f $standards/ptv-classifications/ServiceClasses.json && -f $standards/fi-municipalities/kunnat_2025_fi_sv_en.csv ]]; then
  pt_log "import-classifications ($standards)"
  out/palvelutori import-classifications --database "$db" --ptv "$standards/ptv-classifications" \
    --municipalities "$standards/fi-municipalities/kunnat_2025_fi_sv_en.csv" ||
    echo "demo.sh: import-classifications failed; the demo continues with the seeded terms" >&2
fi

host="${listen%:*}"
[[ $host == 0.0.0.0 || -z $host ]] && host=127.0.0.1
cat <<EOF

Palvelutori demo: http://$host:${listen##*:}/

Demo logins (email / password):
  organizer admin  admin@palvelutori.example       Admin-demo-1
  provider user    provider@palvelutori.example    Provider-demo-1
  customer         customer@palvelutori.example    Customer-demo-1
  counsellor       counsellor@palvelutori.example  Counsellor-demo-1

Stop with Ctrl-C.
EOF
exec out/palvelutori serve --database "$db" --listen "$listen"
