'use strict';
/*
 * Validation of e-invoices against the official artefacts in ../shared/standards (never copied into
 * this repository):
 *   UBL 2.1 Invoice / CreditNote  → XSD (xmllint --schema) + Schematron as compiled XSLT 2.0 (SaxonJS):
 *                                    EN 16931 (CEN TC 434 v1.3.16) and the Peppol BIS Billing 3 pair
 *                                    (CEN rules pinned by Peppol + PEPPOL-EN16931 rules, 2026.5 release)
 *   Finvoice 3.0                  → XSD (Finvoice3.0.xsd)
 *
 *   STANDARDS                    absolute path of ../shared/standards
 *   standardsMissing()           → null when the artefacts are there, else a message to skip with
 *   validateUbl(xml, {record})   → {kind: 'Invoice'|'CreditNote', xsd: {ok, errors}, schematron: [{name,
 *                                    fatal: [{id, text, location}], warnings: [...]}], fatalCount, warningCount}
 *   validateFinvoice(xml, {record}) → {xsd: {ok, errors}}   (record: false keeps deliberately broken
 *                                    documents out of `stats`)
 *   assertValidUbl(xml, label) / assertValidFinvoice(xml, label)  throw with every failure listed
 *   stats                        per document type: {documents, fatal, warnings} (for the test's summary)
 *
 * The XSLTs are compiled once to SEF (xslt3 -export … -nogo) into os.tmpdir()/palvelutori-einvoice-sef/,
 * keyed by the SHA-256 of the stylesheet, so a second test run reuses them; the SEF is then loaded
 * once per process and run in process with SaxonJS (the xslt3 package's own dependency).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const STANDARDS = path.resolve(REPO, '..', 'shared', 'standards');
const XSD = {
  Invoice: path.join(STANDARDS, 'ubl-2.1', 'xsd', 'maindoc', 'UBL-Invoice-2.1.xsd'),
  CreditNote: path.join(STANDARDS, 'ubl-2.1', 'xsd', 'maindoc', 'UBL-CreditNote-2.1.xsd'),
  Finvoice: path.join(STANDARDS, 'finvoice-3.0', 'Finvoice3.0.xsd'),
};
const SCHEMATRON = [
  { name: 'EN16931 (CEN 1.3.16)', xslt: path.join(STANDARDS, 'en16931-cen-ubl', 'xslt', 'EN16931-UBL-validation.xslt') },
  { name: 'Peppol CEN-EN16931 (2026.5)', xslt: path.join(STANDARDS, 'peppol-bis-billing-3', 'xslt-2026.5', 'CEN-EN16931-UBL.xslt') },
  { name: 'Peppol PEPPOL-EN16931 (2026.5)', xslt: path.join(STANDARDS, 'peppol-bis-billing-3', 'xslt-2026.5', 'PEPPOL-EN16931-UBL.xslt') },
];
const XSLT3 = path.join(REPO, 'node_modules', '.bin', 'xslt3');
const CACHE = path.join(os.tmpdir(), 'palvelutori-einvoice-sef');

const stats = {};
function count(type, fatal, warnings) {
  const s = (stats[type] ||= { documents: 0, fatal: 0, warnings: 0 });
  s.documents += 1;
  s.fatal += fatal;
  s.warnings += warnings;
}

function standardsMissing() {
  for (const f of [...Object.values(XSD), ...SCHEMATRON.map((s) => s.xslt)])
    if (!fs.existsSync(f)) return `e-invoice standards not found (${f}); get ../shared/standards to run these tests`;
  if (!fs.existsSync(XSLT3)) return 'node_modules/.bin/xslt3 missing: run scripts/setup.sh (npm ci)';
  const probe = spawnSync('xmllint', ['--version']);
  if (probe.error) return 'xmllint missing: install libxml2-utils (scripts/setup.sh)';
  return null;
}

// ---- XSD ----

function tmpFile(text, ext) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-einvoice-'));
  const file = path.join(dir, `doc.${ext}`);
  fs.writeFileSync(file, text);
  return { file, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function xsdCheck(xml, xsd) {
  const t = tmpFile(xml, 'xml');
  try {
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, t.file], { encoding: 'utf8' });
    if (r.error) throw r.error;
    const errors = r.stderr.split('\n').filter((l) => l && !/ validates$/.test(l));
    return { ok: r.status === 0, errors };
  } finally {
    t.done();
  }
}

// ---- Schematron ----

let SaxonJS = null;
const compiled = new Map();  // xslt path → SEF object

function sefFor(xslt) {
  if (compiled.has(xslt)) return compiled.get(xslt);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(xslt)).digest('hex').slice(0, 24);
  fs.mkdirSync(CACHE, { recursive: true });
  const sef = path.join(CACHE, `${path.basename(xslt, '.xslt')}-${hash}.sef.json`);
  if (!fs.existsSync(sef)) {
    // Compile to a private name, then rename: two test files compiling at once never read half a file.
    const part = `${sef}.${process.pid}.part`;
    execFileSync(XSLT3, [`-xsl:${xslt}`, `-export:${part}`, '-nogo'], { stdio: ['ignore', 'ignore', 'pipe'] });
    fs.renameSync(part, sef);
  }
  const obj = JSON.parse(fs.readFileSync(sef, 'utf8'));
  compiled.set(xslt, obj);
  return obj;
}

function saxon() {
  if (!SaxonJS) {
    // saxon-js comes with xslt3 (its dependency); resolve it from there.
    const xslt3Dir = path.dirname(fs.realpathSync(XSLT3));
    SaxonJS = require(require.resolve('saxon-js', { paths: [xslt3Dir, REPO] }));
  }
  return SaxonJS;
}

function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? m[1] : '';
}

// The failed asserts of one SVRL report (flag fatal or warning; a missing flag counts as fatal).
function failedAsserts(svrl) {
  const out = { fatal: [], warnings: [] };
  const re = /<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g;
  for (let m; (m = re.exec(svrl));) {
    const text = (m[2].match(/<svrl:text>([\s\S]*?)<\/svrl:text>/) || [])[1] || '';
    const a = { id: attr(m[1], 'id'), location: attr(m[1], 'location'), text: text.trim() };
    (attr(m[1], 'flag') === 'warning' ? out.warnings : out.fatal).push(a);
  }
  return out;
}

function runSchematron(xml) {
  const S = saxon();
  return SCHEMATRON.map(({ name, xslt }) => {
    const r = S.transform({ stylesheetInternal: sefFor(xslt), sourceText: xml, destination: 'serialized' }, 'sync');
    return { name, ...failedAsserts(r.principalResult) };
  });
}

function rootOf(xml) {
  const m = xml.match(/<([A-Za-z][\w.-]*)[\s>]/g) || [];
  const first = m.map((t) => t.slice(1, -1)).find((n) => !n.startsWith('?') && !n.startsWith('!'));
  return first || '';
}

function validateUbl(xml, { record = true } = {}) {
  const kind = rootOf(xml);
  if (kind !== 'Invoice' && kind !== 'CreditNote') throw new Error(`not a UBL Invoice or CreditNote (root ${kind})`);
  const xsd = xsdCheck(xml, XSD[kind]);
  const schematron = runSchematron(xml);
  const fatalCount = schematron.reduce((n, s) => n + s.fatal.length, 0);
  const warningCount = schematron.reduce((n, s) => n + s.warnings.length, 0);
  if (record) count(`UBL ${kind}`, fatalCount + (xsd.ok ? 0 : 1), warningCount);
  return { kind, xsd, schematron, fatalCount, warningCount };
}

function validateFinvoice(xml, { record = true } = {}) {
  const xsd = xsdCheck(xml, XSD.Finvoice);
  if (record) count('Finvoice', xsd.ok ? 0 : 1, 0);
  return { xsd };
}

function describe(r) {
  const lines = [];
  if (!r.xsd.ok) lines.push('XSD:', ...r.xsd.errors.map((e) => `  ${e}`));
  for (const s of r.schematron || [])
    for (const a of s.fatal) lines.push(`${s.name} fatal ${a.id}: ${a.text} (${a.location})`);
  return lines.join('\n');
}

function assertValidUbl(xml, label = 'document', opts = {}) {
  const r = validateUbl(xml, opts);
  if (!r.xsd.ok || r.fatalCount > 0) throw new Error(`${label} (UBL ${r.kind}) is not valid:\n${describe(r)}`);
  return r;
}

function assertValidFinvoice(xml, label = 'document', opts = {}) {
  const r = validateFinvoice(xml, opts);
  if (!r.xsd.ok) throw new Error(`${label} (Finvoice) is not valid:\n${describe(r)}`);
  return r;
}

module.exports = { STANDARDS, standardsMissing, validateUbl, validateFinvoice, assertValidUbl, assertValidFinvoice, stats };
