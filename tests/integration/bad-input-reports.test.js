'use strict';
// Bad input for every field of the service and billing report forms and APIs, the decisions, the
// lists, timeliness and the provider summary: always a 4xx naming the field (problem+json or a
// message beside the field), never a 500, and nothing stored. Every API answer is validated
// against the OpenAPI document.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { browserish, login, csrfFrom, DEMO } = require('./harness');
const { apiContext } = require('./context');
const { finnishDate, makeVoucher, orderDriver, sql } = require('./orders-fixtures');

let c;
const me = {};
let own; let foreign; let requested; let bonusOrder; let fixedOrder;

before(async () => { c = await apiContext(); });
after(async () => { if (c) await c.server.stop(); });

const sr = (id) => `/api/v1/orders/${id}/service-report`;
const br = (id) => `/api/v1/orders/${id}/billing-report`;
const today = () => finnishDate();
const tomorrow = () => finnishDate(new Date(), 1);

/** A 4xx problem+json naming `field` (when given); never a 500. */
async function refused(role, method, p, body, status, field, opts = {}) {
  const r = await c.call(role, method, p, body, opts);
  const where = `${role} ${method} ${p} ${JSON.stringify(body ?? opts.raw ?? '').slice(0, 120)}`;
  assert.ok(r.status < 500, `${where}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  assert.equal(r.status, status, `${where}: ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/, where);
  if (field) assert.ok(r.json.errors && r.json.errors[field], `${where}: errors.${field} in ${JSON.stringify(r.json)}`);
  return r.json;
}

test('setup: ended orders of the provider (fixed, fixed with a bonus), another provider\'s, a requested one', async () => {
  for (const r of ['admin', 'provider', 'customer', 'counsellor']) me[r] = (await c.call(r, 'GET', '/api/v1/me')).json;
  const cards = await c.all(null, '/api/v1/product-cards');
  const plain = cards.find((x) => x.provider.id === me.provider.provider_id);
  const withBonus = plain;
  const other = cards.find((x) => x.provider.id !== me.provider.provider_id);
  assert.ok(plain && other);
  // The provider's service gets the bonus (the demo's has none); the reports read the model as it is now.
  const model = { kind: 'fixed', values: [250000, 500000], bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] };
  sql(c.server.dbUrl, `UPDATE service_descriptions SET price_model = '${JSON.stringify(model)}' WHERE id = ${plain.service_description.id}`);
  const voucher = makeVoucher(c.server.dbUrl, me.customer.customer_id, 100000000);
  own = await orderDriver(c, { card: () => plain.id, voucher: () => voucher }).reach.ended();
  fixedOrder = await orderDriver(c, { card: () => plain.id, voucher: () => voucher }).reach.ended();
  bonusOrder = await orderDriver(c, { card: () => withBonus.id, voucher: () => voucher }).reach.ended();
  requested = await orderDriver(c, { card: () => plain.id, voucher: () => voucher }).reach.requested();
  // The other provider's order is driven with SQL to ended (its users have no demo token).
  foreign = await orderDriver(c, { card: () => other.id, voucher: () => voucher }).reach.requested();
  sql(c.server.dbUrl, `UPDATE orders SET status = 'ended' WHERE id = ${foreign.id}`);
});

