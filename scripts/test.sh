#!/usr/bin/env bash
# Runs every test suite against real parts: unit tests (GoogleTest via ctest), integration tests
# (node --test against the real binary, once on SQLite and once on a throwaway PostgreSQL 15),
# browser tests (node --test + playwright-core driving Debian's chromium).
#
#   scripts/test.sh [unit|integration|browser ...]     default: all of them
#
# Env: PT_STEP_TIMEOUT (seconds per step, default 600), CHROMIUM (default /usr/bin/chromium).
# Ends with one line "N passed, N failed" counting test cases; exits non-zero if any step failed.
set -Euo pipefail   # no -e: a failing step is counted, and the next one still runs
cd "$(dirname "$0")/.."
source scripts/lib.sh

usage() { echo "usage: scripts/test.sh [unit|integration|browser ...]" >&2; exit 2; }
want_unit=0 want_integration=0 want_browser=0
(( $# )) || set -- unit integration browser
for arg in "$@"; do
  case "$arg" in
    unit) want_unit=1 ;;
    integration) want_integration=1 ;;
    browser) want_browser=1 ;;
    all) want_unit=1 want_integration=1 want_browser=1 ;;
    -h|--help) usage ;;
    *) echo "scripts/test.sh: unknown suite '$arg'" >&2; usage ;;
  esac
done

step_timeout="${PT_STEP_TIMEOUT:-600}"
chromium="${CHROMIUM:-/usr/bin/chromium}"

scripts/setup.sh || pt_die "scripts/setup.sh failed"
pt_build

