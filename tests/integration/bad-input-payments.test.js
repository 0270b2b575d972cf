'use strict';
// Bad input for payments (issue 6): the manual payment (API body and the organizer's form) and the
// CSV import (API text/csv body and the file upload). Every answer is a 4xx — problem+json naming
// the field or the line (API), or the page with the message beside the field (HTML) — never a 5xx,
// and no payment is stored.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { browserish, login, csrfFrom, DEMO } = require('./harness');
const { apiContext } = require('./context');
const { invoiceFactory, finnishDate, fiDate, sql } = require('./payments-fixtures');
const { postMultipart } = require('./procurement-fixtures');
const { texts } = require('./orders-fixtures');

const FI = texts('fi');
const SCRIPT = '<script>alert(1)</script>';
let c; let inv; let admin;

before(async () => {
  c = await apiContext();
  const f = await invoiceFactory(c);
  inv = await f.invoice({ gross: 100000, issueDate: finnishDate(new Date(), -10) });
  admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
});
after(async () => { if (c) await c.server.stop(); });

const payments = () => Number(sql(c.server.dbUrl, 'SELECT COUNT(*) FROM payments')[0][0]);
const isProblem = (res, info, status) => {
  assert.ok(res.status >= 400 && res.status < 500, `${info}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  if (status) assert.equal(res.status, status, `${info}: ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/, info);
  assert.ok(res.json && res.json.detail, info);
  assert.ok(!res.text.includes(SCRIPT), `${info}: echoes markup`);
};
const base = () => ({ amount_cents: 1000, paid_on: finnishDate(), reference: 'ok' });
const pay = (body, opts = {}) => c.call(opts.role ?? 'admin', 'POST', `/api/v1/invoices/${opts.id ?? inv.id}/payments`, body, opts);

test('manual payment: every field wrong in every way → 422 with the field named; nothing stored', async () => {
  const before_ = payments();
  const cases = [
    ['amount_cents', undefined, 'validation.required'],
    ['amount_cents', '1000', 'payments.amount_cents_format'],
    ['amount_cents', 10.5, 'payments.amount_cents_format'],
    ['amount_cents', null, 'payments.amount_cents_format'],
    ['amount_cents', [1], 'payments.amount_cents_format'],
    ['amount_cents', 1e30, 'payments.amount_cents_format'],
    ['amount_cents', 0, 'payments.amount_positive'],
    ['amount_cents', -5, 'payments.amount_positive'],
    ['amount_cents', 100001, 'payments.amount_over_open'],
    ['paid_on', undefined, 'validation.required'],
    ['paid_on', '', 'validation.required'],
    ['paid_on', 20261201, 'validation.not_text'],
    ['paid_on', '2026-02-30', 'payments.date_format'],
    ['paid_on', '31.4.2026', 'payments.date_format'],
    ['paid_on', 'eilen', 'payments.date_format'],
    ['paid_on', SCRIPT, 'validation.too_long'],
    ['paid_on', finnishDate(new Date(), 1), 'payments.date_in_future'],
    ['paid_on', fiDate(finnishDate(new Date(), -11)), 'payments.date_before_issue'],
    ['reference', 'x'.repeat(101), 'validation.too_long'],
    ['reference', 'a\u0000b', 'validation.control_chars'],
    ['reference', 'rivi\nrivi', 'validation.control_chars'],
    ['reference', 42, 'validation.not_text'],
    ['reference', { a: 1 }, 'validation.not_text'],
    ['colour', 'red', 'payments.unknown_field'],
  ];
  for (const [field, value, key] of cases) {
    const body = base();
    if (value === undefined) delete body[field]; else body[field] = value;
    const r = await pay(body);
    isProblem(r, `${field}=${JSON.stringify(value)}`, 422);
    assert.equal(r.json.errors?.[field], FI[key], `${field}=${JSON.stringify(value)}: ${r.text}`);
  }
  assert.equal(payments(), before_);
});

