'use strict';
// Bad input for the order life cycle's new parts (issue 5): the start/end/report steps, the
// cancellation's reason, the list's filters and the CSV export, in the API and in the browser.
// Every answer is a 4xx with problem+json naming the field (API) or a page with the message
// beside the field (HTML), never a 5xx, and nothing changes.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { api, browserish, login, csrfFrom, DEMO } = require('./harness');
const { apiContext } = require('./context');
const { makeVoucher, orderDriver } = require('./orders-fixtures');

const SCRIPT = '<script>alert(1)</script>';
let c; let drive; let provider; let admin;
const ids = {};

before(async () => {
  c = await apiContext();
  const me = { provider: (await c.call('provider', 'GET', '/api/v1/me')).json, customer: (await c.call('customer', 'GET', '/api/v1/me')).json };
  const cards = await c.all(null, '/api/v1/product-cards');
  const card = cards.find((x) => x.provider.id === me.provider.provider_id && x.price_cents === 250000);
  const voucher = makeVoucher(c.server.dbUrl, me.customer.customer_id, 10000000);
  drive = orderDriver(c, { card: () => card.id, voucher: () => voucher });
  ids.requested = (await drive.reach.requested()).id;
  ids.accepted = (await drive.reach.accepted()).id;
  ids.inProgress = (await drive.reach.in_progress()).id;
  provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
});
after(async () => { if (c) await c.server.stop(); });

const snapshot = async () => (await c.all('admin', '/api/v1/orders')).map((o) => [o.id, o.status, o.updated_at]);
const isProblem = (res, info) => {
  assert.ok(res.status >= 400 && res.status < 500, `${info}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/, info);
  assert.ok(res.json && res.json.detail, info);
  assert.ok(!res.text.includes(SCRIPT), `${info}: echoes markup`);
};

const BAD_IDS = ['abc', '-1', '0', '1.5', '99999999999999999999999', '1e3', '%20', encodeURIComponent(SCRIPT), '0x10'];

test('start/end/report: ids that are text, negative, zero or huge → 404 problem+json; nothing changes', async () => {
  const before_ = await snapshot();
  for (const step of ['start', 'end', 'report', 'cancel']) {
    for (const id of BAD_IDS) {
      const role = step === 'cancel' ? 'customer' : 'provider';
      const res = await c.call(role, 'POST', `/api/v1/orders/${id}/${step}`, undefined, { validate: false });
      isProblem(res, `${step} ${id}`);
      assert.equal(res.status, 404, `${step} ${id}`);
    }
    const missing = await c.call('provider', 'POST', `/api/v1/orders//${step}`, undefined, { validate: false });
    assert.ok(missing.status >= 400 && missing.status < 500, `${step} without id: ${missing.status}`);
  }
  assert.deepEqual(await snapshot(), before_);
});

test('start with a body of the wrong type or media type: refused or ignored, never 5xx', async () => {
  const before_ = await snapshot();
  const raw = [['text/plain', 'start please', 415], ['application/json', '{', 400], ['application/xml', '<start/>', 415]];
  for (const [ct, body, status] of raw) {
    const res = await api(c.baseUrl, 'POST', `/api/v1/orders/${ids.requested}/start`, { token: c.tokens.provider, raw: body, headers: { 'content-type': ct } });
    isProblem(res, `${ct} ${body}`);
    assert.ok([status, 409].includes(res.status), `${ct}: ${res.status}`);
  }
  assert.deepEqual(await snapshot(), before_);
});

test('cancel: reason of the wrong type, too long, control characters, body not an object → 4xx naming the field', async () => {
  const before_ = await snapshot();
  const cases = [
    [{ reason: 5 }, 'reason'], [{ reason: ['a'] }, 'reason'], [{ reason: { x: 1 } }, 'reason'], [{ reason: true }, 'reason'],
    [{ reason: 'x'.repeat(1001) }, 'reason'], [{ reason: 'Peruttu\u0001' }, 'reason'], [{ reason: 'ab' }, 'reason'],
    [{ reason: '' }, 'reason'], [{ reason: null }, 'reason'], [{}, 'reason'], [[1, 2], null], ['text', null], [42, null],
  ];
  // After acceptance (the organizer, by agreement): every case is refused.
  for (const [body, field] of cases) {
    const res = await c.call('admin', 'POST', `/api/v1/orders/${ids.inProgress}/cancel`, body);
    const info = `cancel in_progress ${JSON.stringify(body).slice(0, 40)}`;
    isProblem(res, info);
    assert.equal(res.status, 422, info);
    if (field) assert.ok(res.json.errors && res.json.errors[field], info);
  }
  // Before acceptance the reason is optional, but what is given must still be text within bounds.
  for (const body of [{ reason: 5 }, { reason: 'x'.repeat(1001) }, { reason: 'bad\u0007' }, { reason: 'ab' }, [1]]) {
    const res = await c.call('customer', 'POST', `/api/v1/orders/${ids.requested}/cancel`, body);
    isProblem(res, JSON.stringify(body).slice(0, 40));
    assert.equal(res.status, 422);
  }
  const raw = [['text/plain', 'reason=x', 415], ['application/json', '{"reason":', 400], ['application/json', '\xff\xfe', 400]];
  for (const [ct, body, status] of raw) {
    const res = await api(c.baseUrl, 'POST', `/api/v1/orders/${ids.inProgress}/cancel`, { token: c.tokens.admin, raw: body, headers: { 'content-type': ct } });
    isProblem(res, `${ct} ${body}`);
    assert.equal(res.status, status, `${ct} ${body}`);
  }
  assert.deepEqual(await snapshot(), before_);
});