# World-readable: pg-test-server.sh may run the server as an unprivileged user (initdb refuses root).
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pt-test.XXXXXX")"
chmod 755 "$tmp"
pg_started=0
smtp_pid=""
cleanup() {
  [[ -n $smtp_pid ]] && kill "$smtp_pid" 2>/dev/null
  if (( pg_started )); then
    scripts/pg-test-server.sh stop "$tmp/pg" >/dev/null 2>&1 ||
      echo "test.sh: warning: could not stop the PostgreSQL test server in $tmp/pg" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

total_pass=0 total_fail=0 any_failed=0
summary=()

# record NAME EXIT_CODE PASSED FAILED: a step that exits non-zero without a failing test case
# (crash, timeout, no tests found) still counts as one failure, so it can never look green.
record() {
  local name=$1 rc=$2 pass=$3 fail=$4
  if (( rc != 0 && fail == 0 )); then fail=1; fi
  (( total_pass += pass, total_fail += fail ))
  if (( rc != 0 || fail > 0 )); then
    any_failed=1
    summary+=("FAIL  $name: $pass passed, $fail failed (exit $rc)")
  else
    summary+=("ok    $name: $pass passed, $fail failed")
  fi
}

# run_step LOG CMD...: shows the output live, keeps a copy in LOG, returns the command's exit code.
# The command runs in the background under timeout (its own process group) so that Ctrl-C or
# SIGTERM stops it, and the servers its tests started, at once instead of after the step.
step_pid=""
run_step() {
  local log=$1; shift
  : > "$log"
  timeout -k 15 "$step_timeout" "$@" > "$log" 2>&1 &
  step_pid=$!
  tail -n +1 -f --pid="$step_pid" "$log" &
  local tail_pid=$! rc=0
  wait "$step_pid" || rc=$?
  step_pid=""
  wait "$tail_pid" 2>/dev/null
  (( rc == 124 )) && echo "test.sh: step timed out after ${step_timeout}s: $*" >&2
  return "$rc"
}
on_signal() {
  [[ -n $step_pid ]] && kill -TERM "$step_pid" 2>/dev/null && wait "$step_pid" 2>/dev/null
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# Counts GoogleTest cases from the XML each binary writes (ctest itself only counts binaries);
# a binary that failed without writing failures (crash, timeout) counts as one failed case.
count_unit() {
  python3 - "$1" "$2" <<'EOF'
import glob, os, re, sys
import xml.etree.ElementTree as ET
log, xml_dir = sys.argv[1:]
text = open(log, encoding="utf-8", errors="replace").read()
passed = failed = 0
binaries_with_failures = set()
xml_files = glob.glob(os.path.join(xml_dir, "*.xml"))
for path in xml_files:
    try:
        cases = ET.parse(path).getroot().iter("testcase")
    except ET.ParseError:
        continue  # a crashed binary may leave half a file; ctest reports it as failed
    for case in cases:
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            binaries_with_failures.add(os.path.basename(path)[:-len(".xml")])
        elif case.get("status") == "run" and case.get("result", "completed") == "completed":
            passed += 1
# ctest lists failed tests as "  3 - unit_orders (Failed)"; ones with no failing case in the XML
# (segfault, timeout, abort) add one failure each.
failed_list = text.split("The following tests FAILED:", 1)[1] if "The following tests FAILED:" in text else ""
for name in re.findall(r"^\s*\d+ - (\S+) \(", failed_list, re.M):
    if "test_" + name.removeprefix("unit_") not in binaries_with_failures:
        failed += 1
summary = re.findall(r"tests passed, (\d+) tests? failed out of (\d+)", text)
if not xml_files and summary:  # no XML at all: fall back to ctest's count of binaries
    f, total = map(int, summary[-1])
    passed, failed = total - f, max(failed, f)
print(passed, failed)
EOF
}

# Reads the summary of node's TAP reporter ("# pass N", "# fail N", "# cancelled N").
count_tap() {
  local pass fail cancelled
  pass=$(grep -E '^# pass [0-9]+$' "$1" 2>/dev/null | tail -1 | awk '{print $3}')
  fail=$(grep -E '^# fail [0-9]+$' "$1" 2>/dev/null | tail -1 | awk '{print $3}')
  cancelled=$(grep -E '^# cancelled [0-9]+$' "$1" 2>/dev/null | tail -1 | awk '{print $3}')
  echo "${pass:-0} $(( ${fail:-0} + ${cancelled:-0} ))"
}

test_files() { find "$1" -maxdepth 2 -type f \( -name '*.test.js' -o -name '*.test.mjs' \) 2>/dev/null | sort; }

# run_node NAME DIR ENV...: node --test over DIR's *.test.js with spec output on screen and TAP to a file.
run_node() {
  local name=$1 dir=$2; shift 2
  local files tap="$tmp/${name//[^a-z]/_}.tap" rc counts
  mapfile -t files < <(test_files "$dir")
  if (( ${#files[@]} == 0 )); then
    echo "test.sh: no *.test.js files in $dir" >&2
    record "$name" 1 0 1
    return
  fi
  pt_log "$name: node --test $dir (${#files[@]} files)"
  run_step "$tmp/${name//[^a-z]/_}.log" env "$@" \
    node --test --test-reporter=spec --test-reporter-destination=stdout \
         --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}"
  rc=$?
  counts=$(count_tap "$tap")
  record "$name" "$rc" ${counts}
}

pg_url=""
if (( want_unit || want_integration )); then
  pt_log "starting a throwaway PostgreSQL 15 in $tmp/pg"
  if [[ ! -x scripts/pg-test-server.sh ]]; then
    echo "test.sh: scripts/pg-test-server.sh is missing or not executable" >&2
  else
    pg_started=1
    pg_out=$(timeout 120 scripts/pg-test-server.sh start "$tmp/pg") || pg_out=""
    pg_url=$(grep -Eo 'postgres(ql)?://[^[:space:]]+' <<<"$pg_out" | tail -1 || true)
  fi
  if [[ -z $pg_url ]]; then
    echo "test.sh: could not start the PostgreSQL test server (scripts/pg-test-server.sh start $tmp/pg)" >&2
    record "postgresql-test-server" 1 0 1
  else
    echo "PostgreSQL test server: $pg_url"
  fi
fi

if (( want_unit )); then
  pt_log "unit tests: ctest --test-dir out"
  rm -rf "$tmp/gtest" && mkdir -p "$tmp/gtest"
  run_step "$tmp/unit.log" env PT_TEST_PG_URL="$pg_url" PT_SOURCE_DIR="$PWD" GTEST_OUTPUT="xml:$tmp/gtest/" \
    ctest --test-dir out --output-on-failure --timeout 300
  rc=$?
  record "unit" "$rc" $(count_unit "$tmp/unit.log" "$tmp/gtest")
fi

if (( want_integration )); then
  # One SMTP receiver (Debian's python3-aiosmtpd, writing a Maildir) for the whole run; the tests
  # read it through tests/integration/mail-harness.js (sharedMailReceiver).
  smtp_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$tmp/Maildir" \
    >"$tmp/smtp.log" 2>&1 &
  smtp_pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break; sleep 0.1; done
  smtp_env=()
  if (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then
    smtp_env=(PT_SMTP_URL="smtp://127.0.0.1:$smtp_port" PT_SMTP_MAILDIR="$tmp/Maildir")
  else
    echo "test.sh: the SMTP receiver did not start ($(tail -3 "$tmp/smtp.log")); mail tests start their own" >&2
  fi
  common=(PT_BIN="$PWD/out/palvelutori" PT_PG_DIR="$tmp/pg" PT_SOURCE_DIR="$PWD" PT_TEST_PG_URL="$pg_url" "${smtp_env[@]}")
  run_node "integration[sqlite]" tests/integration PT_DB=sqlite "${common[@]}"
  if [[ -n $pg_url ]]; then
    run_node "integration[postgres]" tests/integration PT_DB=postgres "${common[@]}"
  else
    echo "test.sh: integration[postgres] not run: no PostgreSQL test server" >&2
    record "integration[postgres]" 1 0 1
  fi
  # The benchmark harness end to end (200 cards, 1 s per scenario), so that it cannot rot.
  pt_log "bench-smoke: bench/run --smoke"
  run_step "$tmp/bench_smoke.log" env PT_BIN="$PWD/out/palvelutori" ${pg_url:+PT_PG_DIR="$tmp/pg"} \
    bench/run --smoke --out "$tmp/bench-smoke.md"
  rc=$?
  record "bench-smoke" "$rc" $(count_tap "$tmp/bench_smoke.log")
fi

if (( want_browser )); then
  if [[ -z "$(test_files tests/browser)" ]]; then
    pt_log "browser tests: skipped, tests/browser has no *.test.js yet"
    summary+=("skip  browser: no tests yet")
  else
    run_node "browser" tests/browser PT_DB=sqlite CHROMIUM="$chromium" \
      PT_BIN="$PWD/out/palvelutori" PT_SOURCE_DIR="$PWD"
  fi
fi

echo
echo "==> summary"
printf '  %s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
exit "$any_failed"
