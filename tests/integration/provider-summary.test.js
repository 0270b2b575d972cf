'use strict';
// The provider summary (issue 6): orders by status with sums, the reports awaited with their due
// dates, invoices by status and payments received. Its figures must match what the API's own
// lists say (orders, reports) and what is in the invoices and payments tables.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { browserish, login, DEMO } = require('./harness');
const { apiContext } = require('./context');
const { makeVoucher, orderDriver, sql } = require('./orders-fixtures');

let c;
const me = {};
let providerId;

before(async () => { c = await apiContext(); });
after(async () => { if (c) await c.server.stop(); });

const ok = (r) => { assert.equal(r.status, 200, r.text.slice(0, 500)); return r.json; };
const summaryOf = async (role, id = providerId) => ok(await c.call(role, 'GET', `/api/v1/providers/${id}/summary`));

/** The summary's order figures, counted from the orders API. */
async function expectedOrders() {
  const orders = (await c.all('admin', '/api/v1/orders')).filter((o) => o.provider.id === providerId);
  const by = {};
  for (const o of orders) {
    by[o.status] ??= { status: o.status, count: 0, sum_cents: 0 };
    by[o.status].count++;
    by[o.status].sum_cents += o.price_cents;
  }
  return { orders, rows: Object.values(by).sort((a, b) => a.status.localeCompare(b.status)) };
}

test('setup: orders of the provider in several statuses, one with a report in', async () => {
  for (const r of ['admin', 'provider', 'customer', 'counsellor']) me[r] = ok(await c.call(r, 'GET', '/api/v1/me'));
  providerId = me.provider.provider_id;
  const card = (await c.all(null, '/api/v1/product-cards')).find((x) => x.provider.id === providerId);
  const voucher = makeVoucher(c.server.dbUrl, me.customer.customer_id, 100000000);
  const drive = orderDriver(c, { card: () => card.id, voucher: () => voucher });
  await drive.reach.requested();
  await drive.reach.accepted();
  await drive.reach.in_progress();
  const e1 = await drive.reach.ended();
  await drive.reach.ended();
  ok(await c.call('provider', 'PUT', `/api/v1/orders/${e1.id}/billing-report`, { delivery_confirmed: true }));
  ok(await c.call('provider', 'POST', `/api/v1/orders/${e1.id}/billing-report/submit`));
});

test('orders by status and their sums match the orders API', async () => {
  const s = await summaryOf('provider');
  const { rows } = await expectedOrders();
  const byStatus = (a, b) => a.status.localeCompare(b.status);
  assert.deepEqual([...s.orders].sort(byStatus), rows);
  assert.equal(s.orders_total.count, rows.reduce((a, r) => a + r.count, 0));
  assert.equal(s.orders_total.sum_cents, rows.reduce((a, r) => a + r.sum_cents, 0));
  assert.ok(s.orders_total.count >= 5);
  assert.deepEqual(await summaryOf('admin'), s, 'the organizer sees the same summary');
  assert.deepEqual(s.provider, { id: providerId, name: s.provider.name });
});

test('reports awaited match the report API of every ended order', async () => {
  const s = await summaryOf('provider');
  const { orders } = await expectedOrders();
  const expected = [];
  // Reports exist from `ended` on; a credit note returns an invoiced order's billing report (the demo has one).
  for (const o of orders.filter((x) => ['ended', 'reported', 'invoiced', 'paid'].includes(x.status))) {
    for (const kind of ['service', 'billing']) {
      const r = ok(await c.call('provider', 'GET', `/api/v1/orders/${o.id}/${kind}-report`));
      if (!r.submitted_at || r.status === 'returned') expected.push({ order_id: o.id, kind, status: r.status, due_on: r.due_on, overdue: r.overdue, link: `/orders/${o.id}/${kind}-report` });
    }
  }
  const key = (x) => `${x.order_id}:${x.kind}`;
  assert.deepEqual([...s.reports.pending].sort((a, b) => key(a).localeCompare(key(b))), expected.sort((a, b) => key(a).localeCompare(key(b))));
  assert.equal(s.reports.pending_count, expected.length);
  assert.equal(s.reports.overdue_count, expected.filter((x) => x.overdue).length);
  const endedIds = new Set(orders.filter((x) => x.status === 'ended').map((x) => x.id));
  assert.equal(expected.filter((x) => endedIds.has(x.order_id)).length, 3, 'two ended orders, one billing report in');
  assert.ok(expected.some((x) => !endedIds.has(x.order_id) && x.status === 'returned'), "the demo's credited invoice returned its billing report");
});

