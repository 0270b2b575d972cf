# Shared by scripts/demo.sh and scripts/test.sh; source it, don't run it.
# Callers are expected to be in the repository root.

pt_log() { printf '\n==> %s\n' "$*" >&2; }
pt_die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# Configures and builds everything (server, unit tests) into out/; the binary is out/palvelutori.
pt_build() {
  pt_log "build (cmake, RelWithDebInfo, -j$(nproc))"
  cmake -S . -B out -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ||
    pt_die "cmake configure failed (see the messages above)"
  cmake --build out -j"$(nproc)" ||
    pt_die "build failed (see the compiler messages above)"
  [[ -x out/palvelutori ]] || pt_die "build finished but out/palvelutori is missing"
}
