'use strict';
// Table-driven bad input against every API endpoint and form: always a 4xx with a message, never a 5xx,
// and nothing in the data changes (snapshot through the API before and after the tables).
// The tables live in bad-input-cases.js.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { api, browserish, csrfFrom, login, DEMO } = require('./harness');
const { apiCases, htmlCases, SCRIPT } = require('./bad-input-cases');

let c; let ids; let clients; let csrfPages; let before_;

before(async () => {
  c = await apiContext();
  const me = (await c.call('provider', 'GET', '/api/v1/me')).json;
  const card = (await c.all(null, '/api/v1/product-cards')).find((x) => x.provider.id === me.provider_id && x.price_cents === 250000);
  const voucher = (await c.all('customer', '/api/v1/vouchers')).find((v) => v.status === 'active');
  const mk = async () => {
    const r = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: card.id, voucher_id: voucher.id });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const declinedOrder = await mk();
  assert.equal((await c.call('provider', 'POST', `/api/v1/orders/${declinedOrder}/decline`, { reason: 'Setup decline' })).status, 200);
  // One requested order stays open so decline/accept/cancel inputs have a live target; 2 500 € stays available.
  ids = { card: card.id, voucher: voucher.id, pendingOrder: await mk(), declinedOrder };

  clients = { anon: browserish(c.baseUrl), customer: browserish(c.baseUrl), provider: browserish(c.baseUrl), admin: browserish(c.baseUrl) };
  for (const role of ['customer', 'provider', 'admin']) await login(clients[role], DEMO[role].email, DEMO[role].password);
  csrfPages = { anon: '/login', customer: `/catalog/${ids.card}`, provider: `/orders/${ids.pendingOrder}`, admin: '/admin/service-descriptions' };
});
after(async () => { if (c) await c.server.stop(); });

async function snapshot() {
  const orders = (await c.all('admin', '/api/v1/orders')).map((o) => ({
    id: o.id, status: o.status, voucher_id: o.voucher_id, price_cents: o.price_cents, decline_reason: o.decline_reason, contract_number: o.contract_number, updated_at: o.updated_at,
  }));
  const serviceDescriptions = await c.all(null, '/api/v1/service-descriptions');
  const vouchers = (await c.all('admin', '/api/v1/vouchers')).map((v) => ({ id: v.id, status: v.status, balance: v.balance }));
  const cards = (await c.all(null, '/api/v1/product-cards')).map((x) => ({ id: x.id, title: x.title, price_cents: x.price_cents }));
  const ledger = (await c.call('customer', 'GET', `/api/v1/vouchers/${ids.voucher}`)).json.ledger;
  return { orders, serviceDescriptions, vouchers, cards, ledger };
}

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') || '');
const hasMessage = (html) => /role\s*=\s*"alert"/.test(html) || /data-field-error\s*=\s*"[^"]+"/.test(html);
const cardCount = (html) => (html.match(/<article\b[^>]*\bclass\s*=\s*"[^"]*\bproduct-card\b/g) || []).length;

async function runApi(cs) {
  const token = cs.role ? c.tokens[cs.role] : undefined;
  const res = await api(c.baseUrl, cs.method, cs.path, { token, body: cs.body, raw: cs.raw, headers: cs.headers });
  const info = `HTTP ${res.status} ${res.headers.get('content-type')} ${res.text.slice(0, 300)}`;
  if (cs.search && res.status === 200) {
    c.v.checkRes(cs.method, cs.path, res);
    assert.equal(res.json.total, 0, `hostile search text finds nothing: ${info}`);
    return;
  }
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  assert.ok(isProblem(res), `problem+json: ${info}`);
  assert.equal(res.json.status, res.status, info);
  assert.ok((typeof res.json.detail === 'string' && res.json.detail.length > 0) || Object.keys(res.json.errors || {}).length > 0, `message: ${info}`);
  if (cs.errorField) assert.ok(res.json.errors && res.json.errors[cs.errorField], `errors.${cs.errorField}: ${info}`);
  c.v.checkRes(cs.method, cs.path, res);
}

async function runHtml(cs) {
  const client = clients[cs.role];
  let res;
  if (cs.method === 'GET') {
    res = await client.get(cs.path);
  } else {
    let token;
    if (cs.csrf) {
      const page = await client.get(csrfPages[cs.role]);
      token = csrfFrom(page.text);
    }
    const headers = { ...(cs.headers || {}) };
    if (cs.raw !== undefined) {
      if (token) headers['x-csrf-token'] = token;
      res = await client.postForm(cs.path, null, { raw: cs.raw, headers });
    } else if (cs.rawFields !== undefined) {
      const tail = token ? `&csrf_token=${encodeURIComponent(token)}` : '';
      res = await client.postForm(cs.path, null, { raw: Buffer.concat([Buffer.from(cs.rawFields), Buffer.from(tail)]), headers });
    } else {
      res = await client.postForm(cs.path, { ...cs.fields, ...(token ? { csrf_token: token } : {}) }, { headers });
    }
  }
  const info = `HTTP ${res.status} ${res.headers.get('content-type')} ${res.text.replace(/\s+/g, ' ').slice(0, 300)}`;
  assert.ok(!res.text.includes(SCRIPT), `script text must come back escaped: ${info}`);
  if (cs.search && res.status === 200) {
    assert.equal(cardCount(res.text), 0, `hostile search text finds nothing: ${info}`);
    return;
  }
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  assert.ok(hasMessage(res.text), `role="alert" or data-field-error: ${info}`);
  if (cs.csrf && cs.raw === undefined) assert.notEqual(res.status, 403, `valid CSRF token was refused, so the input was never checked: ${info}`);
}

test('snapshot before the tables', async () => {
  before_ = await snapshot();
  assert.ok(before_.orders.length >= 2 && before_.vouchers.length >= 5 && before_.cards.length === 30);
});

test('API bad-input table', async (t) => {
  const cases = apiCases(ids);
  assert.ok(cases.length > 300, `table has ${cases.length} cases`);
  for (const cs of cases) await t.test(cs.name, () => runApi(cs));
});

test('HTML bad-input table', async (t) => {
  const cases = htmlCases(ids);
  assert.ok(cases.length > 200, `table has ${cases.length} cases`);
  for (const cs of cases) await t.test(cs.name, () => runHtml(cs));
});

test('open redirects are refused', async () => {
  const b = browserish(c.baseUrl);
  for (const back of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    const r = await b.get(`/lang?set=en&back=${encodeURIComponent(back)}`);
    assert.ok(!/^(https?:)?[/\\]{2}|^javascript:/i.test(r.location || ''), `/lang back=${back} → ${r.status} ${r.location}`);
  }
  const page = await b.get('/login');
  const r = await b.postForm('/login', { email: DEMO.counsellor.email, password: DEMO.counsellor.password, next: 'https://evil.example/', csrf_token: csrfFrom(page.text) });
  assert.equal(r.status, 303);
  assert.ok(!/^(https?:)?[/\\]{2}/i.test(r.location || ''), `login next → ${r.location}`);
});

test('snapshot after the tables: nothing changed; server still ready', async () => {
  assert.deepEqual(await snapshot(), before_);
  assert.equal((await fetch(`${c.baseUrl}/readyz`)).status, 200);
});