test('manual payment: bodies, media types, ids, roles', async () => {
  const before_ = payments();
  for (const [name, raw, status] of [['bad JSON', '{"a":', 400], ['array', '[]', 422], ['string', '"x"', 422], ['null', 'null', 422]]) {
    const r = await pay(undefined, { raw, headers: { 'content-type': 'application/json' } });
    isProblem(r, name, status);
  }
  isProblem(await pay(undefined, { raw: JSON.stringify(base()), headers: { 'content-type': 'text/plain' } }), 'text/plain', 415);
  for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) isProblem(await pay(base(), { id, validate: false }), `id ${id}`, 404);
  isProblem(await pay(base(), { id: 987654 }), 'unknown invoice', 404);
  for (const role of ['provider', 'customer', 'counsellor']) isProblem(await pay(base(), { role }), role, 403);
  isProblem(await c.call(null, 'POST', `/api/v1/invoices/${inv.id}/payments`, base()), 'anonymous', 401);
  // Reading: a customer may not; an unknown invoice is 404.
  isProblem(await c.call('customer', 'GET', `/api/v1/invoices/${inv.id}/payments`), 'customer reads', 403);
  isProblem(await c.call('admin', 'GET', '/api/v1/invoices/987654/payments'), 'unknown invoice read', 404);
  isProblem(await c.call('provider', 'GET', '/api/v1/payments'), 'provider lists all payments', 403);
  isProblem(await c.call('admin', 'GET', '/api/v1/payments?page=0'), 'page 0', 400);
  assert.equal(payments(), before_);
});

test('CSV import: media type, size, encoding, header, rows → 4xx with lines; nothing stored', async () => {
  const before_ = payments();
  const send = (raw, ct = 'text/csv', role = 'admin') => c.call(role, 'POST', '/api/v1/payments/import', undefined, { raw, headers: ct ? { 'content-type': ct } : {} });
  const d = finnishDate();
  const good = `invoice_number;paid_on;amount\n${inv.number};${d};1,00\n`;
  isProblem(await send(good, 'application/json'), 'json type', 415);
  isProblem(await send(good, 'text/plain'), 'text/plain', 415);
  isProblem(await send(good, null), 'no content type', 415);
  isProblem(await send(good, 'text/csv', 'provider'), 'provider', 403);
  isProblem(await send(good, 'text/csv', 'customer'), 'customer', 403);
  const big = await send('invoice_number;paid_on;amount\n' + `${inv.number};${d};1,00\n`.repeat(60000), 'text/csv');
  isProblem(big, 'over 1 MiB', 413);
  const rows = async (raw, expected, info) => {
    const r = await send(raw);
    isProblem(r, info, 422);
    assert.deepEqual(r.json.rows.map((x) => [x.line, x.field, x.message]), expected.map(([l, f, k]) => [l, f, FI[k]]), info);
  };
  await rows('', [[0, 'file', 'payments.csv.empty']], 'empty');
  await rows(Buffer.from([0x69, 0x6e, 0xff, 0x0a]), [[0, 'file', 'payments.csv.encoding']], 'not UTF-8');
  await rows('invoice_number;paid_on;amount\n', [[0, 'file', 'payments.csv.no_rows']], 'header only');
  await rows(`laskunumero;pvm;summa\n${inv.number};${d};1,00\n`, [[1, 'row', 'payments.csv.header']], 'wrong header');
  await rows(`invoice_number,paid_on,amount\n${inv.number},${d},1.00\n`, [[1, 'row', 'payments.csv.header']], 'commas');
  await rows(`invoice_number;paid_on;amount\n${inv.number};${d}\n${inv.number};${d};1,00;x\n"${inv.number};${d};1\n`,
    [[2, 'row', 'payments.csv.columns'], [3, 'row', 'payments.csv.columns'], [4, 'row', 'payments.csv.quote']], 'columns and quotes');
  await rows(`invoice_number;paid_on;amount\n${SCRIPT};${d};1,00\n${'9'.repeat(41)};${d};1,00\n;${d};1,00\n`,
    [[2, 'invoice_number', 'payments.unknown_invoice'], [3, 'invoice_number', 'payments.csv.number_format'], [4, 'invoice_number', 'payments.csv.number_required']], 'numbers');
  await rows(`invoice_number;paid_on;amount\n${inv.number};${d};1 000 000 000 000,00\n${inv.number};${d};1,001\n${inv.number};${d};-1\n${inv.number};${d};0,00\n`,
    [[2, 'amount', 'payments.csv.amount_format'], [3, 'amount', 'payments.csv.amount_format'], [4, 'amount', 'payments.csv.amount_format'], [5, 'amount', 'payments.amount_positive']], 'amounts');
  await rows(`invoice_number;paid_on;amount\n${inv.number};${d};1,00\n\n${inv.number};${d};2,00\n`, [[3, 'row', 'payments.csv.blank_row']], 'blank row');
  assert.equal(payments(), before_);
});