const FILTERS = [
  ['status=unknown', 'status'], ['status=REQUESTED', 'status'], [`status=${encodeURIComponent(SCRIPT)}`, 'status'],
  ['status=requested&status=accepted', 'status'],
  ['service_description_id=abc', 'service_description_id'], ['service_description_id=-1', 'service_description_id'],
  ['service_description_id=0', 'service_description_id'], ['service_description_id=99999999999999999999999', 'service_description_id'],
  ['service_description_id=1.5', 'service_description_id'], [`service_description_id=${encodeURIComponent(SCRIPT)}`, 'service_description_id'],
  ['from=2026-02-30', 'from'], ['from=2026-13-01', 'from'], ['from=1.1.2026', 'from'], ['from=2026-1-1', 'from'],
  ['from=2026-01-01T00:00:00Z', 'from'], ['to=yesterday', 'to'], ['to=0000-01-01', 'to'], [`to=${encodeURIComponent(SCRIPT)}`, 'to'],
  ['from=2026-03-02&to=2026-03-01', 'to'], ['from=2026-01-01&from=2026-01-02', 'from'],
  ['page=0', 'page'], ['page_size=1000', 'page_size'],
];

test('GET /api/v1/orders: bad filters → 400 problem+json with the field', async () => {
  for (const [qs, field] of FILTERS) {
    const res = await c.call('provider', 'GET', `/api/v1/orders?${qs}`);
    isProblem(res, qs);
    assert.equal(res.status, 400, qs);
    assert.ok(res.json.errors && res.json.errors[field], `${qs}: errors.${field} in ${res.text.slice(0, 200)}`);
  }
  // Empty values mean "any".
  const ok = await c.call('provider', 'GET', '/api/v1/orders?status=&service_description_id=&from=&to=');
  assert.equal(ok.status, 200, ok.text);
});

test('GET /orders and /orders/export.csv: bad filters → 400 page with the message beside the field, the value kept safely', async () => {
  for (const path of ['/orders', '/orders/export.csv']) {
    for (const [qs, field] of FILTERS.filter(([, f]) => !f.startsWith('page') || path === '/orders')) {
      const res = await provider.get(`${path}?${qs}`);
      const info = `${path}?${qs}: HTTP ${res.status} ${res.text.replace(/\s+/g, ' ').slice(0, 200)}`;
      assert.equal(res.status, 400, info);
      assert.match(res.headers.get('content-type'), /^text\/html/, info);
      assert.ok(res.text.includes(`data-field-error="${field}"`) || (field.startsWith('page') && /role="alert"/.test(res.text)), info);
      assert.ok(!res.text.includes(SCRIPT), `${info}: echoes markup`);
    }
  }
  const kept = await provider.get('/orders?from=2026-02-30&to=2026-03-01');
  assert.match(kept.text, /name="from" value="2026-02-30"/, 'the bad value stays in its field');
});

test('browser forms: cancel reason rules beside the field; bad ids and a missing CSRF token are refused', async () => {
  const before_ = await snapshot();
  const page = await admin.get(`/orders/${ids.inProgress}`);
  const csrf = csrfFrom(page.text);
  for (const reason of ['', '  ', 'ab', 'x'.repeat(1001), 'Rivi\u0001', SCRIPT.slice(0, 2)]) {
    const res = await admin.postForm(`/orders/${ids.inProgress}/cancel`, { csrf_token: csrf, reason });
    const info = `reason ${JSON.stringify(reason).slice(0, 30)}: HTTP ${res.status}`;
    assert.equal(res.status, 422, info);
    assert.match(res.text, /data-field-error="reason"/, info);
  }
  const noCsrf = await admin.postForm(`/orders/${ids.inProgress}/cancel`, { reason: 'Sovittu puhelimessa' });
  assert.equal(noCsrf.status, 403);
  const ppage = await provider.get(`/orders/${ids.accepted}`);
  const pcsrf = csrfFrom(ppage.text);
  for (const step of ['start', 'end', 'report']) {
    for (const id of BAD_IDS) {
      const res = await provider.postForm(`/orders/${id}/${step}`, { csrf_token: pcsrf });
      assert.equal(res.status, 404, `${step} ${id}: ${res.status}`);
    }
    assert.equal((await provider.postForm(`/orders/${ids.accepted}/${step}`, {})).status, 403, `${step} without CSRF`);
  }
  // The wrong step for the status: 409 page that names the status.
  const wrong = await provider.postForm(`/orders/${ids.accepted}/report`, { csrf_token: pcsrf });
  assert.equal(wrong.status, 409);
  assert.match(wrong.text, /hyväksytty/);
  assert.deepEqual(await snapshot(), before_);
});
