'use strict';
// E-invoices for real, on SQLite or (PT_DB=postgres) PostgreSQL: orders reach `reported` through the
// API, their billing reports are approved with SQL (invoice-fixtures.js), the monthly invoice run,
// approval and a credit note go through the API. Then every invoice and credit note in the database,
// downloaded as UBL 2.1 and Finvoice 3.0 (API and browser routes) and written by
// `palvelutori export-invoices`, is validated against ../shared/standards: UBL with the XSD and the
// EN 16931 + Peppol BIS 3 Schematron (zero fatal asserts), Finvoice with Finvoice3.0.xsd. A broken
// document must be caught. Tests run in file order and share one server.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { apiContext } = require('./context');
const { REPO, browserish, login, DEMO } = require('./harness');
const { sql } = require('./providers-fixtures');
const { makeVoucher, orderDriver } = require('./orders-fixtures');
const { invoiceWorld, setService, approveBillingReport, currentMonth } = require('./invoice-fixtures');
const V = require('./einvoice-validation');

const missing = V.standardsMissing();
if (missing) {
  test(`e-invoice validation skipped: ${missing}`, { skip: missing }, () => {});
  return;
}

let c;
let world;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-einvoice-test-'));
before(async () => {
  c = await apiContext();
  world = await invoiceWorld(c);
});
after(async () => {
  if (c) await c.server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function bin() {
  const b = process.env.PT_BIN || 'out/palvelutori';
  return path.isAbsolute(b) ? b : path.join(REPO, b);
}
const exportInvoices = (...args) => spawnSync(bin(), ['export-invoices', ...args], { cwd: REPO, encoding: 'utf8', timeout: 120000 });
const must = async (role, method, p, body, status = 200) => {
  const r = await c.call(role, method, p, body);
  assert.equal(r.status, status, `${role} ${method} ${p}: ${r.text.slice(0, 400)}`);
  return r.json;
};
/** GET /api/v1/invoices/{id}/{format}, checked against the OpenAPI document: the XML answer as the
 * string it is (the harness parses only JSON), errors as problem+json. */
async function download(role, id, format) {
  const p = `/api/v1/invoices/${id}/${format}`;
  const r = await c.call(role, 'GET', p, undefined, { validate: false });
  c.v.check('GET', p, r.status, r.status === 200 ? r.text : r.json, r.headers.get('content-type'));
  return r;
}
const allDocuments = () => sql(c.server.dbUrl, 'SELECT id, number, kind FROM invoices ORDER BY id')
  .map(([id, number, kind]) => ({ id: Number(id), number, kind }));

/** A reported order of `card` with an approved billing report. The provider reports through the API
 * when the order life cycle lets it; otherwise (the delivery reports gate) the status is set with SQL. */
async function reportedOrder(card, report) {
  const voucherId = makeVoucher(c.server.dbUrl, world.customerId, 1000000);
  const { reach } = orderDriver(c, { card: () => card.id, voucher: () => voucherId });
  const ended = await reach.ended();
  const r = await c.call('provider', 'POST', `/api/v1/orders/${ended.id}/report`);
  if (r.status !== 200) sql(c.server.dbUrl, `UPDATE orders SET status = 'reported' WHERE id = ${ended.id}`);
  approveBillingReport(c, ended.id, report);
  return ended;
}

const S = {};  // what later tests need from earlier ones

test('the invoice run bills a 0 % (exempt, with reason) order with a bonus and a 25.5 % hourly order; one is credited', async () => {
  const exempt = world.own[0];
  setService(c, exempt.service_description.id, {
    priceModel: { kind: 'fixed', values: [exempt.price_cents], bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] },
    vatRateBp: 0, vatCategory: 'E', exemptionReason: 'Arvonlisäveroton sosiaalihuoltopalvelu (AVL 37 §)',
  });
  const hourly = world.own.find((x) => x.service_description.id !== exempt.service_description.id) || world.own[0];
  const a = await reportedOrder(exempt, { bonusCode: 'employed_6m', bonusStatus: 'approved' });
  const a2 = await reportedOrder(exempt, {});
  // The hourly service may be the same description (a demo provider with one service): then the
  // exempt orders were already billed above with their own terms, so run first.
  if (hourly.service_description.id === exempt.service_description.id) await must('admin', 'POST', '/api/v1/invoice-runs', { month: currentMonth() }, 201);
  setService(c, hourly.service_description.id, {
    priceModel: { kind: 'hourly', rate: 9001, cap: Math.max(hourly.price_cents, 100000), bonuses: [] },
    vatRateBp: 2550, vatCategory: 'S',
  });
  const b = await reportedOrder(hourly, { meetings: [{ date: '2026-11-02', minutes: 50, actions: 'Kartoitus' }, { date: '2026-11-09', minutes: 95, actions: 'CV & <haastattelu>' }] });
  const run = await c.call('admin', 'POST', '/api/v1/invoice-runs', { month: currentMonth() });
  assert.ok([200, 201].includes(run.status), run.text);
  const idOf = (order) => {
    const rows = sql(c.server.dbUrl, `SELECT id FROM invoices WHERE order_id = ${order.id} AND kind = 'invoice'`);
    assert.equal(rows.length, 1, `one invoice for order ${order.id}`);
    return Number(rows[0][0]);
  };
  S.exempt = idOf(a);
  S.exempt2 = idOf(a2);
  S.standard = idOf(b);
  const inv = await must('admin', 'GET', `/api/v1/invoices/${S.standard}`);
  assert.equal(inv.vat_breakdown[0].vat_category, 'S');
  assert.equal(inv.vat_breakdown[0].vat_rate_bp, 2550);
  // Approve and credit the exempt one in full: a credit note.
  await must('admin', 'POST', `/api/v1/invoices/${S.exempt}/approve`);
  const note = await must('admin', 'POST', `/api/v1/invoices/${S.exempt}/credit`, { reason: 'Bonus & ehdot <eivät täyttyneet>' }, 201);
  assert.equal(note.kind, 'credit_note');
  S.credit = note.id;
  S.creditNumber = note.number;
  S.exemptNumber = (await must('admin', 'GET', `/api/v1/invoices/${S.exempt}`)).number;
});

test('every invoice and credit note downloads as UBL that passes the XSD and the EN 16931 + Peppol Schematron', async () => {
  const docs = allDocuments();
  assert.ok(docs.some((d) => d.kind === 'credit_note') && docs.filter((d) => d.kind === 'invoice').length >= 3, JSON.stringify(docs));
  for (const d of docs) {
    const r = await download('admin', d.id, 'ubl');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/xml/);
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="${d.number}.ubl.xml"`);
    const v = V.assertValidUbl(r.text, `UBL of ${d.kind} ${d.number}`);
    assert.equal(v.kind, d.kind === 'credit_note' ? 'CreditNote' : 'Invoice');
    assert.ok(r.text.includes(`<cbc:ID>${d.number}</cbc:ID>`));
  }
  const ubl = (await download('admin', S.standard, 'ubl')).text;
  assert.match(ubl, /<cbc:Percent>25\.50<\/cbc:Percent>/);
  assert.match(ubl, /<cbc:InvoicedQuantity unitCode="HUR">0\.833<\/cbc:InvoicedQuantity>/);
  assert.match(ubl, /<cbc:Name>Tapaaminen 9\.11\.2026<\/cbc:Name>/);
  const exempt = (await download('admin', S.exempt2, 'ubl')).text;
  assert.match(exempt, /<cbc:ID>E<\/cbc:ID>\s*<cbc:Percent>0\.00<\/cbc:Percent>\s*<cbc:TaxExemptionReason>Arvonlisäveroton sosiaalihuoltopalvelu \(AVL 37 §\)<\/cbc:TaxExemptionReason>/);
  const credit = (await download('admin', S.credit, 'ubl')).text;
  assert.match(credit, /<cbc:CreditNoteTypeCode>381<\/cbc:CreditNoteTypeCode>/);
  assert.ok(credit.includes(`<cac:InvoiceDocumentReference>\n      <cbc:ID>${S.exemptNumber}</cbc:ID>`), credit);
  assert.match(credit, /<cbc:Note>Bonus &amp; ehdot &lt;eivät täyttyneet&gt;<\/cbc:Note>/);
});

test('every invoice and credit note downloads as Finvoice 3.0 that passes Finvoice3.0.xsd', async () => {
  for (const d of allDocuments()) {
    const r = await download('admin', d.id, 'finvoice');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="${d.number}.finvoice.xml"`);
    V.assertValidFinvoice(r.text, `Finvoice of ${d.kind} ${d.number}`);
    assert.ok(r.text.includes(`<InvoiceTypeCode>${d.kind === 'credit_note' ? 'INV02' : 'INV01'}</InvoiceTypeCode>`));
  }
  const fv = (await download('admin', S.standard, 'finvoice')).text;
  assert.match(fv, /<VatRatePercent>25,50<\/VatRatePercent>/);
  assert.match(fv, /<InvoiceDate Format="CCYYMMDD">\d{8}<\/InvoiceDate>/);
  const credit = (await download('admin', S.credit, 'finvoice')).text;
  assert.match(credit, /<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier="EUR">-\d+,\d\d<\/InvoiceTotalVatIncludedAmount>/);
});

