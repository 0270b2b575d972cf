'use strict';
// Every /api/v1 endpoint of api.md, success and error paths; every response is checked against the
// OpenAPI document. Tests run in file order and share one freshly seeded database.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { DEMO } = require('./harness');

let c;
const me = {};
let sd; // seeded service descriptions
let cards; // all published product cards
let activeVoucher; let expiredVoucher;
let ownCard2500; let ownCard5000; let otherCard2500;

before(async () => {
  c = await apiContext();
});
after(async () => { if (c) await c.server.stop(); });

const problem = (res, status) => {
  assert.equal(res.status, status, res.text.slice(0, 500));
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(res.json.status, status);
  assert.ok(res.json.detail && res.json.detail.length > 0, 'problem has a detail');
  return res.json;
};
const voucher = async (id, role = 'customer') => {
  const r = await c.call(role, 'GET', `/api/v1/vouchers/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const order = async (cardId, voucherId, role = 'customer') =>
  c.call(role, 'POST', '/api/v1/orders', { product_card_id: cardId, voucher_id: voucherId });

test('openapi.json is served and is OpenAPI 3.1', async () => {
  const r = await c.call(null, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.json.openapi, /^3\.1\./);
  for (const p of ['/auth/token', '/me', '/service-descriptions', '/product-cards/{id}', '/orders/{id}/decline', '/order-contracts/{number}']) {
    assert.ok(r.json.paths[p], `documents ${p}`);
  }
});

test('tokens and /me for each role', async () => {
  const expected = { admin: 'organizer_admin', provider: 'provider_user', customer: 'customer', counsellor: 'counsellor' };
  for (const [role, roleName] of Object.entries(expected)) {
    const r = await c.call(role, 'GET', '/api/v1/me');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.email, DEMO[role].email);
    assert.equal(r.json.role, roleName);
    me[role] = r.json;
  }
  assert.equal(typeof me.provider.provider_id, 'number');
  assert.equal(me.provider.customer_id, null);
  assert.equal(typeof me.customer.customer_id, 'number');
  assert.equal(me.customer.provider_id, null);
  assert.equal(me.admin.provider_id, null);

  const named = await c.call(null, 'POST', '/api/v1/auth/token', { ...DEMO.customer, name: 'integration laptop' });
  assert.equal(named.status, 201, named.text);
  assert.equal(named.json.name, 'integration laptop');
  assert.notEqual(named.json.token, c.tokens.customer, 'each token is new');
  const viaNamed = await c.call(named.json.token, 'GET', '/api/v1/me');
  assert.equal(viaNamed.json.id, me.customer.id);
});

test('auth errors: wrong password 401, no token 401, bad token 401, bad JSON 400, missing fields', async () => {
  problem(await c.call(null, 'POST', '/api/v1/auth/token', { email: DEMO.admin.email, password: 'wrong-password' }), 401);
  problem(await c.call(null, 'POST', '/api/v1/auth/token', { email: 'nobody@palvelutori.example', password: 'x-y-z-1' }), 401);
  problem(await c.call(null, 'GET', '/api/v1/me'), 401);
  problem(await c.call('not-a-real-token-0123456789abcdef', 'GET', '/api/v1/me'), 401);
  problem(await c.call(null, 'GET', '/api/v1/me', undefined, { headers: { authorization: 'Basic YWRtaW46eA==' } }), 401);
  problem(await c.call(null, 'POST', '/api/v1/auth/token', undefined, { raw: '{"email":', headers: { 'content-type': 'application/json' } }), 400);
  const missing = await c.call(null, 'POST', '/api/v1/auth/token', { email: DEMO.admin.email });
  assert.ok([400, 422].includes(missing.status), `missing password → 400/422, got ${missing.status}`);
  assert.ok(missing.json.errors && missing.json.errors.password, 'errors.password');
});

test('service descriptions: list, pagination, one, 404, bad page parameters', async () => {
  const r = await c.call(null, 'GET', '/api/v1/service-descriptions');
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 3);
  assert.equal(r.json.page, 1);
  assert.equal(r.json.page_size, 20);
  sd = Object.fromEntries(r.json.items.map((x) => [x.code, x]));
  assert.deepEqual(Object.keys(sd).sort(), ['job-search-coaching', 'sales-marketing', 'work-life-finnish']);
  assert.equal(sd['sales-marketing'].name_fi, 'Myynnin ja markkinoinnin kehittäminen');
  assert.equal(sd['job-search-coaching'].name_fi, 'Työnhakuvalmennus');

  const p2 = await c.call(null, 'GET', '/api/v1/service-descriptions?page=2&page_size=2');
  assert.equal(p2.status, 200);
  assert.equal(p2.json.items.length, 1);
  assert.equal(p2.json.total, 3);
  assert.equal(p2.json.page, 2);
  assert.equal(p2.json.page_size, 2);

  const one = await c.call(null, 'GET', `/api/v1/service-descriptions/${sd['work-life-finnish'].id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.json, sd['work-life-finnish']);
  problem(await c.call(null, 'GET', '/api/v1/service-descriptions/999999'), 404);

  assert.ok(problem(await c.call(null, 'GET', '/api/v1/service-descriptions?page=0'), 400).errors.page);
  assert.ok(problem(await c.call(null, 'GET', '/api/v1/service-descriptions?page_size=101'), 400).errors.page_size);
  assert.ok(problem(await c.call(null, 'GET', '/api/v1/service-descriptions?page_size=abc'), 400).errors.page_size);
  assert.ok(problem(await c.call(null, 'GET', '/api/v1/service-descriptions?page=-3'), 400).errors.page);
});

