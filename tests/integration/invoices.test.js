'use strict';
// The monthly invoice run, approval (voucher spend + release), dispute, credit notes (refund) and
// the views, on SQLite or (PT_DB=postgres) PostgreSQL. Orders reach `reported` through the API; the
// approved billing reports are written with SQL (invoice-fixtures.js). Every API answer is checked
// against the OpenAPI document; `palvelutori ledger check` must pass after each money movement.
// Tests run in file order and share one server.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { apiContext } = require('./context');
const { REPO, browserish, login, csrfFrom, DEMO } = require('./harness');
const { sql } = require('./providers-fixtures');
const { finnishDate } = require('./orders-fixtures');
const { invoiceWorld, setService, approveBillingReport, reportedOrder, ledgerOf, validReference, roundHalfAway,
  currentMonth } = require('./invoice-fixtures');

let c;
let world;
before(async () => {
  c = await apiContext();
  world = await invoiceWorld(c);
});
after(async () => { if (c) await c.server.stop(); });

function bin() {
  const b = process.env.PT_BIN || 'out/palvelutori';
  return path.isAbsolute(b) ? b : path.join(REPO, b);
}
function ledgerCheck() {
  const r = spawnSync(bin(), ['ledger', 'check', '--database', c.server.dbUrl], { cwd: REPO, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `ledger check should pass:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /: OK\n$/);
}
const addDays = (iso, n) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const must = async (role, method, p, body, status = 200) => {
  const r = await c.call(role, method, p, body);
  assert.equal(r.status, status, `${role} ${method} ${p}: ${r.text.slice(0, 400)}`);
  return r.json;
};
const run = (month = currentMonth(), role = 'admin') => c.call(role, 'POST', '/api/v1/invoice-runs', { month });
const invoicesOfOrder = (orderId) => sql(c.server.dbUrl, `SELECT id, kind, status FROM invoices WHERE order_id = ${orderId} ORDER BY id`);
const mails = (kind) => Number(sql(c.server.dbUrl, `SELECT COUNT(*) FROM outbox WHERE kind = '${kind}'`)[0][0]);

const S = {};  // what later tests need from earlier ones

test('fixed price, 0 % VAT (exempt) and an approved bonus: one invoice with two lines, reference, due date', async () => {
  const card = world.own[0];
  const serviceId = card.service_description.id;
  S.serviceA = serviceId;
  setService(c, serviceId, {
    priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] },
    vatRateBp: 0, vatCategory: 'E', exemptionReason: 'Arvonlisäveroton sosiaalihuoltopalvelu (AVL 37 §)',
  });
  const mailsBefore = mails('invoice_created');
  const order = await reportedOrder(c, world, card, { bonusCode: 'employed_6m', bonusStatus: 'approved' });
  S.orderA = order;
  const r = await run();
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.month, currentMonth());
  const [[id]] = invoicesOfOrder(order.id);
  assert.ok(r.json.invoice_ids.includes(Number(id)));
  const inv = await must('admin', 'GET', `/api/v1/invoices/${id}`);
  S.invoiceA = inv;
  assert.equal(inv.kind, 'invoice');
  assert.equal(inv.status, 'sent');
  assert.match(inv.number, new RegExp(`^${finnishDate().slice(0, 4)}-\\d{6}$`));
  assert.equal(inv.contract_number, order.contract_number);
  assert.equal(inv.issue_date, finnishDate());
  assert.equal(inv.due_date, addDays(finnishDate(), world.paymentTermsDays));
  assert.ok(validReference(inv.reference_number), inv.reference_number);
  assert.equal(inv.reference_number.slice(0, -1), inv.number.replace('-', ''));
  const [[nameFi]] = sql(c.server.dbUrl, `SELECT name_fi FROM service_descriptions WHERE id = ${serviceId}`);
  assert.equal(inv.buyer_reference, `Dynaaminen pienhankinta / ${nameFi}`);
  assert.equal(inv.lines.length, 2);
  assert.deepEqual(inv.lines.map((l) => [l.description, l.quantity_milli, l.unit_code, l.unit_price_cents, l.net_cents, l.bonus_code]), [
    [card.title, 1000, 'C62', card.price_cents, card.price_cents, null],
    ['Tulosbonus: employed_6m', 1000, 'C62', 50000, 50000, 'employed_6m'],
  ]);
  assert.deepEqual(inv.vat_breakdown, [{ vat_category: 'E', vat_rate_bp: 0, taxable_cents: card.price_cents + 50000, tax_cents: 0,
    exemption_reason: 'Arvonlisäveroton sosiaalihuoltopalvelu (AVL 37 §)' }]);
  assert.equal(inv.net_cents, card.price_cents + 50000);
  assert.equal(inv.vat_cents, 0);
  assert.equal(inv.gross_cents, card.price_cents + 50000);
  assert.equal(inv.provider.id, world.me.provider_id);
  assert.ok(inv.seller.name && inv.buyer.business_id, 'parties snapshotted');
  assert.equal(inv.buyer.post_office, 'Jyväskylä');
  assert.ok(mails('invoice_created') > mailsBefore, 'the provider is mailed');
});

test('running the same month again creates nothing new', async () => {
  const before = Number(sql(c.server.dbUrl, 'SELECT COUNT(*) FROM invoices')[0][0]);
  const r = await run();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.invoice_count, 0);
  assert.equal(r.json.run_id, null);
  assert.equal(Number(sql(c.server.dbUrl, 'SELECT COUNT(*) FROM invoices')[0][0]), before);
  assert.equal(invoicesOfOrder(S.orderA.id).length, 1);
});

test('approving spends the service line on the voucher (the bonus is paid outside it); order invoiced; ledger checks', async () => {
  const inv = await must('admin', 'POST', `/api/v1/invoices/${S.invoiceA.id}/approve`);
  assert.equal(inv.status, 'approved');
  const ledger = ledgerOf(c, S.orderA.id);
  assert.deepEqual(ledger, [{ kind: 'reserve', amount: S.orderA.price_cents }, { kind: 'spend', amount: S.orderA.price_cents }]);
  const order = await must('admin', 'GET', `/api/v1/orders/${S.orderA.id}`);
  assert.equal(order.status, 'invoiced');
  assert.equal(order.events.at(-1).action, 'invoice');
  ledgerCheck();
  // Twice: 409, and a dispute of an approved invoice too.
  assert.equal((await c.call('admin', 'POST', `/api/v1/invoices/${S.invoiceA.id}/approve`)).status, 409);
  assert.equal((await c.call('admin', 'POST', `/api/v1/invoices/${S.invoiceA.id}/dispute`, { reason: 'Liian myöhään' })).status, 409);
  assert.equal(ledgerOf(c, S.orderA.id).length, 2, 'no second spend');
});

test('hourly at 25.5 %: a line per meeting, VAT rounded per group; approval spends the net and releases the rest', async () => {
  const card = world.own.find((x) => x.price_cents >= 20000) || world.own[0];
  setService(c, card.service_description.id, {
    priceModel: { kind: 'hourly', rate: 9001, cap: Math.max(card.price_cents, 100000), bonuses: [] },
    vatRateBp: 2550, vatCategory: 'S',
  });
  const order = await reportedOrder(c, world, card, { meetings: [{ date: '2026-11-02', minutes: 50, actions: 'Kartoitus' }, { date: '2026-11-09', minutes: 55, actions: 'CV' }] });
  const r = await run();
  assert.equal(r.status, 201, r.text);
  const [[id]] = invoicesOfOrder(order.id);
  const inv = await must('admin', 'GET', `/api/v1/invoices/${id}`);
  // 50 min = 0.833 h × 90.01 = 74.978 → 74.98; 55 min = 0.917 h × 90.01 = 82.539 → 82.54.
  assert.deepEqual(inv.lines.map((l) => [l.description, l.quantity_milli, l.unit_code, l.unit_price_cents, l.net_cents]), [
    ['Tapaaminen 2.11.2026', 833, 'HUR', 9001, roundHalfAway(833 * 9001, 1000)],
    ['Tapaaminen 9.11.2026', 917, 'HUR', 9001, roundHalfAway(917 * 9001, 1000)],
  ]);
  const net = 7498 + 8254;
  assert.equal(inv.net_cents, net);
  assert.deepEqual(inv.vat_breakdown, [{ vat_category: 'S', vat_rate_bp: 2550, taxable_cents: net, tax_cents: roundHalfAway(net * 2550, 10000), exemption_reason: '' }]);
  assert.equal(inv.vat_cents, 4017);  // 157.52 × 25.5 % = 40.1676
  assert.equal(inv.gross_cents, net + 4017);
  await must('admin', 'POST', `/api/v1/invoices/${id}/approve`);
  const spend = Math.min(net, order.price_cents);
  const expected = [{ kind: 'reserve', amount: order.price_cents }, { kind: 'spend', amount: spend }];
  if (order.price_cents > spend) expected.push({ kind: 'release', amount: order.price_cents - spend });
  assert.deepEqual(ledgerOf(c, order.id), expected);
  ledgerCheck();
});

test('a dispute returns the billing report with the reason; the corrected report is invoiced by the next run', async () => {
  const card = world.own[0];
  setService(c, card.service_description.id, { priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [] } });
  const order = await reportedOrder(c, world, card);
  await run();
  const [[id]] = invoicesOfOrder(order.id);
  const before = mails('invoice_disputed');
  const reason = 'Tilaussopimuksen numero puuttuu raportista';
  const inv = await must('admin', 'POST', `/api/v1/invoices/${id}/dispute`, { reason });
  assert.equal(inv.status, 'disputed');
  assert.equal(inv.dispute_reason, reason);
  const [[status, returnReason]] = sql(c.server.dbUrl, `SELECT status, return_reason FROM billing_reports WHERE order_id = ${order.id}`);
  assert.deepEqual([status, returnReason], ['returned', reason]);
  assert.ok(mails('invoice_disputed') > before);
  assert.deepEqual(ledgerOf(c, order.id), [{ kind: 'reserve', amount: order.price_cents }], 'no money moved');
  assert.equal((await c.call('admin', 'POST', `/api/v1/invoices/${id}/approve`)).status, 409, 'a disputed invoice is not approved');
  // Not invoiced again while returned; invoiced once approved again.
  assert.equal((await run()).json.invoice_count, 0);
  approveBillingReport(c, order.id);
  const r = await run();
  assert.equal(r.status, 201);
  const rows = invoicesOfOrder(order.id);
  assert.deepEqual(rows.map((x) => x[2]), ['disputed', 'sent']);
  ledgerCheck();
});

test('a credit note refunds what the approved invoice spent, returns the report; the order keeps its status', async () => {
  const reason = 'Bonuksen edellytykset eivät täyttyneet';
  const before = mails('invoice_credited');
  const note = await must('admin', 'POST', `/api/v1/invoices/${S.invoiceA.id}/credit`, { reason }, 201);
  assert.equal(note.kind, 'credit_note');
  assert.equal(note.credit_reason, reason);
  assert.equal(note.credited_invoice.id, S.invoiceA.id);
  assert.equal(note.gross_cents, S.invoiceA.gross_cents);
  assert.equal(note.due_date, null);
  assert.notEqual(note.number, S.invoiceA.number);
  assert.ok(validReference(note.reference_number));
  const detail = await must('admin', 'GET', `/api/v1/invoices/${note.id}`);
  assert.deepEqual(detail.lines.map((l) => l.net_cents), S.invoiceA.lines.map((l) => l.net_cents));
  const original = await must('admin', 'GET', `/api/v1/invoices/${S.invoiceA.id}`);
  assert.equal(original.status, 'credited');
  assert.equal(original.credit_note.id, note.id);
  assert.deepEqual(ledgerOf(c, S.orderA.id).at(-1), { kind: 'refund', amount: S.orderA.price_cents });
  assert.equal((await must('admin', 'GET', `/api/v1/orders/${S.orderA.id}`)).status, 'invoiced');
  const [[status]] = sql(c.server.dbUrl, `SELECT status FROM billing_reports WHERE order_id = ${S.orderA.id}`);
  assert.equal(status, 'returned');
  assert.ok(mails('invoice_credited') > before);
  ledgerCheck();
  // Crediting again, or crediting a credit note: 409.
  assert.equal((await c.call('admin', 'POST', `/api/v1/invoices/${S.invoiceA.id}/credit`, { reason })).status, 409);
  assert.equal((await c.call('admin', 'POST', `/api/v1/invoices/${note.id}/credit`, { reason })).status, 409);
});

test('the corrected report after a credit note is invoiced again and its approval spends the voucher again', async () => {
  setService(c, S.serviceA, { priceModel: { kind: 'fixed', values: [S.orderA.price_cents], bonuses: [] } });
  approveBillingReport(c, S.orderA.id);
  const r = await run();
  assert.equal(r.status, 201, r.text);
  const rows = invoicesOfOrder(S.orderA.id).filter((x) => x[1] === 'invoice' && x[2] === 'sent');
  assert.equal(rows.length, 1);
  await must('admin', 'POST', `/api/v1/invoices/${rows[0][0]}/approve`);
  const ledger = ledgerOf(c, S.orderA.id);
  assert.deepEqual(ledger.slice(-2), [{ kind: 'reserve', amount: S.orderA.price_cents }, { kind: 'spend', amount: S.orderA.price_cents }]);
  ledgerCheck();
});

test('the provider sees only its own invoices; lists filter and total per status', async () => {
  const other = world.other[0];
  if (other) {
    setService(c, other.service_description.id, { priceModel: { kind: 'fixed', values: [other.price_cents], bonuses: [] } });
    const order = await reportedOrder(c, world, other);
    assert.equal((await run()).status, 201);
    const [[id]] = invoicesOfOrder(order.id);
    assert.equal((await c.call('provider', 'GET', `/api/v1/invoices/${id}`)).status, 404);
    assert.equal((await c.call('admin', 'GET', `/api/v1/invoices/${id}`)).status, 200);
  }
  const mine = await c.all('provider', '/api/v1/invoices');
  assert.ok(mine.length >= 4);
  assert.ok(mine.every((x) => x.provider.id === world.me.provider_id));
  const all = await c.all('admin', '/api/v1/invoices');
  if (other) assert.ok(all.some((x) => x.provider.id !== world.me.provider_id));
  const sent = await must('admin', 'GET', `/api/v1/invoices?status=sent&month=${currentMonth()}`);
  assert.ok(sent.items.every((x) => x.status === 'sent'));
  const sentCount = all.filter((x) => x.status === 'sent' && x.kind === 'invoice').length;
  assert.equal(sent.totals.sent.count, sentCount);
  assert.equal(sent.totals.sent.gross_cents, all.filter((x) => x.status === 'sent' && x.kind === 'invoice').reduce((a, x) => a + x.gross_cents, 0));
  const notes = await must('admin', 'GET', '/api/v1/invoices?kind=credit_note');
  assert.ok(notes.items.length >= 1 && notes.items.every((x) => x.kind === 'credit_note'));
  assert.equal((await must('admin', 'GET', '/api/v1/invoices?month=2001-01')).total, 0);
  // Customers and counsellors have no invoices.
  assert.equal((await c.call('customer', 'GET', '/api/v1/invoices')).status, 403);
});

test('HTML: the organizer runs and approves from the pages; the printable invoice shows parties, lines, VAT and totals', async () => {
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const list = await admin.get('/admin/invoices');
  assert.equal(list.status, 200);
  assert.match(list.text, /data-testid="invoice-sums"/);
  const card = world.own[0];
  setService(c, card.service_description.id, { priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [] }, vatRateBp: 2550, vatCategory: 'S' });
  const order = await reportedOrder(c, world, card);
  const res = await admin.postForm('/admin/invoices/run', { month: currentMonth(), csrf_token: csrfFrom(list.text) });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const [[id]] = invoicesOfOrder(order.id);
  const page = await admin.get(`/invoices/${id}`);
  assert.equal(page.status, 200);
  const inv = await must('admin', 'GET', `/api/v1/invoices/${id}`);
  assert.ok(page.text.includes(order.contract_number));
  assert.ok(page.text.includes(inv.seller.name) && page.text.includes(inv.buyer.name));
  assert.match(page.text, /data-testid="reference-number">\d/);
  assert.match(page.text, /invoice-print\.css/);
  assert.match(page.text, /25,5 %/);
  // A dispute without a reason: 422 with the message beside the field; then approve.
  const bad = await admin.postForm(`/invoices/${id}/dispute`, { reason: ' ', csrf_token: csrfFrom(page.text) });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /data-field-error="reason"/);
  const ok = await admin.postForm(`/invoices/${id}/approve`, { csrf_token: csrfFrom(page.text) });
  assert.equal(ok.status, 303);
  assert.equal((await must('admin', 'GET', `/api/v1/invoices/${id}`)).status, 'approved');
  ledgerCheck();
  // The provider's receivables page lists its invoices with sums per status.
  const provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  const recv = await provider.get('/provider/invoices');
  assert.equal(recv.status, 200);
  assert.ok(recv.text.includes(inv.number));
  assert.match(recv.text, /data-status="approved"/);
  assert.equal((await provider.get('/admin/invoices')).status, 403);
});

// Review fixes (issue 6): payments around credit notes, the run's re-read under the lock, the HTML
// run's redirect month and the orders a run could not bill.
const { spawn } = require('node:child_process');
const { texts } = require('./orders-fixtures');
const FI = texts('fi');
const payInvoice = (id, amountCents) => c.call('admin', 'POST', `/api/v1/invoices/${id}/payments`, { amount_cents: amountCents, paid_on: finnishDate() });
const freshFixedOrder = async (report = {}) => {
  const card = world.own[0];
  setService(c, card.service_description.id, { priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [] }, vatRateBp: 0, vatCategory: 'E', exemptionReason: 'AVL 37 §' });
  const order = await reportedOrder(c, world, card, report);
  assert.equal((await run()).status, 201);
  const rows = invoicesOfOrder(order.id).filter((x) => x[1] === 'invoice' && x[2] === 'sent');
  assert.equal(rows.length, 1);
  return { order, invoiceId: Number(rows[0][0]) };
};

test('a partly paid invoice cannot be credited (409, nothing changes); once paid in full it can', async () => {
  const { order, invoiceId } = await freshFixedOrder();
  const inv = await must('admin', 'POST', `/api/v1/invoices/${invoiceId}/approve`);
  const first = await payInvoice(invoiceId, 1000);
  assert.equal(first.status, 201, first.text);
  const notesBefore = invoicesOfOrder(order.id).length;
  const ledgerBefore = ledgerOf(c, order.id);
  const r = await c.call('admin', 'POST', `/api/v1/invoices/${invoiceId}/credit`, { reason: 'Väärä hinta' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.detail, FI['invoice.credit_partly_paid']);
  assert.equal((await must('admin', 'GET', `/api/v1/invoices/${invoiceId}`)).status, 'approved');
  assert.equal(invoicesOfOrder(order.id).length, notesBefore, 'no credit note');
  assert.deepEqual(ledgerOf(c, order.id), ledgerBefore, 'no refund');
  // The HTML form says the same beside nothing lost: a 409 page, not a 500.
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const page = await admin.get(`/invoices/${invoiceId}`);
  const html = await admin.postForm(`/invoices/${invoiceId}/credit`, { reason: 'Väärä hinta', csrf_token: csrfFrom(page.text) });
  assert.equal(html.status, 409);
  assert.ok(html.text.includes(FI['invoice.credit_partly_paid']));
  // The rest paid: the invoice is paid and may be credited.
  assert.equal((await payInvoice(invoiceId, inv.gross_cents - 1000)).status, 201);
  S.paidOrder = order;
  S.paidInvoice = invoiceId;
  const note = await must('admin', 'POST', `/api/v1/invoices/${invoiceId}/credit`, { reason: 'Väärä hinta' }, 201);
  assert.equal(note.kind, 'credit_note');
  ledgerCheck();
});

test('the corrected invoice of an order already paid can be paid: the invoice becomes paid, the order stays paid', async () => {
  const order = S.paidOrder;
  assert.equal((await must('admin', 'GET', `/api/v1/orders/${order.id}`)).status, 'paid');
  approveBillingReport(c, order.id);
  assert.equal((await run()).status, 201);
  const [[id]] = invoicesOfOrder(order.id).filter((x) => x[1] === 'invoice' && x[2] === 'sent');
  const inv = await must('admin', 'POST', `/api/v1/invoices/${id}/approve`);
  const eventsBefore = (await must('admin', 'GET', `/api/v1/orders/${order.id}`)).events.length;
  const r = await payInvoice(id, inv.gross_cents);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.invoice.status, 'paid');
  const after_ = await must('admin', 'GET', `/api/v1/orders/${order.id}`);
  assert.equal(after_.status, 'paid');
  assert.equal(after_.events.length, eventsBefore, 'no second pay step');
  const [[audit]] = sql(c.server.dbUrl, `SELECT after_json FROM audit_log WHERE action = 'payment.record' AND entity_id = '${id}' ORDER BY id DESC LIMIT 1`);
  assert.equal(JSON.parse(audit).order_step, 'order_already_paid');
  ledgerCheck();
});

test('the run reads the billing report again under the order lock: a report returned meanwhile is not invoiced', async () => {
  const card = world.own[0];
  setService(c, card.service_description.id, { priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [] } });
  const order = await reportedOrder(c, world, card);
  const url = c.server.dbUrl;
  if (url.startsWith('sqlite:')) {
    // SQLite serialises writers: a run cannot read before a concurrent change; the same outcome in sequence.
    sql(url, `UPDATE billing_reports SET status = 'returned' WHERE order_id = ${order.id}`);
    await run();
    assert.equal(invoicesOfOrder(order.id).length, 0);
    return;
  }
  // PostgreSQL: hold the order's row lock, let the run read its list and wait for the lock, return
  // the report and commit; the run must see the returned report.
  const psql = spawn('psql', [url, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  psql.stdout.on('data', (d) => { out += d; });
  const until = async (cond, what) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(cond(), `timed out waiting for ${what}`);
  };
  psql.stdin.write(`BEGIN;\nSELECT id FROM orders WHERE id = ${order.id} FOR UPDATE;\n\\echo locked\n`);
  await until(() => out.includes('locked'), 'the lock');
  const pending = run();
  const waiting = () => Number(sql(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'")[0][0]) > 0;
  await until(waiting, 'the run to wait for the order lock');
  psql.stdin.write(`UPDATE billing_reports SET status = 'returned' WHERE order_id = ${order.id};\nCOMMIT;\n\\q\n`);
  const r = await pending;
  await new Promise((resolve) => { if (psql.exitCode !== null) resolve(); else psql.on('exit', resolve); });
  assert.ok([200, 201].includes(r.status), r.text);
  assert.equal(invoicesOfOrder(order.id).length, 0, 'the returned report is not invoiced');
});

test('HTML: after a run of an earlier month the redirect shows the new invoices (filtered by their issue month)', async () => {
  const [y, m] = currentMonth().split('-').map(Number);
  const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const card = world.own[0];
  setService(c, card.service_description.id, { priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [] } });
  const order = await reportedOrder(c, world, card);
  sql(c.server.dbUrl, `UPDATE billing_reports SET decided_at = '${previous}-15T10:00:00Z' WHERE order_id = ${order.id}`);
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const list = await admin.get('/admin/invoices');
  const res = await admin.postForm('/admin/invoices/run', { month: previous, csrf_token: csrfFrom(list.text) });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const [[id]] = invoicesOfOrder(order.id);
  const inv = await must('admin', 'GET', `/api/v1/invoices/${id}`);
  assert.ok(res.location.includes(`month=${currentMonth()}`), res.location);
  const shown = await admin.get(res.location);
  assert.equal(shown.status, 200);
  assert.ok(shown.text.includes(inv.number), 'the new invoice is listed after the run');
});

test('orders the run could not bill are listed: API skipped [{order_id, reason}], HTML a notice', async () => {
  const card = world.own[0];
  // The bonus was approved, then the service description dropped it.
  setService(c, card.service_description.id, { priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [] } });
  const order = await reportedOrder(c, world, card, { bonusCode: 'employed_6m', bonusStatus: 'approved' });
  try {
    const r = await run();
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.skipped.filter((s) => s.order_id === order.id),
      [{ order_id: order.id, reason: 'unknown_bonus', message: FI['invoices.skipped.reason.unknown_bonus'] }]);
    assert.equal(invoicesOfOrder(order.id).length, 0);
    const admin = browserish(c.baseUrl);
    await login(admin, DEMO.admin.email, DEMO.admin.password);
    const list = await admin.get('/admin/invoices');
    const res = await admin.postForm('/admin/invoices/run', { month: currentMonth(), csrf_token: csrfFrom(list.text) });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const page = await admin.get(res.location);
    assert.match(page.text, /data-testid="run-skipped"/);
    assert.match(page.text, new RegExp(`data-order-id="${order.id}"`));
    assert.ok(page.text.includes(FI['invoices.skipped.reason.unknown_bonus']));
    // A tampered query shows nothing it does not understand.
    const junk = await admin.get('/admin/invoices?skipped=x:y,5:nope,-1:other');
    assert.equal(junk.status, 200);
    assert.doesNotMatch(junk.text, /data-testid="run-skipped"/);
  } finally {
    sql(c.server.dbUrl, `UPDATE billing_reports SET status = 'returned' WHERE order_id = ${order.id}`);
  }
});