test('Finvoice row VAT adds up to the group VAT: 3 × 50 min at 80 €/h, 25.5 % (rows 16.99 + 16.99 + 17.00 = 50.98)', async () => {
  const card = world.own[0];
  setService(c, card.service_description.id, {
    priceModel: { kind: 'hourly', rate: 8000, cap: Math.max(card.price_cents, 100000), bonuses: [] }, vatRateBp: 2550, vatCategory: 'S',
  });
  const meetings = ['2026-11-02', '2026-11-09', '2026-11-16'].map((date) => ({ date, minutes: 50, actions: 'Valmennus' }));
  const order = await reportedOrder(card, { meetings });
  await must('admin', 'POST', '/api/v1/invoice-runs', { month: currentMonth() }, 201);
  const [[id]] = sql(c.server.dbUrl, `SELECT id FROM invoices WHERE order_id = ${order.id} AND kind = 'invoice'`);
  const inv = await must('admin', 'GET', `/api/v1/invoices/${id}`);
  assert.deepEqual(inv.lines.map((l) => l.net_cents), [6664, 6664, 6664]);
  assert.equal(inv.vat_cents, 5098);
  const fv = (await download('admin', id, 'finvoice')).text;
  V.assertValidFinvoice(fv, 'Finvoice of 3 × 50 min');
  V.assertValidUbl((await download('admin', id, 'ubl')).text, 'UBL of 3 × 50 min');
  const rows = [...fv.matchAll(/<RowVatAmount AmountCurrencyIdentifier="EUR">(-?\d+),(\d\d)<\/RowVatAmount>/g)].map((m) => Number(m[1]) * 100 + Number(m[2]));
  assert.deepEqual(rows, [1699, 1699, 1700]);
  assert.match(fv, /<InvoiceTotalVatAmount AmountCurrencyIdentifier="EUR">50,98<\/InvoiceTotalVatAmount>/);
  // Each row's total is its net plus its VAT; the rows add up to the invoice's gross.
  const totals = [...fv.matchAll(/<RowAmount AmountCurrencyIdentifier="EUR">(\d+),(\d\d)<\/RowAmount>/g)].map((m) => Number(m[1]) * 100 + Number(m[2]));
  assert.equal(totals.reduce((a, x) => a + x, 0), inv.gross_cents);
});