test('product cards: list, search, filters, card, 404', async () => {
  const r = await c.call(null, 'GET', '/api/v1/product-cards');
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 30);
  assert.equal(r.json.items.length, 20);
  cards = await c.all(null, '/api/v1/product-cards');
  assert.equal(cards.length, 30);
  assert.equal(new Set(cards.map((x) => x.id)).size, 30, 'pages do not overlap');
  for (const card of cards) assert.ok([250000, 500000].includes(card.price_cents), `price ${card.price_cents}`);

  const s = await c.call(null, 'GET', '/api/v1/product-cards?q=markkinointi');
  assert.equal(s.status, 200);
  assert.ok(s.json.items.some((x) => x.title === 'Markkinoinnin kehittäminen'), JSON.stringify(s.json.items.map((x) => x.title)));
  assert.ok(s.json.total < 30, 'search narrows the list');
  const none = await c.call(null, 'GET', '/api/v1/product-cards?q=zyxwvutsrqponm');
  assert.equal(none.json.total, 0);
  assert.deepEqual(none.json.items, []);

  const sdId = sd['job-search-coaching'].id;
  const f = await c.all(null, `/api/v1/product-cards?service_description_id=${sdId}`);
  assert.ok(f.length > 0 && f.length < 30);
  assert.equal(f.length, cards.filter((x) => x.service_description.id === sdId).length);
  for (const x of f) assert.equal(x.service_description.code, 'job-search-coaching');

  const en = await c.all(null, '/api/v1/product-cards?language=en');
  assert.ok(en.length > 0 && en.length < 30, `cards in English: ${en.length}`);
  assert.equal(en.length, cards.filter((x) => x.languages.includes('en')).length);
  const both = await c.all(null, `/api/v1/product-cards?language=en&service_description_id=${sdId}`);
  assert.equal(both.length, cards.filter((x) => x.languages.includes('en') && x.service_description.id === sdId).length);

  const one = await c.call(null, 'GET', `/api/v1/product-cards/${cards[3].id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.json, cards[3]);
  problem(await c.call(null, 'GET', '/api/v1/product-cards/987654'), 404);
  assert.ok(problem(await c.call(null, 'GET', '/api/v1/product-cards?language=de'), 400).errors);
  assert.ok(problem(await c.call(null, 'GET', '/api/v1/product-cards?page_size=0'), 400).errors.page_size);

  const ownCards = cards.filter((x) => x.provider.id === me.provider.provider_id);
  assert.ok(ownCards.every((x) => x.provider.name === 'Markkinointipaja Oy'));
  ownCard2500 = ownCards.find((x) => x.price_cents === 250000);
  ownCard5000 = ownCards.find((x) => x.price_cents === 500000);
  otherCard2500 = cards.find((x) => x.provider.id !== me.provider.provider_id && x.price_cents === 250000);
  assert.ok(ownCard2500 && ownCard5000 && otherCard2500, 'demo data has the cards the contract promises');
});

test('vouchers: visibility per role and the seeded balances', async () => {
  const mine = await c.all('customer', '/api/v1/vouchers');
  assert.ok(mine.every((v) => v.customer.id === me.customer.customer_id));
  assert.equal(mine[0].customer.name, 'Kahvila Kuppi Oy');
  const active = mine.filter((v) => v.status === 'active');
  assert.equal(active.length, 1);
  activeVoucher = active[0];
  assert.equal(activeVoucher.value_cents, 500000);
  assert.deepEqual(activeVoucher.balance, { granted_cents: 500000, reserved_cents: 0, spent_cents: 0, expired_cents: 0, available_cents: 500000 });
  expiredVoucher = mine.find((v) => v.status === 'expired');
  assert.ok(expiredVoucher, 'the expired voucher shows status expired');
  assert.equal(expiredVoucher.value_cents, 250000);
  assert.ok(expiredVoucher.valid_until < new Date().toISOString().slice(0, 10));

  const all = await c.all('admin', '/api/v1/vouchers');
  assert.ok(all.length > mine.length);
  assert.ok(new Set(all.map((v) => v.customer.id)).size >= 5);
  assert.equal((await c.all('counsellor', '/api/v1/vouchers')).length, all.length);
  problem(await c.call('provider', 'GET', '/api/v1/vouchers'), 403);
  problem(await c.call(null, 'GET', '/api/v1/vouchers'), 401);

  const d = await voucher(activeVoucher.id);
  assert.deepEqual(d.ledger.map((e) => [e.kind, e.amount_cents]), [['grant', 500000]]);
  problem(await c.call('customer', 'GET', '/api/v1/vouchers/999999'), 404);
  const foreign = all.find((v) => v.customer.id !== me.customer.customer_id);
  const f = await c.call('customer', 'GET', `/api/v1/vouchers/${foreign.id}`);
  assert.ok([403, 404].includes(f.status), `other customer's voucher → 403/404, got ${f.status}`);
});