test('service report API: every field, wrong types, dates, minutes, text', async () => {
  const p = sr(own.id);
  await refused('provider', 'PUT', p, undefined, 400, null, { raw: '{"goal": ', headers: { 'content-type': 'application/json' } });
  await refused('provider', 'PUT', p, [1, 2], 422);
  await refused('provider', 'PUT', p, 'text', 422);
  for (const f of ['starting_situation', 'goal', 'concrete_actions', 'employment_findings', 'follow_up_plan', 'follow_up_schedule']) {
    await refused('provider', 'PUT', p, { [f]: 12 }, 422, f);
    await refused('provider', 'PUT', p, { [f]: ['a'] }, 422, f);
    await refused('provider', 'PUT', p, { [f]: 'a\u0001b' }, 422, f);
    await refused('provider', 'PUT', p, { [f]: 'x'.repeat(f === 'follow_up_schedule' ? 1001 : 4001) }, 422, f);
  }
  await refused('provider', 'PUT', p, { meetings: 'many' }, 422, 'meetings');
  await refused('provider', 'PUT', p, { meetings: { date: today() } }, 422, 'meetings');
  await refused('provider', 'PUT', p, { meetings: [5] }, 422, 'meetings.0');
  await refused('provider', 'PUT', p, { meetings: Array.from({ length: 201 }, () => ({ date: today(), minutes: 1, actions: 'x' })) }, 422, 'meetings');
  const bad = [
    [{ date: '2026-13-01' }, 'date'], [{ date: '1.12.2026' }, 'date'], [{ date: 20261201 }, 'date'], [{ date: tomorrow() }, 'date'],
    [{ date: '2001-01-01' }, 'date'], [{ date: `${today()}T10:00` }, 'date'],
    [{ minutes: 0 }, 'minutes'], [{ minutes: -30 }, 'minutes'], [{ minutes: 1441 }, 'minutes'], [{ minutes: 1e20 }, 'minutes'],
    [{ minutes: '60' }, 'minutes'], [{ minutes: 1.5 }, 'minutes'], [{ minutes: true }, 'minutes'],
    [{ actions: 7 }, 'actions'], [{ actions: 'x'.repeat(2001) }, 'actions'], [{ actions: 'a\u0007' }, 'actions'],
  ];
  for (const [m, field] of bad) {
    const row = { date: today(), minutes: 60, actions: 'Tapaaminen', ...m };
    await refused('provider', 'PUT', p, { meetings: [{ date: today(), minutes: 30, actions: 'ok' }, row] }, 422, `meetings.1.${field}`);
  }
  // Nothing was stored by any of them.
  assert.equal((await c.call('provider', 'GET', p)).json.status, 'not_started');
  // Submit: every part is required.
  const e = await refused('provider', 'POST', `${p}/submit`, undefined, 422, 'meetings');
  for (const f of ['starting_situation', 'goal', 'concrete_actions', 'employment_findings', 'follow_up_plan', 'follow_up_schedule']) assert.ok(e.errors[f], f);
});

test('billing report API: minutes, confirmation, bonus claim against the price model, evidence', async () => {
  const p = br(bonusOrder.id);
  await refused('provider', 'PUT', p, { delivery_confirmed: 'yes' }, 422, 'delivery_confirmed');
  await refused('provider', 'PUT', p, { delivery_confirmed: 1 }, 422, 'delivery_confirmed');
  await refused('provider', 'PUT', p, { bonus_code: 5 }, 422, 'bonus_code');
  await refused('provider', 'PUT', p, { bonus_code: 'employed_99y', bonus_evidence: 'x' }, 422, 'bonus_code');
  await refused('provider', 'PUT', p, { bonus_evidence: 'evidence without a claim' }, 422, 'bonus_code');
  await refused('provider', 'PUT', p, { bonus_code: 'employed_6m', bonus_evidence: 'x'.repeat(1001) }, 422, 'bonus_evidence');
  await refused('provider', 'PUT', p, { bonus_code: 'employed_6m', bonus_evidence: ['x'] }, 422, 'bonus_evidence');
  await refused('provider', 'PUT', p, { meetings: [{ date: today(), minutes: 0 }] }, 422, 'meetings.0.minutes');
  await refused('provider', 'PUT', p, { meetings: [{ date: today(), minutes: 24 * 60 + 1 }] }, 422, 'meetings.0.minutes');
  await refused('provider', 'PUT', p, { meetings: [{ date: tomorrow(), minutes: 60 }] }, 422, 'meetings.0.date');
  // Codes are exact.
  await refused('provider', 'PUT', br(fixedOrder.id), { delivery_confirmed: true, bonus_code: 'EMPLOYED_6M', bonus_evidence: 'x' }, 422, 'bonus_code');
  assert.equal((await c.call('provider', 'GET', p)).json.status, 'not_started', 'nothing stored');
  // Submit: the claim needs its evidence; a fixed-price service its confirmation.
  assert.equal((await c.call('provider', 'PUT', p, { bonus_code: 'employed_6m' })).status, 200);
  const e = await refused('provider', 'POST', `${p}/submit`, undefined, 422, 'bonus_evidence');
  assert.ok(e.errors.delivery_confirmed, 'confirmation required');
  assert.equal((await c.call('provider', 'GET', p)).json.status, 'draft');
});