test('the provider downloads its own documents in the browser; the same bytes as the API', async () => {
  const b = browserish(c.baseUrl);
  await login(b, DEMO.provider.email, DEMO.provider.password);
  for (const [id, format, api] of [[S.standard, 'ubl.xml', 'ubl'], [S.credit, 'finvoice.xml', 'finvoice']]) {
    const r = await b.get(`/invoices/${id}/${format}`);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename=".+\\.${format.replace('.', '\\.')}"$`));
    assert.equal(r.text, (await download('provider', id, api)).text);
    if (api === 'ubl') V.assertValidUbl(r.text, 'browser UBL'); else V.assertValidFinvoice(r.text, 'browser Finvoice');
  }
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  assert.equal((await admin.get(`/invoices/${S.exempt}/ubl.xml`)).status, 200);
});

test('another provider\'s invoice is 404 for the provider, visible to the organizer; unknown ids 404; others refused', async () => {
  const [[other]] = sql(c.server.dbUrl, `SELECT id FROM providers WHERE id <> ${world.me.provider_id} ORDER BY id LIMIT 1`);
  // A copy of a real invoice under another provider (the demo signs in only one provider's user).
  const cols = 'kind, order_id, run_id, credited_invoice_id, issue_date, due_date, reference_number, buyer_reference, net_cents, '
    + 'vat_cents, gross_cents, status, dispute_reason, seller_json, buyer_json, decided_at, decided_by_user_id, paid_at, created_at, updated_at';
  const [[copy]] = sql(c.server.dbUrl, `INSERT INTO invoices (number, provider_id, ${cols}) SELECT number || '-X', ${other}, ${cols} `
    + `FROM invoices WHERE id = ${S.standard} RETURNING id`);
  sql(c.server.dbUrl, 'INSERT INTO invoice_lines (invoice_id, line_no, description, quantity_milli, unit_code, unit_price_cents, net_cents, '
    + `vat_rate_bp, vat_category, bonus_code) SELECT ${copy}, line_no, description, quantity_milli, unit_code, unit_price_cents, net_cents, `
    + `vat_rate_bp, vat_category, bonus_code FROM invoice_lines WHERE invoice_id = ${S.standard}`);
  for (const format of ['ubl', 'finvoice']) {
    const r = await download('provider', copy, format);
    assert.equal(r.status, 404, r.text);
    assert.match(r.headers.get('content-type'), /problem\+json/);
    assert.equal((await download('admin', copy, format)).status, 200);
    assert.equal((await download('admin', 999999, format)).status, 404);
    assert.equal((await download('provider', 999999, format)).status, 404);
    assert.equal((await download('admin', 'abc', format)).status, 404);
    assert.equal((await download('admin', 0, format)).status, 404);
    assert.equal((await download('customer', S.standard, format)).status, 403);
    assert.equal((await download('counsellor', S.standard, format)).status, 403);
    assert.equal((await download(null, S.standard, format)).status, 401);
  }
  const b = browserish(c.baseUrl);
  await login(b, DEMO.provider.email, DEMO.provider.password);
  assert.equal((await b.get(`/invoices/${copy}/ubl.xml`)).status, 404);
  assert.equal((await b.get('/invoices/999999/finvoice.xml')).status, 404);
  const anonymous = await browserish(c.baseUrl).get(`/invoices/${S.standard}/ubl.xml`);
  assert.notEqual(anonymous.status, 200);
  sql(c.server.dbUrl, `DELETE FROM invoice_lines WHERE invoice_id = ${copy}`);
  sql(c.server.dbUrl, `DELETE FROM invoices WHERE id = ${copy}`);
});

test('a document whose parties lack what Finvoice needs is refused with 409, not a 500', async () => {
  const [[json]] = sql(c.server.dbUrl, `SELECT buyer_json FROM invoices WHERE id = ${S.exempt2}`);
  const broken = { ...JSON.parse(json), einvoice_operator: '' };
  sql(c.server.dbUrl, `UPDATE invoices SET buyer_json = '${JSON.stringify(broken).replace(/'/g, "''")}' WHERE id = ${S.exempt2}`);
  try {
    const r = await download('admin', S.exempt2, 'finvoice');
    assert.equal(r.status, 409, r.text);
    assert.match(r.headers.get('content-type'), /problem\+json/);
    assert.equal((await download('admin', S.exempt2, 'ubl')).status, 200, 'UBL does not need the operator');
  } finally {
    sql(c.server.dbUrl, `UPDATE invoices SET buyer_json = '${json.replace(/'/g, "''")}' WHERE id = ${S.exempt2}`);
  }
});