let accepted;
test('customer orders a 2 500 € card: reserved on the voucher', async () => {
  const r = await order(ownCard2500.id, activeVoucher.id);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'requested');
  assert.equal(r.json.price_cents, 250000);
  assert.equal(r.json.voucher_id, activeVoucher.id);
  assert.equal(r.json.contract_number, null);
  assert.equal(r.json.product_card.id, ownCard2500.id);
  assert.equal(r.json.provider.id, me.provider.provider_id);
  assert.equal(r.json.customer.id, me.customer.customer_id);
  assert.equal(r.json.ordered_by.role, 'customer');
  accepted = r.json;
  const v = await voucher(activeVoucher.id);
  assert.equal(v.balance.reserved_cents, 250000);
  assert.equal(v.balance.available_cents, 250000);
  assert.ok(v.ledger.some((e) => e.kind === 'reserve' && e.amount_cents === 250000 && e.order_id === accepted.id));
});

test('order errors: expired voucher 409, over balance 409, unknown ids 422, missing fields 422', async () => {
  const exp = problem(await order(ownCard2500.id, expiredVoucher.id), 409);
  assert.match(exp.detail, /expir|vanhentu|voimassa/i);
  const over = problem(await order(ownCard5000.id, activeVoucher.id), 409);
  assert.match(over.detail, /balance|saldo|available|riitä|insufficient/i);
  assert.ok(problem(await order(987654, activeVoucher.id), 422).errors.product_card_id);
  assert.ok(problem(await order(ownCard2500.id, 987654), 422).errors.voucher_id);
  const missing = problem(await c.call('customer', 'POST', '/api/v1/orders', {}), 422);
  assert.ok(missing.errors.product_card_id && missing.errors.voucher_id);
  assert.ok(problem(await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: '12', voucher_id: activeVoucher.id }), 422).errors.product_card_id);
  problem(await c.call(null, 'POST', '/api/v1/orders', { product_card_id: ownCard2500.id, voucher_id: activeVoucher.id }), 401);
  problem(await c.call('provider', 'POST', '/api/v1/orders', { product_card_id: ownCard2500.id, voucher_id: activeVoucher.id }), 403);
  const v = await voucher(activeVoucher.id);
  assert.equal(v.balance.reserved_cents, 250000, 'failed orders reserve nothing');
});