test('decisions: roles, not submitted, twice, bonus decision type, the return reason', async () => {
  const p = br(fixedOrder.id);
  await refused('admin', 'POST', `${p}/approve`, {}, 409);
  await refused('admin', 'POST', `${p}/return`, { reason: 'Tunnit puuttuvat' }, 409);
  assert.equal((await c.call('provider', 'PUT', p, { delivery_confirmed: true })).status, 200);
  assert.equal((await c.call('provider', 'POST', `${p}/submit`)).status, 200);
  for (const role of ['provider', 'customer', 'counsellor']) {
    await refused(role, 'POST', `${p}/approve`, {}, 403);
    await refused(role, 'POST', `${p}/return`, { reason: 'Tunnit puuttuvat' }, 403);
  }
  await refused('admin', 'POST', `${p}/approve`, { bonus_approved: 'yes' }, 422, 'bonus_approved');
  await refused('admin', 'POST', `${p}/approve`, [true], 422);
  for (const reason of [undefined, null, '', '  ', 'ab', 'x'.repeat(1001), 'ok\u0000ok', 42, ['abc']])
    await refused('admin', 'POST', `${p}/return`, { reason }, 422, 'reason');
  // An empty body where a reason is required: a 4xx, never a 500.
  const empty = await c.call('admin', 'POST', `${p}/return`, undefined, { raw: '', headers: { 'content-type': 'application/json' } });
  assert.ok(empty.status >= 400 && empty.status < 500, empty.text);
  assert.equal((await c.call('admin', 'GET', p)).json.status, 'submitted', 'no refusal decided anything');
  assert.equal((await c.call('admin', 'POST', `${p}/approve`, {})).status, 200);
  await refused('admin', 'POST', `${p}/approve`, {}, 409);
  await refused('admin', 'POST', `${p}/return`, { reason: 'Myöhästynyt palautus' }, 409);
  await refused('provider', 'POST', `${p}/submit`, undefined, 409);
});

test('scope and state: other provider 404, missing and malformed ids 404, wrong roles 403, not ended 409', async () => {
  for (const p of [sr(foreign.id), br(foreign.id)]) {
    await refused('provider', 'GET', p, undefined, 404);
    await refused('provider', 'PUT', p, { goal: 'x' }, 404);
    await refused('provider', 'POST', `${p}/submit`, undefined, 404);
  }
  for (const id of ['987654321', 'abc', '0', '-1']) {
    await refused('provider', 'GET', sr(id), undefined, 404);
    await refused('admin', 'GET', br(id), undefined, 404);
  }
  await refused('customer', 'GET', sr(own.id), undefined, 403);
  await refused('customer', 'PUT', sr(own.id), { goal: 'x' }, 403);
  await refused('counsellor', 'PUT', sr(own.id), { goal: 'x' }, 403);
  await refused('admin', 'PUT', br(own.id), { delivery_confirmed: true }, 403);
  await refused('counsellor', 'GET', br(own.id), undefined, 403);
  await refused('provider', 'GET', sr(requested.id), undefined, 409);
  await refused('provider', 'PUT', br(requested.id), { delivery_confirmed: true }, 409);
  await refused(null, 'GET', sr(own.id), undefined, 401);
});