function listXml(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
}

test('export-invoices writes one valid UBL file per invoice and credit note of the month, named by number', () => {
  const out = path.join(tmp, 'ubl');
  const r = exportInvoices('--database', c.server.dbUrl, '--format', 'ubl', '--out', out, '--month', currentMonth());
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const month = sql(c.server.dbUrl, `SELECT number, kind FROM invoices WHERE issue_date LIKE '${currentMonth()}-%' ORDER BY number`);
  assert.ok(month.length >= 4);
  assert.deepEqual(listXml(out), month.map(([n]) => `${n}.ubl.xml`).sort());
  const credits = month.filter(([, k]) => k === 'credit_note').length;
  assert.match(r.stdout, new RegExp(`exported ${month.length} file\\(s\\): ${month.length - credits} invoice\\(s\\), ${credits} credit note\\(s\\)`));
  for (const f of listXml(out)) V.assertValidUbl(fs.readFileSync(path.join(out, f), 'utf8'), `exported ${f}`);
  // A month without documents: nothing, exit 0.
  const empty = path.join(tmp, 'empty');
  const none = exportInvoices('--database', c.server.dbUrl, '--format', 'ubl', '--out', empty, '--month', '2001-01');
  assert.equal(none.status, 0, none.stderr);
  assert.deepEqual(listXml(empty), []);
});