test('provider sees the order; customer cannot accept; provider accepts → contract', async () => {
  const list = await c.all('provider', '/api/v1/orders');
  assert.ok(list.some((o) => o.id === accepted.id));
  assert.ok(list.every((o) => o.provider.id === me.provider.provider_id));
  const requested = await c.all('provider', '/api/v1/orders?status=requested');
  assert.ok(requested.length >= 1 && requested.every((o) => o.status === 'requested'));
  assert.equal((await c.call('provider', 'GET', `/api/v1/orders/${accepted.id}`)).json.id, accepted.id);

  problem(await c.call('customer', 'POST', `/api/v1/orders/${accepted.id}/accept`), 403);
  const r = await c.call('provider', 'POST', `/api/v1/orders/${accepted.id}/accept`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'accepted');
  assert.match(r.json.contract_number, /^TS-\d{4}-\d{6}$/);
  assert.equal(r.json.contract_number.slice(3, 7), String(new Date().getUTCFullYear()));
  accepted = r.json;
  problem(await c.call('provider', 'POST', `/api/v1/orders/${accepted.id}/accept`), 409);

  for (const role of ['provider', 'customer', 'admin', 'counsellor']) {
    const contracts = await c.all(role, '/api/v1/order-contracts');
    const k = contracts.find((x) => x.number === accepted.contract_number);
    assert.ok(k, `${role} sees the contract`);
    assert.equal(k.order_id, accepted.id);
    assert.equal(k.price_cents, 250000);
  }
  const k = await c.call('provider', 'GET', `/api/v1/order-contracts/${accepted.contract_number}`);
  assert.equal(k.status, 200);
  assert.equal(k.json.product_card.id, ownCard2500.id);
  assert.equal(k.json.customer.id, me.customer.customer_id);
  problem(await c.call('provider', 'GET', '/api/v1/order-contracts/TS-1999-000001'), 404);
  problem(await c.call(null, 'GET', '/api/v1/order-contracts'), 401);
  const ord = await c.call('customer', 'GET', `/api/v1/orders/${accepted.id}`);
  assert.equal(ord.json.contract_number, accepted.contract_number);
  const cancelAccepted = await c.call('customer', 'POST', `/api/v1/orders/${accepted.id}/cancel`);
  assert.ok([403, 409].includes(cancelAccepted.status), `customer cancels after acceptance → 403/409, got ${cancelAccepted.status}`);
});

test('decline with a reason releases the reservation', async () => {
  const r = await order(ownCard2500.id, activeVoucher.id);
  assert.equal(r.status, 201, r.text);
  assert.equal((await voucher(activeVoucher.id)).balance.available_cents, 0);
  const short = problem(await c.call('provider', 'POST', `/api/v1/orders/${r.json.id}/decline`, { reason: 'no' }), 422);
  assert.ok(short.errors.reason);
  problem(await c.call('provider', 'POST', `/api/v1/orders/${r.json.id}/decline`, {}), 422);
  problem(await c.call('customer', 'POST', `/api/v1/orders/${r.json.id}/decline`, { reason: 'Customer tries' }), 403);
  const d = await c.call('provider', 'POST', `/api/v1/orders/${r.json.id}/decline`, { reason: 'Kalenteri on täynnä' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'declined');
  assert.equal(d.json.decline_reason, 'Kalenteri on täynnä');
  assert.equal(d.json.contract_number, null);
  const v = await voucher(activeVoucher.id);
  assert.equal(v.balance.reserved_cents, 250000);
  assert.equal(v.balance.available_cents, 250000);
  assert.ok(v.ledger.some((e) => e.kind === 'release' && e.amount_cents === 250000 && e.order_id === r.json.id));
  problem(await c.call('provider', 'POST', `/api/v1/orders/${r.json.id}/decline`, { reason: 'again please' }), 409);
  problem(await c.call('provider', 'POST', `/api/v1/orders/${r.json.id}/accept`), 409);
});

test('customer cancels a requested order: released; cancelling again 409', async () => {
  const r = await order(ownCard2500.id, activeVoucher.id);
  assert.equal(r.status, 201, r.text);
  const x = await c.call('customer', 'POST', `/api/v1/orders/${r.json.id}/cancel`);
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.status, 'cancelled');
  const v = await voucher(activeVoucher.id);
  assert.equal(v.balance.available_cents, 250000);
  assert.ok(v.ledger.some((e) => e.kind === 'release' && e.order_id === r.json.id));
  problem(await c.call('customer', 'POST', `/api/v1/orders/${r.json.id}/cancel`), 409);
  problem(await c.call('provider', 'POST', `/api/v1/orders/${r.json.id}/accept`), 409);
  problem(await c.call('customer', 'POST', '/api/v1/orders/987654/cancel'), 404);
  const cancelled = await c.all('customer', '/api/v1/orders?status=cancelled');
  assert.ok(cancelled.some((o) => o.id === r.json.id) && cancelled.every((o) => o.status === 'cancelled'));
});

