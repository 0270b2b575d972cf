'use strict';
// Payments of approved invoices (issue 6): by hand through the API and the organizer's page, partial
// payments, the CSV import of paid invoices (happy path, and the all-or-nothing refusal with errors
// per line), the invoice and its order becoming paid with the provider's users mailed, and the ledger
// check after it all. Invoices come from payments-fixtures.js.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { browserish, login, csrfFrom, DEMO, REPO } = require('./harness');
const { startMailReceiver } = require('./mail-harness');
const { apiContext } = require('./context');
const { invoiceFactory, fiAmount, fiDate, finnishDate, sql } = require('./payments-fixtures');
const { postMultipart } = require('./procurement-fixtures');
const { texts } = require('./orders-fixtures');

const FAST = { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_MAIL_BACKOFF_MS: '1000', PALVELUTORI_MAIL_BACKOFF_MAX_MS: '1000' };
const FI = texts('fi');
const BIN = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');

let c; let mail; let f;
before(async () => {
  mail = await startMailReceiver();
  c = await apiContext({ smtp: mail, env: FAST });
  f = await invoiceFactory(c);
});
after(async () => {
  if (c) await c.server.stop();
  if (mail) await mail.stop();
});

const pay = (id, body, role = 'admin') => c.call(role, 'POST', `/api/v1/invoices/${id}/payments`, body);
const importCsv = (text, role = 'admin') => c.call(role, 'POST', '/api/v1/payments/import', undefined, { raw: text, headers: { 'content-type': 'text/csv; charset=utf-8' } });
const state = async (id, role = 'admin') => {
  const r = await c.call(role, 'GET', `/api/v1/invoices/${id}/payments`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const order = async (id) => (await c.call('admin', 'GET', `/api/v1/orders/${id}`)).json;
const count = (table) => Number(sql(c.server.dbUrl, `SELECT COUNT(*) FROM ${table}`)[0][0]);
const subjectFor = (number) => new RegExp(`^Maksu vastaanotettu: lasku ${number}$`);

test('a payment of the whole gross: invoice and order paid, pay event by the organizer, provider mailed', async () => {
  const inv = await f.invoice();
  const before_ = await order(inv.orderId);
  assert.equal(before_.status, 'invoiced');
  const r = await pay(inv.id, { amount_cents: inv.gross, paid_on: finnishDate(), reference: 'ARK 123' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.payment.amount_cents, inv.gross);
  assert.equal(r.json.payment.source, 'manual');
  assert.equal(r.json.payment.reference, 'ARK 123');
  assert.equal(r.json.payment.recorded_by, f.me.admin.name);
  assert.deepEqual([r.json.invoice.status, r.json.invoice.paid_cents, r.json.invoice.open_cents], ['paid', inv.gross, 0]);
  assert.ok(r.json.invoice.paid_at);

  const o = await order(inv.orderId);
  assert.equal(o.status, 'paid');
  const e = o.events[o.events.length - 1];
  assert.deepEqual([e.action, e.from_status, e.to_status, e.actor_role], ['pay', 'invoiced', 'paid', 'organizer_admin']);
  assert.equal(o.events.length, before_.events.length + 1);

  const m = (await mail.waitForMail({ to: DEMO.provider.email, where: (x) => subjectFor(inv.number).test(x.subject) }))[0];
  assert.ok(m.text.includes(FI['mail.payment_received.body_settled']), m.text);
  assert.ok(m.text.includes('2 500,00'), m.text);
  assert.ok(m.text.includes(`/invoices/${inv.id}`), m.text);

  // The provider sees its invoice's payments; paying a paid invoice again is a conflict.
  const seen = await state(inv.id, 'provider');
  assert.equal(seen.items.length, 1);
  assert.equal(seen.invoice.status, 'paid');
  const again = await pay(inv.id, { amount_cents: 1, paid_on: finnishDate() });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.detail, FI['payments.invoice_paid']);
  // Audit: one record per payment, and the order's pay step.
  assert.equal(Number(sql(c.server.dbUrl, `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.record' AND entity_id = '${inv.id}'`)[0][0]), 1);
  assert.equal(Number(sql(c.server.dbUrl, `SELECT COUNT(*) FROM audit_log WHERE action = 'order.pay' AND entity_id = '${inv.orderId}'`)[0][0]), 1);
});

test('partial payments: the invoice stays approved and the order invoiced until the sum reaches the gross', async () => {
  const inv = await f.invoice({ gross: 300000 });
  const first = await pay(inv.id, { amount_cents: 100000, paid_on: fiDate(finnishDate()) });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.payment.paid_on, finnishDate(), 'a Finnish date is stored as ISO');
  assert.deepEqual([first.json.invoice.status, first.json.invoice.paid_cents, first.json.invoice.open_cents], ['approved', 100000, 200000]);
  assert.equal((await order(inv.orderId)).status, 'invoiced');
  const partial = (await mail.waitForMail({ to: DEMO.provider.email, where: (x) => subjectFor(inv.number).test(x.subject) }))[0];
  assert.ok(partial.text.includes(FI['mail.payment_received.body_partial']), partial.text);
  assert.ok(partial.text.includes('2 000,00'), 'the open amount is told');

  const over = await pay(inv.id, { amount_cents: 200001, paid_on: finnishDate() });
  assert.equal(over.status, 422, over.text);
  assert.equal(over.json.errors.amount_cents, FI['payments.amount_over_open']);
  const rest = await pay(inv.id, { amount_cents: 200000, paid_on: finnishDate() });
  assert.equal(rest.status, 201, rest.text);
  assert.equal(rest.json.invoice.status, 'paid');
  assert.equal((await order(inv.orderId)).status, 'paid');
  assert.equal((await state(inv.id)).items.length, 2);
});

test('sent, disputed and credited invoices and credit notes take no payment (409); nothing changes', async () => {
  for (const [status, kind, key] of [['sent', 'invoice', 'payments.invoice_not_approved'], ['disputed', 'invoice', 'payments.invoice_not_approved'],
    ['credited', 'invoice', 'payments.invoice_credited'], ['approved', 'credit_note', 'payments.not_an_invoice']]) {
    const inv = await f.invoice({ status, kind });
    const r = await pay(inv.id, { amount_cents: 1000, paid_on: finnishDate() });
    assert.equal(r.status, 409, `${status} ${kind}: ${r.text}`);
    assert.equal(r.json.detail, FI[key]);
    const s = await state(inv.id);
    assert.deepEqual([s.invoice.status, s.items.length], [status, 0]);
    assert.equal((await order(inv.orderId)).status, 'invoiced');
  }
});

test('CSV import: BOM, CRLF, comma decimals, both date forms; an invoice paid over two rows; orders paid', async () => {
  const a = await f.invoice({ gross: 250000 });
  const b = await f.invoice({ gross: 123456 });
  const d = finnishDate();
  const csv = '\uFEFFinvoice_number;paid_on;amount\r\n'
    + `${a.number};${fiDate(d)};1 000,00\r\n`
    + `${b.number};${d};${fiAmount(123456)}\r\n`
    + `"${a.number}";${fiDate(d)};1500\r\n`;
  const before_ = count('payments');
  const r = await importCsv(csv);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, 3);
  assert.equal(r.json.total_cents, 250000 + 123456);
  assert.deepEqual([...r.json.invoices_paid].sort(), [a.number, b.number].sort());
  assert.deepEqual(r.json.payments.map((p) => [p.invoice.number, p.amount_cents, p.source, p.paid_on]),
    [[a.number, 100000, 'csv', d], [b.number, 123456, 'csv', d], [a.number, 150000, 'csv', d]]);
  assert.equal(count('payments'), before_ + 3);
  for (const inv of [a, b]) {
    assert.equal((await state(inv.id)).invoice.status, 'paid');
    assert.equal((await order(inv.orderId)).status, 'paid');
  }
  await mail.waitForMail({ to: DEMO.provider.email, count: 2, where: (x) => subjectFor(a.number).test(x.subject) });
});