test('export-invoices writes valid Finvoice files, all months without --month', () => {
  const out = path.join(tmp, 'finvoice');
  const r = exportInvoices('--database', c.server.dbUrl, '--format', 'finvoice', '--out', out);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const all = sql(c.server.dbUrl, 'SELECT number FROM invoices ORDER BY number').map(([n]) => `${n}.finvoice.xml`);
  assert.deepEqual(listXml(out), all.sort());
  for (const f of listXml(out)) V.assertValidFinvoice(fs.readFileSync(path.join(out, f), 'utf8'), `exported ${f}`);
  // The file is what the download route answers.
  const [[number]] = sql(c.server.dbUrl, `SELECT number FROM invoices WHERE id = ${S.credit}`);
  return download('admin', S.credit, 'finvoice').then((d) => {
    assert.equal(fs.readFileSync(path.join(out, `${number}.finvoice.xml`), 'utf8'), d.text);
  });
});

test('export-invoices: bad arguments exit 2 with the usage line', () => {
  const out = path.join(tmp, 'bad');
  const cases = [
    ['--database', c.server.dbUrl, '--format', 'pdf', '--out', out],
    ['--database', c.server.dbUrl, '--out', out],
    ['--database', c.server.dbUrl, '--format', 'ubl'],
    ['--database', c.server.dbUrl, '--format', 'ubl', '--out', out, '--month', '2026-13'],
    ['--database', c.server.dbUrl, '--format', 'ubl', '--out', out, '--month', '2026-1'],
    ['--database', c.server.dbUrl, '--format', 'ubl', '--out', out, '--month', 'marraskuu'],
    ['--database', c.server.dbUrl, '--format', 'ubl', '--out', out, '--month', '2026-11-01'],
  ];
  for (const args of cases) {
    const r = exportInvoices(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /Usage: palvelutori export-invoices --database URL --format ubl\|finvoice --out DIR \[--month YYYY-MM\]/);
  }
  assert.equal(fs.existsSync(out), false, 'nothing is written for bad arguments');
  // An option without its value, an unknown option, a missing database, an output path that is a file.
  assert.equal(exportInvoices('--database', c.server.dbUrl, '--format', 'ubl', '--out').status, 2);
  assert.equal(exportInvoices('--database', c.server.dbUrl, '--format', 'ubl', '--out', out, '--bogus').status, 2);
  assert.equal(exportInvoices('--database', `sqlite:${path.join(tmp, 'nope.db')}`, '--format', 'ubl', '--out', out).status, 2);
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, 'x');
  const r = exportInvoices('--database', c.server.dbUrl, '--format', 'ubl', '--out', file);
  assert.equal(r.status, 2, r.stderr);
  const help = exportInvoices('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: palvelutori export-invoices/);
});