test("provider cannot see or act on another provider's orders", async () => {
  const r = await order(otherCard2500.id, activeVoucher.id);
  assert.equal(r.status, 201, r.text);
  problem(await c.call('provider', 'GET', `/api/v1/orders/${r.json.id}`), 404);
  const acc = await c.call('provider', 'POST', `/api/v1/orders/${r.json.id}/accept`);
  assert.ok([403, 404].includes(acc.status), `accept foreign order → 403/404, got ${acc.status}`);
  assert.ok(!(await c.all('provider', '/api/v1/orders')).some((o) => o.id === r.json.id));
  assert.equal((await c.call('admin', 'GET', `/api/v1/orders/${r.json.id}`)).json.status, 'requested');
  const x = await c.call('admin', 'POST', `/api/v1/orders/${r.json.id}/cancel`);
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.status, 'cancelled');
  problem(await c.call('customer', 'GET', '/api/v1/orders/987654'), 404);
});

test('counsellor orders on behalf of the customer; counsellor cancels', async () => {
  const r = await order(ownCard2500.id, activeVoucher.id, 'counsellor');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.ordered_by.role, 'counsellor');
  assert.equal(r.json.ordered_by.id, me.counsellor.id);
  assert.equal(r.json.customer.id, me.customer.customer_id);
  assert.ok((await c.all('customer', '/api/v1/orders')).some((o) => o.id === r.json.id), 'customer sees it');
  const x = await c.call('counsellor', 'POST', `/api/v1/orders/${r.json.id}/cancel`);
  assert.equal(x.status, 200, x.text);
  assert.equal((await voucher(activeVoucher.id)).balance.available_cents, 250000);
  const all = await c.all('admin', '/api/v1/orders');
  assert.equal(all.filter((o) => o.voucher_id === activeVoucher.id).length, 5);
});

test('organizer creates a service description; duplicate 409; validation 422; roles', async () => {
  const body = { code: 'digital-marketing', name_fi: 'Digitaalinen markkinointi', name_en: 'Digital marketing', description_fi: 'Kuvaus', description_en: '' };
  const r = await c.call('admin', 'POST', '/api/v1/service-descriptions', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.code, 'digital-marketing');
  assert.equal(r.json.name_fi, 'Digitaalinen markkinointi');
  assert.equal(r.json.description_en, '');
  assert.deepEqual((await c.call(null, 'GET', `/api/v1/service-descriptions/${r.json.id}`)).json, r.json);
  assert.equal((await c.call(null, 'GET', '/api/v1/service-descriptions')).json.total, 4);

  const dup = problem(await c.call('admin', 'POST', '/api/v1/service-descriptions', { ...body, name_fi: 'Toinen nimi' }), 409);
  assert.ok(dup.detail);
  const bad = problem(await c.call('admin', 'POST', '/api/v1/service-descriptions', { ...body, code: 'Bad Code!', name_fi: 'x', description_fi: 'a'.repeat(5001) }), 422);
  assert.ok(bad.errors.code && bad.errors.name_fi && bad.errors.description_fi, JSON.stringify(bad.errors));
  const ctl = problem(await c.call('admin', 'POST', '/api/v1/service-descriptions', { ...body, code: 'ctl-test', name_en: 'Bell\u0007name' }), 422);
  assert.ok(ctl.errors.name_en);
  problem(await c.call('customer', 'POST', '/api/v1/service-descriptions', { ...body, code: 'by-customer' }), 403);
  problem(await c.call('provider', 'POST', '/api/v1/service-descriptions', { ...body, code: 'by-provider' }), 403);
  problem(await c.call(null, 'POST', '/api/v1/service-descriptions', { ...body, code: 'anonymous' }), 401);
  assert.equal((await c.call(null, 'GET', '/api/v1/service-descriptions')).json.total, 4);
});

test('login throttling: 429 after repeated failures, per email', async () => {
  // The counsellor's token was issued in before(); this is the last test that logs in as the counsellor.
  const statuses = [];
  for (let i = 0; i < 7; i++) {
    const r = await c.call(null, 'POST', '/api/v1/auth/token', { email: DEMO.counsellor.email, password: `wrong-${i}` });
    statuses.push(r.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
  assert.ok(statuses.slice(5).includes(429), `429 after more than 5 failures, got ${statuses}`);
  problem(await c.call(null, 'POST', '/api/v1/auth/token', DEMO.counsellor), 429);
  const other = await c.call(null, 'POST', '/api/v1/auth/token', DEMO.admin);
  assert.equal(other.status, 201, 'throttling is per email');
});