test('CSV import is all or nothing: every wrong row is reported with its line, nothing is stored', async () => {
  const good = await f.invoice({ gross: 100000 });
  const sent = await f.invoice({ status: 'sent' });
  const small = await f.invoice({ gross: 5000 });
  const old = await f.invoice({ gross: 5000, issueDate: '2026-01-15' });
  const d = fiDate(finnishDate());
  const tomorrow = fiDate(finnishDate(new Date(), 1));
  const csv = 'invoice_number;paid_on;amount\n'
    + `${good.number};${d};100,00\n`            // 2 fine
    + `NO-SUCH-INVOICE;${d};10,00\n`            // 3 unknown invoice
    + `${sent.number};${d};10,00\n`             // 4 not approved
    + `${small.number};${d};50,01\n`            // 5 over the open amount
    + `${good.number};32.1.2026;10,00\n`        // 6 bad date
    + `${good.number};${d};100,00\n`            // 7 duplicate of line 2
    + `${small.number};${d};30,00\n`            // 8 fine alone,
    + `${small.number};${d};30,01\n`            // 9 but with line 8 over the open amount
    + `${good.number};${tomorrow};1,00\n`       // 10 in the future
    + `${old.number};14.1.2026;1,00\n`          // 11 before the invoice date
    + `${good.number};${d};abc\n`;              // 12 bad amount
  const before_ = count('payments');
  const r = await importCsv(csv);
  assert.equal(r.status, 422, r.text);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.deepEqual(r.json.rows.map((x) => [x.line, x.field, x.message]), [
    [3, 'invoice_number', FI['payments.unknown_invoice']],
    [4, 'invoice_number', FI['payments.invoice_not_approved']],
    [5, 'amount', FI['payments.amount_over_open']],
    [6, 'paid_on', FI['payments.csv.date_format']],
    [7, 'row', FI['payments.csv.duplicate_row']],
    [9, 'amount', FI['payments.amount_over_open']],
    [10, 'paid_on', FI['payments.date_in_future']],
    [11, 'paid_on', FI['payments.date_before_issue']],
    [12, 'amount', FI['payments.csv.amount_format']],
  ]);
  assert.equal(count('payments'), before_, 'nothing stored');
  for (const inv of [good, small]) assert.equal((await state(inv.id)).invoice.status, 'approved');
  // The same file without its wrong rows goes in.
  const fixed = 'invoice_number;paid_on;amount\n' + `${good.number};${d};100,00\n` + `${small.number};${d};30,00\n`;
  const ok = await importCsv(fixed);
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json.invoices_paid, []);
  assert.equal((await state(good.id)).invoice.open_cents, 90000);
});