test('lists, timeliness and the summary: bad filters and paging 400, roles 403, unknown providers 404', async () => {
  await refused('admin', 'GET', '/api/v1/billing-reports?status=lost', undefined, 400, 'status');
  await refused('admin', 'GET', '/api/v1/billing-reports?page=0', undefined, 400);
  await refused('admin', 'GET', '/api/v1/billing-reports?page_size=1000', undefined, 400);
  for (const role of ['provider', 'customer', 'counsellor']) {
    await refused(role, 'GET', '/api/v1/billing-reports', undefined, 403);
    await refused(role, 'GET', '/api/v1/reports/timeliness', undefined, 403);
  }
  for (const role of ['customer', 'counsellor']) await refused(role, 'GET', `/api/v1/providers/${me.provider.provider_id}/summary`, undefined, 403);
  await refused('admin', 'GET', '/api/v1/providers/987654321/summary', undefined, 404);
  await refused('admin', 'GET', '/api/v1/providers/x/summary', undefined, 404);
  await refused('provider', 'GET', `/api/v1/providers/${foreign.provider.id}/summary`, undefined, 404);
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const list = await admin.get('/admin/billing-reports?status=lost');
  assert.equal(list.status, 400);
  assert.match(list.text, /data-field-error="status"/);
  assert.equal((await admin.get('/provider/summary')).status, 404, 'the organizer has no own provider');
  assert.equal((await admin.get('/admin/providers/987654321/summary')).status, 404);
});

test('the HTML forms: messages beside the fields, what was typed kept, CSRF required', async () => {
  const b = browserish(c.baseUrl);
  await login(b, DEMO.provider.email, DEMO.provider.password);
  const page = await b.get(`/orders/${own.id}/service-report`);
  assert.equal(page.status, 200);
  const csrf = csrfFrom(page.text);
  const fields = [['csrf_token', csrf], ['op', 'save'], ['goal', 'Tavoite säilyy'], ['starting_situation', 'x'.repeat(4001)],
    ['meeting_date', '2026-99-99'], ['meeting_minutes', 'kaksi'], ['meeting_actions', 'Ensimmäinen'],
    ['meeting_date', tomorrow()], ['meeting_minutes', '0'], ['meeting_actions', 'Toinen'],
    ['meeting_date', today()], ['meeting_minutes', '1441'], ['meeting_actions', 'Kolmas']];
  const r = await b.postForm(`/orders/${own.id}/service-report`, fields);
  assert.equal(r.status, 422, r.text.slice(0, 300));
  for (const f of ['starting_situation', 'meetings.0.minutes', 'meetings.1.date', 'meetings.1.minutes', 'meetings.2.minutes'])
    assert.match(r.text, new RegExp(`data-field-error="${f.replace(/\./g, '\\.')}"`), f);
  assert.match(r.text, /Tavoite säilyy/);
  assert.match(r.text, /Kolmas/);
  const noCsrf = await b.postForm(`/orders/${own.id}/service-report`, [['op', 'save'], ['goal', 'x']]);
  assert.equal(noCsrf.status, 403);
  // Submit from the form without content: every field named.
  const sub = await b.postForm(`/orders/${own.id}/service-report`, [['csrf_token', csrf], ['op', 'submit']]);
  assert.equal(sub.status, 422);
  for (const f of ['goal', 'meetings', 'follow_up_plan']) assert.match(sub.text, new RegExp(`data-field-error="${f}"`), f);
  // The billing form: unknown bonus, evidence too long, bad minutes.
  const bp = await b.get(`/orders/${bonusOrder.id}/billing-report`);
  const bad = await b.postForm(`/orders/${bonusOrder.id}/billing-report`, [['csrf_token', csrfFrom(bp.text)], ['op', 'save'],
    ['bonus_code', 'nope'], ['bonus_evidence', 'x'], ['meeting_date', today()], ['meeting_minutes', '-5']]);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /data-field-error="bonus_code"/);
  assert.match(bad.text, /data-field-error="meetings\.0\.minutes"/);
  // The organizer's return form: the reason beside its field.
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  assert.equal((await c.call('provider', 'PUT', br(own.id), { delivery_confirmed: true })).status, 200);
  assert.equal((await c.call('provider', 'POST', `${br(own.id)}/submit`)).status, 200);
  const ap = await admin.get(`/orders/${own.id}/billing-report`);
  const ret = await admin.postForm(`/orders/${own.id}/billing-report/return`, { csrf_token: csrfFrom(ap.text), reason: 'x' });
  assert.equal(ret.status, 422);
  assert.match(ret.text, /data-field-error="reason"/);
  assert.equal((await c.call('admin', 'GET', br(own.id))).json.status, 'submitted');
});