test('the organizer\'s form and upload: messages beside the field, values kept, nothing stored', async () => {
  const before_ = payments();
  const page = await admin.get(`/admin/invoices/${inv.id}/payments`);
  assert.equal(page.status, 200);
  const post = (fields) => admin.postForm(`/admin/invoices/${inv.id}/payments`, { csrf_token: csrfFrom(page.text), amount: '10,00', paid_on: finnishDate(), reference: '', ...fields });
  for (const [fields, field, key] of [
    [{ amount: '' }, 'amount', 'validation.required'], [{ amount: 'kymppi' }, 'amount', 'payments.amount_format'],
    [{ amount: '0' }, 'amount', 'payments.amount_positive'], [{ amount: '1,001' }, 'amount', 'payments.amount_format'],
    [{ amount: '1000,01' }, 'amount', 'payments.amount_over_open'], [{ paid_on: '' }, 'paid_on', 'validation.required'],
    [{ paid_on: '30.2.2026' }, 'paid_on', 'payments.date_format'], [{ paid_on: finnishDate(new Date(), 2) }, 'paid_on', 'payments.date_in_future'],
    [{ reference: 'r'.repeat(101) }, 'reference', 'validation.too_long'], [{ reference: SCRIPT + '\u0001' }, 'reference', 'validation.control_chars'],
  ]) {
    const r = await post(fields);
    assert.equal(r.status, 422, `${JSON.stringify(fields)}: ${r.status}`);
    assert.match(r.text, new RegExp(`data-field-error="${field}">${FI[key].replace(/[.()]/g, '\\$&')}<`), JSON.stringify(fields));
    assert.ok(!r.text.includes(SCRIPT), 'markup is escaped');
  }
  const broken = await admin.postForm(`/admin/invoices/${inv.id}/payments`, {}, { raw: `csrf_token=${encodeURIComponent(csrfFrom(page.text))}&amount=%FF&paid_on=${finnishDate()}` });
  assert.ok(broken.status >= 400 && broken.status < 500, `broken UTF-8: ${broken.status}`);
  const noCsrf = await admin.postForm(`/admin/invoices/${inv.id}/payments`, { amount: '10,00', paid_on: finnishDate() });
  assert.equal(noCsrf.status, 403);
  assert.equal((await admin.get('/admin/invoices/abc/payments')).status, 404);
  assert.equal((await admin.get('/admin/invoices/987654/payments')).status, 404);

  const noFile = await postMultipart(admin, c.baseUrl, '/admin/payments/import', '/admin/payments/import', {}, []);
  assert.equal(noFile.status, 422);
  assert.match(noFile.text, /data-field-error="file"/);
  const empty = await postMultipart(admin, c.baseUrl, '/admin/payments/import', '/admin/payments/import', {},
    [{ field: 'file', name: 'x.csv', type: 'text/csv', bytes: Buffer.from('a;b;c\n') }]);
  assert.equal(empty.status, 422);
  assert.match(empty.text, /data-line="1" data-field-error="row"/);
  const provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  assert.equal((await provider.get('/admin/payments/import')).status, 403);
  assert.equal((await provider.get(`/admin/invoices/${inv.id}/payments`)).status, 403);
  assert.equal(payments(), before_);
});
