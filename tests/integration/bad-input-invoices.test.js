'use strict';
// Bad input for invoices (issue 6): the run's month, the dispute and credit reasons, ids, roles and
// decisions taken twice, in the API and in the browser. Every answer is a 4xx (problem+json naming
// the field in the API, the message beside the field in HTML), never a 5xx, and nothing changes.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { browserish, login, csrfFrom, DEMO } = require('./harness');
const { apiContext } = require('./context');
const { sql } = require('./providers-fixtures');
const { finnishDate } = require('./orders-fixtures');
const { invoiceWorld, setService, reportedOrder, currentMonth } = require('./invoice-fixtures');

const SCRIPT = '<script>alert(1)</script>';
let c; let admin; let provider;
const ids = {};

before(async () => {
  c = await apiContext();
  const world = await invoiceWorld(c);
  const card = world.own[0];
  setService(c, card.service_description.id, { priceModel: { kind: 'fixed', values: [card.price_cents], bonuses: [] } });
  ids.sentOrder = (await reportedOrder(c, world, card)).id;
  ids.approvedOrder = (await reportedOrder(c, world, card)).id;
  const r = await c.call('admin', 'POST', '/api/v1/invoice-runs', { month: currentMonth() });
  assert.equal(r.status, 201, r.text);
  const idOf = (orderId) => Number(sql(c.server.dbUrl, `SELECT id FROM invoices WHERE order_id = ${orderId}`)[0][0]);
  ids.sent = idOf(ids.sentOrder);
  ids.approved = idOf(ids.approvedOrder);
  assert.equal((await c.call('admin', 'POST', `/api/v1/invoices/${ids.approved}/approve`)).status, 200);
  admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
});
after(async () => { if (c) await c.server.stop(); });

const snapshot = () => sql(c.server.dbUrl, 'SELECT id, kind, status, updated_at FROM invoices ORDER BY id')
  .concat(sql(c.server.dbUrl, 'SELECT COUNT(*) FROM ledger_entries'))
  .concat(sql(c.server.dbUrl, 'SELECT order_id, status FROM billing_reports ORDER BY order_id'));
