#!/usr/bin/env bash
# Copies the browser-side packages from node_modules/ into static/vendor/ (gitignored), under
# stable names so templates never change when a package is upgraded:
#   htmx.min.js  hds.css  hds-icons.css  uPlot.iife.min.js  uPlot.min.css
# Run after `npm ci` (scripts/setup.sh does both).
set -Eeuo pipefail
cd "$(dirname "$0")/.."

die() { echo "vendor-assets.sh: $*" >&2; exit 1; }

nm=node_modules
out=static/vendor
for f in "$nm/htmx.org/dist/htmx.min.js" "$nm/hds-core/lib/base.min.css" \
         "$nm/hds-core/lib/components/all.min.css" "$nm/uplot/dist/uPlot.iife.min.js" \
         "$nm/uplot/dist/uPlot.min.css"; do
  [[ -f $f ]] || die "missing $f; run 'npm ci' (or scripts/setup.sh) first"
done

mkdir -p static
tmp="$(mktemp -d static/.vendor-tmp.XXXXXX)"  # same file system, so the final mv is a rename
trap 'rm -rf "$tmp"' EXIT

cp "$nm/htmx.org/dist/htmx.min.js" "$tmp/htmx.min.js"
cp "$nm/uplot/dist/uPlot.iife.min.js" "$nm/uplot/dist/uPlot.min.css" "$tmp/"

# hds.css = HDS base (tokens, typography) + all component styles + helpers; the icon set is large
# (~200 kB of inline SVG) so it goes to its own file, loaded only by pages that show icons.
# The HDS web font is served from a third-party CDN (fonts/fonts.css), so it is left out on
# purpose: pages fall back to Arial and make no request outside this server.
# Relative url() references (fonts/images shipped in the package) are copied next to the CSS
# under hds-assets/ and rewritten; remote ones are refused so nothing leaks to another host.
node - "$nm/hds-core/lib" "$tmp" <<'EOF'
const fs = require('fs');
const path = require('path');
const [lib, outDir] = process.argv.slice(2);
const bundles = {
  'hds.css': ['base.min.css', 'components/all.min.css', 'utils/helpers.min.css'],
  'hds-icons.css': ['icons/icons.min.css'],
};
const urlRe = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/g;
for (const [name, parts] of Object.entries(bundles)) {
  const chunks = [];
  for (const rel of parts) {
    const src = path.join(lib, rel);
    if (!fs.existsSync(src)) {
      if (rel.startsWith('utils/')) continue; // optional helpers
      throw new Error(`hds-core has no ${rel}`);
    }
    const css = fs.readFileSync(src, 'utf8').replace(/^@charset "[^"]*";/, '');
    chunks.push(css.replace(urlRe, (whole, dq, sq, bare) => {
      const ref = dq ?? sq ?? bare;
      if (/^(data:|#)/.test(ref)) return whole;
      if (/^([a-z]+:)?\/\//i.test(ref)) throw new Error(`${rel} references a remote file ${ref}`);
      const file = path.resolve(path.dirname(src), ref.replace(/[?#].*$/, ''));
      if (!file.startsWith(path.resolve(lib) + path.sep) || !fs.existsSync(file)) {
        throw new Error(`${rel} references ${ref}, not found in hds-core`);
      }
      const target = path.join('hds-assets', path.relative(lib, file));
      fs.mkdirSync(path.join(outDir, path.dirname(target)), { recursive: true });
      fs.copyFileSync(file, path.join(outDir, target));
      return `url("${target.split(path.sep).join('/')}${ref.slice(ref.replace(/[?#].*$/, '').length)}")`;
    }));
  }
  const version = JSON.parse(fs.readFileSync(path.join(lib, '..', 'package.json'), 'utf8')).version;
  fs.writeFileSync(path.join(outDir, name),
    `@charset "UTF-8";\n/* hds-core ${version} (MIT), bundled by scripts/vendor-assets.sh */\n` + chunks.join('\n') + '\n');
}
EOF

# Swap the whole folder at once so a running server never sees half of it.
rm -rf "$out.old"
[[ -d $out ]] && mv "$out" "$out.old"
mv "$tmp" "$out"
chmod 755 "$out"
rm -rf "$out.old"
trap - EXIT
echo "vendor-assets.sh: $(cd "$out" && ls | tr '\n' ' ')-> $out/"