test('a broken invoice is caught: wrong total, unknown currency (Schematron), bad Finvoice amount and date (XSD)', async () => {
  const NO = { record: false };  // deliberately broken: kept out of the summary
  const ubl = (await download('admin', S.standard, 'ubl')).text;
  const wrongTotal = ubl.replace(/(<cbc:PayableAmount currencyID="EUR">)([\d.]+)/, (_, a, v) => `${a}${(Number(v) + 1).toFixed(2)}`);
  assert.notEqual(wrongTotal, ubl);
  const r1 = V.validateUbl(wrongTotal, NO);
  assert.equal(r1.xsd.ok, true, 'a wrong total is still well-formed UBL');
  const ids1 = r1.schematron.flatMap((s) => s.fatal.map((a) => a.id));
  assert.ok(ids1.includes('BR-CO-16'), `BR-CO-16 (amount due) expected, got ${ids1}`);
  assert.throws(() => V.assertValidUbl(wrongTotal, 'wrong total', NO), /BR-CO-16/);

  const zzz = ubl.replace('<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>', '<cbc:DocumentCurrencyCode>ZZZ</cbc:DocumentCurrencyCode>');
  const ids2 = V.validateUbl(zzz, NO).schematron.flatMap((s) => s.fatal.map((a) => a.id));
  assert.ok(ids2.includes('BR-CL-04'), `BR-CL-04 (currency code list) expected, got ${ids2}`);

  const noPeppol = ubl.replace(/<cbc:CustomizationID>[^<]*<\/cbc:CustomizationID>/, '<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>');
  const peppol = V.validateUbl(noPeppol, NO).schematron.find((s) => s.name.startsWith('Peppol PEPPOL'));
  assert.ok(peppol.fatal.length > 0, 'the Peppol rules refuse a document that is not Peppol BIS');

  const swapped = ubl.replace('<cbc:IssueDate>', '<cbc:Bogus>x</cbc:Bogus><cbc:IssueDate>');
  assert.equal(V.validateUbl(swapped, NO).xsd.ok, false, 'the UBL XSD refuses an unknown element');

  const fv = (await download('admin', S.standard, 'finvoice')).text;
  const dotAmount = fv.replace(/(<EpiInstructedAmount AmountCurrencyIdentifier="EUR">)(\d+),(\d\d)/, '$1$2.$3');
  assert.notEqual(dotAmount, fv);
  assert.equal(V.validateFinvoice(dotAmount, NO).xsd.ok, false, 'a dot decimal is not Finvoice');
  const isoDate = fv.replace(/(<InvoiceDate Format="CCYYMMDD">)(\d{4})(\d\d)(\d\d)/, '$1$2-$3-$4');
  assert.notEqual(isoDate, fv);
  assert.throws(() => V.assertValidFinvoice(isoDate, 'iso date', NO), /Finvoice/);
});

test('summary of the validation results', (t) => {
  for (const [type, s] of Object.entries(V.stats)) t.diagnostic(`${type}: ${s.documents} validated, fatal ${s.fatal}, warnings ${s.warnings}`);
  for (const type of ['UBL Invoice', 'UBL CreditNote', 'Finvoice']) {
    assert.ok(V.stats[type] && V.stats[type].documents > 0, `${type} documents were validated`);
    assert.equal(V.stats[type].fatal, 0, `${type}: no fatal failures`);
  }
});