const isProblem = (res, info, status) => {
  assert.ok(res.status >= 400 && res.status < 500, `${info}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  if (status) assert.equal(res.status, status, `${info}: ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/, info);
  assert.ok(res.json && res.json.detail, info);
  assert.ok(!res.text.includes(SCRIPT), `${info}: echoes markup`);
};
const nextMonth = () => {
  const [y, m] = currentMonth().split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

test('invoice run: malformed or future months → 422 naming month; wrong body types; nothing is created', async () => {
  const before_ = snapshot();
  const months = ['2026-13', '2026-00', '2026-1', '26-11', '2026/11', '', ' 2026-11', '2026-11-01', SCRIPT, '1999-12', nextMonth(), '9999-12'];
  for (const month of months) {
    const res = await c.call('admin', 'POST', '/api/v1/invoice-runs', { month });
    isProblem(res, `month ${JSON.stringify(month)}`, 422);
    assert.ok(JSON.stringify(res.json).includes('month'), `names the field: ${res.text}`);
  }
  for (const month of [202611, ['2026-11'], { m: 1 }, true]) {
    const res = await c.call('admin', 'POST', '/api/v1/invoice-runs', { month });
    isProblem(res, `month ${JSON.stringify(month)}`, 422);
  }
  for (const body of [[1], 'x', 5]) isProblem(await c.call('admin', 'POST', '/api/v1/invoice-runs', body), `body ${JSON.stringify(body)}`);
  const raw = await c.call('admin', 'POST', '/api/v1/invoice-runs', undefined, { raw: '{', headers: { 'content-type': 'application/json' } });
  isProblem(raw, 'broken JSON');
  assert.deepEqual(snapshot(), before_);
});

test('invoice run and decisions: roles that may not → 403; unknown or malformed ids → 404', async () => {
  const before_ = snapshot();
  for (const role of ['provider', 'customer', 'counsellor']) {
    isProblem(await c.call(role, 'POST', '/api/v1/invoice-runs', { month: currentMonth() }), `${role} run`, 403);
    isProblem(await c.call(role, 'POST', `/api/v1/invoices/${ids.sent}/approve`), `${role} approve`, 403);
    isProblem(await c.call(role, 'POST', `/api/v1/invoices/${ids.sent}/dispute`, { reason: 'Ei kelpaa' }), `${role} dispute`, 403);
    isProblem(await c.call(role, 'POST', `/api/v1/invoices/${ids.approved}/credit`, { reason: 'Ei kelpaa' }), `${role} credit`, 403);
  }
  isProblem(await c.call(null, 'POST', '/api/v1/invoice-runs', { month: currentMonth() }), 'anonymous run', 401);
  for (const role of ['customer', 'counsellor']) isProblem(await c.call(role, 'GET', `/api/v1/invoices/${ids.sent}`), `${role} read`, 403);
  for (const id of ['abc', '-1', '0', '1.5', '99999999999999999999999', '1e3', encodeURIComponent(SCRIPT), '999999']) {
    for (const [method, p, body] of [['GET', '', undefined], ['POST', '/approve', undefined], ['POST', '/dispute', { reason: 'Ei kelpaa' }], ['POST', '/credit', { reason: 'Ei kelpaa' }]]) {
      const res = await c.call('admin', method, `/api/v1/invoices/${id}${p}`, body, { validate: false });
      isProblem(res, `${method} ${id}${p}`, 404);
    }
  }
  assert.deepEqual(snapshot(), before_);
});

test('dispute and credit reasons: missing, blank, short, long, control characters, wrong types → 422 naming reason', async () => {
  const before_ = snapshot();
  const reasons = [undefined, null, '', '   ', 'ab', 'x'.repeat(1001), 'ok\u0000text', 'ok\u0007bell', 12, ['Ei kelpaa'], { r: 'x' }, true];
  for (const [id, step] of [[ids.sent, 'dispute'], [ids.approved, 'credit']]) {
    for (const reason of reasons) {
      const body = reason === undefined ? {} : { reason };
      const res = await c.call('admin', 'POST', `/api/v1/invoices/${id}/${step}`, body);
      isProblem(res, `${step} ${JSON.stringify(reason)?.slice(0, 30)}`, 422);
      assert.ok(JSON.stringify(res.json).includes('reason'), res.text);
    }
    isProblem(await c.call('admin', 'POST', `/api/v1/invoices/${id}/${step}`, [1]), `${step} array body`);
  }
  assert.deepEqual(snapshot(), before_);
});

test('decisions in the wrong status → 409: approve twice, dispute approved, credit a sent one, list filters → 400', async () => {
  const before_ = snapshot();
  isProblem(await c.call('admin', 'POST', `/api/v1/invoices/${ids.approved}/approve`), 'approve twice', 409);
  isProblem(await c.call('admin', 'POST', `/api/v1/invoices/${ids.approved}/dispute`, { reason: 'Liian myöhään' }), 'dispute approved', 409);
  isProblem(await c.call('admin', 'POST', `/api/v1/invoices/${ids.sent}/credit`, { reason: 'Väärä summa' }), 'credit sent', 409);
  for (const qs of ['month=2026-13', 'month=x', 'status=open', `status=${encodeURIComponent(SCRIPT)}`, 'provider_id=abc', 'provider_id=0', 'kind=bill', 'page=0', 'page_size=1000', 'status=sent&status=paid']) {
    isProblem(await c.call('admin', 'GET', `/api/v1/invoices?${qs}`), qs, 400);
  }
  assert.deepEqual(snapshot(), before_);
});

test('HTML: a bad month on the run form and a bad reason show the message beside the field; markup is escaped', async () => {
  const before_ = snapshot();
  const page = await admin.get('/admin/invoices');
  const csrf = csrfFrom(page.text);
  for (const month of ['2026-13', SCRIPT, nextMonth()]) {
    const res = await admin.postForm('/admin/invoices/run', { month, csrf_token: csrf });
    assert.equal(res.status, 422, month);
    assert.match(res.text, /data-field-error="month"/);
    assert.ok(!res.text.includes(SCRIPT));
  }
  const inv = await admin.get(`/invoices/${ids.sent}`);
  for (const reason of ['', 'ab', 'x'.repeat(1001)]) {
    const res = await admin.postForm(`/invoices/${ids.sent}/dispute`, { reason, csrf_token: csrfFrom(inv.text) });
    assert.equal(res.status, 422);
    assert.match(res.text, /data-field-error="reason"/);
  }
  const credit = await admin.get(`/invoices/${ids.approved}`);
  const res = await admin.postForm(`/invoices/${ids.approved}/credit`, { reason: SCRIPT.slice(0, 2), csrf_token: csrfFrom(credit.text) });
  assert.equal(res.status, 422);
  assert.match(res.text, /data-field-error="reason"/);
  // No CSRF token: refused.
  const noCsrf = await admin.postForm(`/invoices/${ids.sent}/approve`, {});
  assert.ok(noCsrf.status >= 400 && noCsrf.status < 500);
  // Filters on the list page: 400 with the message beside the field.
  const bad = await admin.get('/admin/invoices?month=2026-13&status=nope');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /data-field-error="month"/);
  assert.match(bad.text, /data-field-error="status"/);
  // The provider may not decide from the browser either.
  const own = await provider.get(`/invoices/${ids.sent}`);
  assert.equal(own.status, 200);
  const refused = await provider.postForm(`/invoices/${ids.sent}/approve`, { csrf_token: csrfFrom(own.text.includes('csrf_token') ? own.text : (await provider.get('/provider/invoices')).text) });
  assert.equal(refused.status, 403);
  assert.equal((await provider.get('/invoices/abc')).status, 404);
  assert.deepEqual(snapshot(), before_);
  assert.ok(finnishDate());
});