test('CSV import: the same bank file imported again is refused row by row as already imported; nothing doubles', async () => {
  const a = await f.invoice({ gross: 300000 });
  const b = await f.invoice({ gross: 300000 });
  const d = finnishDate();
  // A manual payment of the same amount and day does not count as imported.
  assert.equal((await pay(b.id, { amount_cents: 50000, paid_on: d })).status, 201);
  const csv = 'invoice_number;paid_on;amount\n' + `${a.number};${fiDate(d)};1000,00\n` + `${b.number};${d};500,00\n`;
  const first = await importCsv(csv);
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.imported, 2);
  const before_ = count('payments');
  const again = await importCsv(csv);
  assert.equal(again.status, 422, again.text);
  assert.deepEqual(again.json.rows.map((x) => [x.line, x.field, x.message]), [
    [2, 'row', FI['payments.csv.already_imported']],
    [3, 'row', FI['payments.csv.already_imported']],
  ]);
  assert.equal(count('payments'), before_, 'nothing stored twice');
  assert.equal((await state(a.id)).invoice.paid_cents, 100000);
  assert.equal((await state(b.id)).invoice.paid_cents, 100000);
  // Another day or amount for the same invoice is a new payment.
  const next = await importCsv('invoice_number;paid_on;amount\n' + `${a.number};${d};1000,01\n`);
  assert.equal(next.status, 201, next.text);
});

test('the organizer\'s pages: the payment form, errors beside fields, the upload with its line report', async () => {
  const client = browserish(c.baseUrl);
  await login(client, DEMO.admin.email, DEMO.admin.password);
  const inv = await f.invoice({ gross: 80000 });
  const page = await client.get(`/admin/invoices/${inv.id}/payments`);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  assert.match(page.text, /data-status="approved"/);
  const bad = await client.postForm(`/admin/invoices/${inv.id}/payments`, { csrf_token: csrfFrom(page.text), amount: '900,00', paid_on: '1.13.2026', reference: 'x' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /data-field-error="amount"/);
  assert.match(bad.text, /data-field-error="paid_on"/);
  assert.match(bad.text, /value="900,00"/, 'what was typed is kept');
  const over = await client.postForm(`/admin/invoices/${inv.id}/payments`, { csrf_token: csrfFrom(page.text), amount: '900,00', paid_on: finnishDate(), reference: '' });
  assert.equal(over.status, 422);
  assert.ok(over.text.includes(FI['payments.amount_over_open']));
  const ok = await client.postForm(`/admin/invoices/${inv.id}/payments`, { csrf_token: csrfFrom(page.text), amount: '800,00', paid_on: fiDate(finnishDate()), reference: 'Pankki 9' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const after_ = await client.get(ok.location);
  assert.match(after_.text, /data-status="paid"/);
  assert.match(after_.text, /Pankki 9/);
  assert.doesNotMatch(after_.text, /name="amount"/, 'a paid invoice has no payment form');

  const other = await f.invoice({ gross: 20000 });
  const file = (text) => [{ field: 'file', name: 'maksut.csv', type: 'text/csv', bytes: Buffer.from(text) }];
  const rejected = await postMultipart(client, c.baseUrl, '/admin/payments/import', '/admin/payments/import', {},
    file(`invoice_number;paid_on;amount\n${other.number};${finnishDate()};200,00\nNOPE;${finnishDate()};1,00\n`));
  assert.equal(rejected.status, 422, rejected.text.slice(0, 300));
  assert.match(rejected.text, /class="import-error" data-line="3" data-field-error="invoice_number"/);
  assert.equal((await state(other.id)).items.length, 0);
  const imported = await postMultipart(client, c.baseUrl, '/admin/payments/import', '/admin/payments/import', {},
    file(`invoice_number;paid_on;amount\n${other.number};${finnishDate()};200,00\n`));
  assert.equal(imported.status, 303, imported.text.slice(0, 300));
  const list = await client.get(imported.location);
  assert.match(list.text, /data-testid="imported"/);
  assert.ok(list.text.includes(other.number));
  assert.equal((await state(other.id)).invoice.status, 'paid');
});

test('the ledger check passes after all of it', () => {
  const r = spawnSync(BIN, ['ledger', 'check', '--database', c.server.dbUrl], { cwd: REPO, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /: OK$/m);
});