test('invoices by status and payments received come from the invoices and payments tables (zeros when empty)', async () => {
  let s = await summaryOf('provider');
  const [[n]] = sql(c.server.dbUrl, `SELECT COUNT(*) FROM invoices WHERE provider_id = ${providerId}`);
  if (Number(n) === 0) {
    assert.deepEqual(s.invoices, []);
    assert.deepEqual(s.payments, { count: 0, sum_cents: 0 });
  }
  // Rows as the invoice run would write them, and two payments of one of them.
  const [[orderId]] = sql(c.server.dbUrl, `SELECT id FROM orders WHERE provider_id = ${providerId} ORDER BY id LIMIT 1`);
  const now = '2026-11-20T10:00:00Z';
  const ins = (kind, num, status, gross) => sql(c.server.dbUrl, 'INSERT INTO invoices (kind, number, order_id, provider_id, issue_date, due_date, reference_number, '
    + 'buyer_reference, net_cents, vat_cents, gross_cents, status, seller_json, buyer_json, created_at, updated_at) VALUES '
    + `('${kind}', '${num}', ${orderId}, ${providerId}, '2026-11-20', '2026-12-11', '12344', 'ref', ${gross}, 0, ${gross}, '${status}', '{}', '{}', '${now}', '${now}') RETURNING id`)[0][0];
  const tag = `T${Date.now()}`;
  const paid = ins('invoice', `${tag}-1`, 'paid', 250000);
  ins('invoice', `${tag}-2`, 'sent', 120000);
  ins('invoice', `${tag}-3`, 'sent', 30000);
  ins('credit_note', `${tag}-4`, 'sent', 5000);
  sql(c.server.dbUrl, `INSERT INTO payments (invoice_id, amount_cents, paid_on, source, created_at) VALUES (${paid}, 200000, '2026-11-25', 'manual', '${now}')`);
  sql(c.server.dbUrl, `INSERT INTO payments (invoice_id, amount_cents, paid_on, source, created_at) VALUES (${paid}, 50000, '2026-11-26', 'csv', '${now}')`);
  s = await summaryOf('provider');
  const expected = {};
  for (const [kind, status, gross] of sql(c.server.dbUrl, `SELECT kind, status, gross_cents FROM invoices WHERE provider_id = ${providerId}`)) {
    const k = kind === 'credit_note' ? 'credit_note' : status;
    expected[k] ??= { status: k, count: 0, sum_cents: 0 };
    expected[k].count++;
    expected[k].sum_cents += Number(gross);
  }
  const byStatus = (a, b) => a.status.localeCompare(b.status);
  assert.deepEqual([...s.invoices].sort(byStatus), Object.values(expected).sort(byStatus));
  assert.ok(s.invoices.some((x) => x.status === 'credit_note' && x.count >= 1), 'credit notes apart');
  const [[pc, ps]] = sql(c.server.dbUrl, `SELECT COUNT(*), COALESCE(SUM(p.amount_cents), 0) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.provider_id = ${providerId}`);
  assert.deepEqual(s.payments, { count: Number(pc), sum_cents: Number(ps) });
  assert.ok(s.payments.sum_cents >= 250000);
});

test('access: a provider sees only its own; customer and counsellor none; the pages', async () => {
  const other = (await c.all(null, '/api/v1/product-cards')).find((x) => x.provider.id !== providerId).provider.id;
  assert.equal((await c.call('provider', 'GET', `/api/v1/providers/${other}/summary`)).status, 404);
  assert.equal(ok(await c.call('admin', 'GET', `/api/v1/providers/${other}/summary`)).provider.id, other);
  for (const role of ['customer', 'counsellor']) assert.equal((await c.call(role, 'GET', `/api/v1/providers/${providerId}/summary`)).status, 403, role);
  const s = await summaryOf('provider');
  const b = browserish(c.baseUrl);
  await login(b, DEMO.provider.email, DEMO.provider.password);
  const page = await b.get('/provider/summary');
  assert.equal(page.status, 200);
  assert.match(page.text, /href="\/provider\/summary"/, 'in the provider\'s navigation');
  for (const o of s.orders) assert.match(page.text, new RegExp(`<tr data-status="${o.status}"><td>[^<]+</td><td>${o.count}</td>`), o.status);
  for (const p of s.reports.pending) assert.match(page.text, new RegExp(`data-order-id="${p.order_id}" data-kind="${p.kind}"`));
  assert.equal((await b.get(`/admin/providers/${other}/summary`)).status, 404, 'not another provider\'s page');
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const ap = await admin.get(`/admin/providers/${providerId}/summary`);
  assert.equal(ap.status, 200);
  assert.match(ap.text, /data-testid="summary-invoices"/);
});
