'use strict';
// Voucher programmes (issue 5): the organizer creates and edits them through the API and the admin
// forms (amounts typed in euros), the public list and pages with the status computed from the Finnish
// day on the test clock, figures only for the organizer, the edits refused once vouchers were granted
// (budget below what is granted, customer type), audit rows; and the customer's voucher page with its
// balance history. Every API answer is validated against the OpenAPI document.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { browserish, csrfFrom, login, makeClock, DEMO } = require('./harness');
const { sql } = require('./providers-fixtures');

let c; let clock; let admin; let sds;

before(async () => {
  clock = makeClock(new Date('2026-11-22T09:00:00Z'));
  c = await apiContext({ clockFile: clock.file });
  admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  sds = await c.all(null, '/api/v1/service-descriptions');
});
after(async () => {
  if (c) await c.server.stop();
  if (clock) clock.remove();
});

const FIGURES = ['budget_cents', 'allocated_cents', 'unallocated_cents', 'vouchers', 'open_applications'];
const body = (over = {}) => ({
  name: 'Testiseteli', customer_type: 'business', denominations_cents: [100000, 200000], max_per_customer_cents: 200000,
  validity_months: 6, budget_cents: 1000000, service_description_ids: [sds[0].id], application_start: '2026-11-01',
  application_end: '2026-12-31', ...over,
});
const audit = (id) => sql(c.server.dbUrl, `SELECT action, actor_user_id, before_json, after_json FROM audit_log
  WHERE entity = 'voucher_programme' AND entity_id = '${id}' ORDER BY id`);
const html = (s) => s.replace(/\s+/g, ' ');

test('the demo programmes: public without figures, the organizer with them (allocated = the demo vouchers)', async () => {
  const pub = await c.call(null, 'GET', '/api/v1/programmes');
  assert.equal(pub.status, 200, pub.text);
  const growth = pub.json.items.find((p) => p.name === 'Kasvuseteli 2026');
  const wellbeing = pub.json.items.find((p) => p.name === 'Hyvinvointiseteli');
  assert.ok(growth && wellbeing, pub.text);
  assert.deepEqual(growth.denominations_cents, [250000, 500000]);
  assert.equal(growth.max_per_customer_cents, 500000);
  assert.equal(growth.validity_months, 6);
  assert.equal(growth.customer_type, 'business');
  assert.equal(growth.de_minimis, true);
  assert.equal(growth.de_minimis_ceiling_cents, 30000000);
  assert.deepEqual(growth.service_description_ids, sds.map((s) => s.id).sort((a, b) => a - b));
  assert.deepEqual(growth.services.map((s) => s.code).sort(), sds.map((s) => s.code).sort());
  assert.equal(growth.status, 'open');
  assert.deepEqual(wellbeing.denominations_cents, [20000, 40000]);
  assert.equal(wellbeing.customer_type, 'person');
  for (const f of FIGURES) assert.ok(!(f in growth), `${f} hidden from the public`);
  for (const role of ['customer', 'provider', 'counsellor']) {
    const r = await c.call(role, 'GET', `/api/v1/programmes/${growth.id}`);
    for (const f of FIGURES) assert.ok(!(f in r.json), `${f} hidden from ${role}`);
  }

  const own = (await c.call('admin', 'GET', `/api/v1/programmes/${growth.id}`)).json;
  const [[sum, n]] = sql(c.server.dbUrl, `SELECT SUM(value_cents), COUNT(*) FROM vouchers WHERE programme_id = ${growth.id}`);
  assert.equal(own.budget_cents, 20000000);
  assert.equal(own.allocated_cents, Number(sum));
  assert.ok(own.allocated_cents > 0);
  assert.equal(own.unallocated_cents, 20000000 - Number(sum));
  assert.equal(own.vouchers, Number(n));

  // The organizer's list shows the same figures, in euros.
  const page = await admin.get('/admin/programmes');
  assert.equal(page.status, 200);
  const row = html(page.text).match(new RegExp(`<tr class="programme-row" data-programme-id="${growth.id}">.*?</tr>`))[0];
  assert.match(row, /200 000,00 €/);
  assert.match(row, new RegExp(`class="programme-vouchers">${n}<`));
  assert.match(row, /<meter /);
  // Nobody else may open it.
  const customer = browserish(c.baseUrl);
  await login(customer, DEMO.customer.email, DEMO.customer.password);
  assert.equal((await customer.get('/admin/programmes')).status, 403);
  assert.equal((await browserish(c.baseUrl).get('/admin/programmes')).status, 303, 'anonymous: to the login page');
});

let created;
test('create, read and replace through the API; each change writes an audit record', async () => {
  const r = await c.call('admin', 'POST', '/api/v1/programmes', body({ name: '  Testiseteli API  ' }));
  assert.equal(r.status, 201, r.text);
  created = r.json;
  assert.equal(created.name, 'Testiseteli API', 'trimmed');
  assert.deepEqual(created.denominations_cents, [100000, 200000]);
  assert.equal(created.de_minimis, false);
  assert.equal(created.de_minimis_ceiling_cents, 30000000, 'default ceiling');
  assert.equal(created.fiscal_year_start_month, 1, 'default fiscal year');
  assert.equal(created.allocated_cents, 0);
  assert.equal(created.unallocated_cents, 1000000);
  assert.equal(created.status, 'open');
  assert.equal((await c.call(null, 'GET', `/api/v1/programmes/${created.id}`)).json.name, 'Testiseteli API');

  const replacement = body({ name: 'Testiseteli API 2', customer_type: 'business', denominations_cents: [50000], max_per_customer_cents: 100000,
    validity_months: 12, budget_cents: 2000000, service_description_ids: sds.map((s) => s.id), application_start: '2026-12-01',
    application_end: '2027-06-30', de_minimis: true, de_minimis_ceiling_cents: 20000000, fiscal_year_start_month: 7 });
  const u = await c.call('admin', 'PUT', `/api/v1/programmes/${created.id}`, replacement);
  assert.equal(u.status, 200, u.text);
  for (const [k, v] of Object.entries(replacement)) assert.deepEqual(u.json[k], k === 'service_description_ids' ? [...v].sort((a, b) => a - b) : v, k);
  assert.equal(u.json.status, 'upcoming');
  // A full replacement: what is left out returns to its default.
  const again = await c.call('admin', 'PUT', `/api/v1/programmes/${created.id}`, body({ name: 'Testiseteli API 3' }));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.de_minimis, false);
  assert.equal(again.json.fiscal_year_start_month, 1);

  const rows = audit(created.id);
  assert.deepEqual(rows.map((x) => x[0]), ['programme.create', 'programme.update', 'programme.update']);
  const adminId = (await c.call('admin', 'GET', '/api/v1/me')).json.id;
  assert.ok(rows.every((x) => Number(x[1]) === adminId), 'the organizer is the actor');
  assert.equal(JSON.parse(rows[1][2]).name, 'Testiseteli API');
  assert.equal(JSON.parse(rows[1][3]).name, 'Testiseteli API 2');
  assert.equal(JSON.parse(rows[1][3]).fiscal_year_start_month, 7);
});

test('the status follows the Finnish day on the test clock, and the public list puts open programmes first', async () => {
  const mk = async (name, start, end) => (await c.call('admin', 'POST', '/api/v1/programmes', body({ name, application_start: start, application_end: end }))).json;
  const startsDec1 = await mk('Joulukuun seteli', '2026-12-01', '2026-12-31');
  const endsNov30 = await mk('Marraskuun seteli', '2026-11-01', '2026-11-30');
  const status = async (id) => (await c.call(null, 'GET', `/api/v1/programmes/${id}`)).json.status;

  clock.set('2026-11-30T21:30:00Z');  // 23:30 on 30 November in Helsinki
  assert.equal(await status(startsDec1.id), 'upcoming');
  assert.equal(await status(endsNov30.id), 'open');
  clock.set('2026-11-30T22:30:00Z');  // 00:30 on 1 December in Helsinki, still 30 November in UTC
  assert.equal(await status(startsDec1.id), 'open');
  assert.equal(await status(endsNov30.id), 'closed');

  const list = await c.all(null, '/api/v1/programmes');
  const ranks = list.map((p) => ({ open: 0, upcoming: 1, closed: 2 })[p.status]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `open, then upcoming, then closed: ${list.map((p) => p.status)}`);
  assert.ok(list.some((p) => p.status === 'closed') && list.some((p) => p.status === 'open'));
  // The page shows the same order and statuses.
  const page = await browserish(c.baseUrl).get('/programmes');
  const ids = [...page.text.matchAll(/data-programme-id="(\d+)" data-status="(\w+)"/g)].map((m) => [Number(m[1]), m[2]]);
  assert.deepEqual(ids, list.map((p) => [p.id, p.status]));
  clock.set('2026-11-22T09:00:00Z');
});

test('public pages: an Apply link for customers and counsellors while open, figures only for the organizer', async () => {
  const open = (await c.all(null, '/api/v1/programmes')).find((p) => p.name === 'Kasvuseteli 2026');
  const closed = (await c.call('admin', 'POST', '/api/v1/programmes', body({ name: 'Päättynyt seteli', application_start: '2026-01-01', application_end: '2026-02-01' }))).json;
  const anon = browserish(c.baseUrl);
  let r = await anon.get(`/programmes/${open.id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Kasvuseteli 2026/);
  assert.match(r.text, /2 500,00 €/);
  assert.ok(!r.text.includes(`/programmes/${open.id}/apply`), 'no Apply link for the anonymous');
  assert.ok(!r.text.includes('programme-budget'), 'no figures for the anonymous');
  for (const role of ['customer', 'counsellor']) {
    const b = browserish(c.baseUrl);
    await login(b, DEMO[role].email, DEMO[role].password);
    r = await b.get(`/programmes/${open.id}`);
    assert.ok(r.text.includes(`href="/programmes/${open.id}/apply"`), `Apply link for the ${role}`);
    assert.ok(!r.text.includes('programme-budget'), `no figures for the ${role}`);
    r = await b.get(`/programmes/${closed.id}`);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('/apply"'), `no Apply link on a closed programme (${role})`);
    assert.ok((await b.get('/programmes')).text.includes(`href="/programmes/${open.id}/apply"`));
  }
  const provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  assert.ok(!(await provider.get(`/programmes/${open.id}`)).text.includes('/apply"'), 'no Apply link for a provider');
  r = await admin.get(`/programmes/${open.id}`);
  assert.match(r.text, /class="programme-budget">200 000,00 €/);
  for (const p of ['/programmes/999999', '/programmes/abc', '/api/v1/programmes/999999', '/api/v1/programmes/0']) {
    const res = p.startsWith('/api') ? await c.call(null, 'GET', p) : await anon.get(p);
    assert.equal(res.status, 404, p);
  }
});

test('the admin form: euros typed Finnish style, shown back the same way; errors beside the fields with the values kept', async () => {
  const page = await admin.get('/admin/programmes/new');
  assert.equal(page.status, 200);
  const csrf = csrfFrom(page.text);
  for (const s of sds) assert.match(page.text, new RegExp(`name="service_description_ids" value="${s.id}"`));
  const fields = [['csrf_token', csrf], ['name', 'Lomakeseteli'], ['customer_type', 'business'], ['denominations', '2 500, 5 000,50\n7500'],
    ['max_per_customer', '10 000'], ['validity_months', '6'], ['budget', '150 000,25'], ['service_description_ids', String(sds[0].id)],
    ['service_description_ids', String(sds[1].id)], ['application_start', '2026-11-01'], ['application_end', '2027-10-31'],
    ['de_minimis', '1'], ['de_minimis_ceiling', '300 000'], ['fiscal_year_start_month', '4']];
  let r = await admin.postForm('/admin/programmes/new', null, { raw: new URLSearchParams(fields).toString() });
  assert.equal(r.status, 303, html(r.text).slice(0, 800));
  const m = /^\/admin\/programmes\/(\d+)\?saved=1$/.exec(r.location);
  assert.ok(m, r.location);
  const id = Number(m[1]);
  const saved = (await c.call('admin', 'GET', `/api/v1/programmes/${id}`)).json;
  assert.deepEqual(saved.denominations_cents, [250000, 500050, 750000]);
  assert.equal(saved.max_per_customer_cents, 1000000);
  assert.equal(saved.budget_cents, 15000025);
  assert.equal(saved.de_minimis, true);
  assert.equal(saved.de_minimis_ceiling_cents, 30000000);
  assert.equal(saved.fiscal_year_start_month, 4);
  assert.deepEqual(saved.service_description_ids, [sds[0].id, sds[1].id].sort((a, b) => a - b));
  assert.deepEqual(audit(id).map((x) => x[0]), ['programme.create']);

  r = await admin.get(r.location);
  assert.equal(r.status, 200);
  assert.match(r.text, /role="status"/);
  assert.match(r.text, />2 500, 5 000,50, 7 500<\/textarea>/);
  assert.match(r.text, /name="budget" value="150 000,25"/);
  assert.match(r.text, /name="max_per_customer" value="10 000"/);
  assert.match(html(r.text), /<option value="4" selected>/);
  assert.match(r.text, /name="de_minimis" value="1" checked/);

  // A refusal keeps what was typed and says what is wrong beside each field.
  const bad = fields.map(([k, v]) => [k, k === 'denominations' ? '2500,5000' : k === 'application_end' ? '2026-10-01' : k === 'name' ? 'Muokattu nimi' : v]);
  r = await admin.postForm(`/admin/programmes/${id}`, null, { raw: new URLSearchParams(bad).toString() });
  assert.equal(r.status, 422);
  assert.match(r.text, /data-field-error="denominations"/);
  assert.match(r.text, /data-field-error="application_end"/);
  assert.ok(!/data-field-error="name"/.test(r.text));
  assert.match(r.text, /name="name" value="Muokattu nimi"/);
  assert.match(r.text, />2500,5000<\/textarea>/);
  assert.equal((await c.call('admin', 'GET', `/api/v1/programmes/${id}`)).json.name, 'Lomakeseteli', 'nothing saved');

  // The edit saves; the person type without de minimis.
  const edit = fields.map(([k, v]) => [k, k === 'customer_type' ? 'person' : k === 'de_minimis' ? '0' : k === 'denominations' ? '200; 400' : k === 'max_per_customer' ? '400' : v]);
  r = await admin.postForm(`/admin/programmes/${id}`, null, { raw: new URLSearchParams(edit).toString() });
  assert.equal(r.status, 303, html(r.text).slice(0, 800));
  const after = (await c.call('admin', 'GET', `/api/v1/programmes/${id}`)).json;
  assert.equal(after.customer_type, 'person');
  assert.deepEqual(after.denominations_cents, [20000, 40000]);
  assert.deepEqual(audit(id).map((x) => x[0]), ['programme.create', 'programme.update']);
  // Without the CSRF token nothing is saved.
  r = await admin.postForm(`/admin/programmes/${id}`, null, { raw: new URLSearchParams(edit.filter(([k]) => k !== 'csrf_token')).toString() });
  assert.equal(r.status, 403);
});

test('after a grant: the budget may not go below what is granted; customer type, de minimis and fiscal year may not change', async () => {
  const p = (await c.call('admin', 'POST', '/api/v1/programmes', body({ name: 'Myönnetty seteli' }))).json;
  const [[customerId]] = sql(c.server.dbUrl, "SELECT id FROM customers WHERE business_id = '2291703-9'");
  const now = '2026-11-22T09:00:00Z';
  const [[vid]] = sql(c.server.dbUrl, `INSERT INTO vouchers (customer_id, value_cents, valid_from, valid_until, status, created_at, programme_id)
    VALUES (${customerId}, 200000, '2026-11-22', '2027-05-22', 'active', '${now}', ${p.id}) RETURNING id`);
  sql(c.server.dbUrl, `INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at) VALUES (${vid}, NULL, 'grant', 200000, '${now}')`);
  const fresh = (await c.call('admin', 'GET', `/api/v1/programmes/${p.id}`)).json;
  assert.equal(fresh.allocated_cents, 200000);
  assert.equal(fresh.vouchers, 1);

  let r = await c.call('admin', 'PUT', `/api/v1/programmes/${p.id}`, body({ name: 'Myönnetty seteli', budget_cents: 199999 }));
  assert.equal(r.status, 409, r.text);
  assert.ok(r.json.errors.budget_cents, r.text);
  r = await c.call('admin', 'PUT', `/api/v1/programmes/${p.id}`, body({ name: 'Myönnetty seteli', customer_type: 'person' }));
  assert.equal(r.status, 409, r.text);
  assert.ok(r.json.errors.customer_type, r.text);
  // The de minimis setting and the fiscal year decide how the granted vouchers count: locked too.
  r = await c.call('admin', 'PUT', `/api/v1/programmes/${p.id}`, body({ name: 'Myönnetty seteli', de_minimis: true }));
  assert.equal(r.status, 409, r.text);
  assert.ok(r.json.errors.de_minimis, r.text);
  r = await c.call('admin', 'PUT', `/api/v1/programmes/${p.id}`, body({ name: 'Myönnetty seteli', fiscal_year_start_month: 7 }));
  assert.equal(r.status, 409, r.text);
  assert.ok(r.json.errors.fiscal_year_start_month, r.text);
  // Exactly what is granted is allowed (nothing left to grant).
  r = await c.call('admin', 'PUT', `/api/v1/programmes/${p.id}`, body({ name: 'Myönnetty seteli', budget_cents: 200000, denominations_cents: [100000] }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unallocated_cents, 0);

  // The form says the same beside the fields.
  const page = await admin.get(`/admin/programmes/${p.id}`);
  assert.match(page.text, /class="programme-allocated">2 000,00 €/);
  const csrf = csrfFrom(page.text);
  const form = (over) => new URLSearchParams([['csrf_token', csrf], ['name', 'Myönnetty seteli'], ['customer_type', 'business'], ['denominations', '1 000'],
    ['max_per_customer', '2 000'], ['validity_months', '6'], ['budget', '2 000'], ['service_description_ids', String(sds[0].id)],
    ['application_start', '2026-11-01'], ['application_end', '2026-12-31'], ['fiscal_year_start_month', '1'], ...over]).toString();
  r = await admin.postForm(`/admin/programmes/${p.id}`, null, { raw: form([]).replace('budget=2+000', 'budget=1+999%2C99') });
  assert.equal(r.status, 409, html(r.text).slice(0, 500));
  assert.match(r.text, /data-field-error="budget"/);
  assert.match(r.text, /name="budget" value="1 999,99"/);
  r = await admin.postForm(`/admin/programmes/${p.id}`, null, { raw: form([]).replace('customer_type=business', 'customer_type=person') });
  assert.equal(r.status, 409);
  assert.match(r.text, /data-field-error="customer_type"/);
  const updates = audit(p.id).map((x) => x[0]);
  assert.deepEqual(updates, ['programme.create', 'programme.update'], 'refusals write nothing');
  assert.equal((await c.call('admin', 'GET', `/api/v1/programmes/${p.id}`)).json.budget_cents, 200000);
});

test("the customer's voucher: programme, and a balance history whose available-after steps end at the balance", async () => {
  const vouchers = await c.all('customer', '/api/v1/vouchers');
  const v = vouchers.find((x) => x.status === 'active' && x.balance.available_cents >= 250000);
  assert.ok(v, 'the demo customer has an active voucher');
  assert.equal(v.programme.name, 'Kasvuseteli 2026');
  assert.ok(vouchers.some((x) => x.programme === null), 'the old voucher predates programmes');
  // Some movements: one order placed and cancelled, one left open.
  const me = (await c.call('provider', 'GET', '/api/v1/me')).json;
  const card = (await c.all('customer', '/api/v1/product-cards')).find((x) => x.provider.id === me.provider_id && x.price_cents <= v.balance.available_cents / 2);
  assert.ok(card, "a card of the demo provider within half the customer's balance");
  const place = async () => {
    const r = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: card.id, voucher_id: v.id });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const first = await place();
  assert.equal((await c.call('customer', 'POST', `/api/v1/orders/${first.id}/cancel`)).status, 200);
  const second = await place();
  const accepted = await c.call('provider', 'POST', `/api/v1/orders/${second.id}/accept`);
  assert.equal(accepted.status, 200, accepted.text);
  assert.ok(accepted.json.contract_number, accepted.text);

  const d = (await c.call('customer', 'GET', `/api/v1/vouchers/${v.id}`)).json;
  assert.deepEqual(d.programme, v.programme);
  assert.deepEqual(d.ledger.map((e) => e.kind), ['grant', 'reserve', 'release', 'reserve']);
  const sign = { grant: 1, release: 1, reserve: -1, expire: -1, cancel: -1, spend: 0 };
  let running = 0;
  for (const e of d.ledger) {
    assert.equal(e.available_change_cents, sign[e.kind] * e.amount_cents, e.kind);
    running += e.available_change_cents;
    assert.equal(e.available_after_cents, running);
  }
  assert.equal(d.ledger.at(-1).available_after_cents, d.balance.available_cents);
  assert.equal(d.balance.available_cents, v.value_cents - card.price_cents);

  // The page shows the same steps, the programme, the order links and the legend.
  const b = browserish(c.baseUrl);
  await login(b, DEMO.customer.email, DEMO.customer.password);
  const page = await b.get(`/vouchers/${v.id}`);
  assert.equal(page.status, 200);
  const steps = [...page.text.matchAll(/data-kind="(\w+)" data-available-after-cents="(-?\d+)"/g)].map((m) => [m[1], Number(m[2])]);
  assert.deepEqual(steps, d.ledger.map((e) => [e.kind, e.available_after_cents]));
  assert.match(page.text, new RegExp(`<a href="/programmes/${v.programme.id}">Kasvuseteli 2026</a>`));
  assert.match(page.text, new RegExp(`href="/orders/${first.id}"`));
  assert.match(page.text, new RegExp(`href="/orders/${second.id}">#${second.id}</a> <span class="contract-number">${accepted.json.contract_number}</span>`));
  assert.match(page.text, /class="muted voucher-history-legend"/);
  assert.match(page.text, /ledger-change--minus">−/);
  const list = await b.get('/vouchers');
  assert.match(html(list.text), new RegExp(`data-voucher-id="${v.id}">.*?class="voucher-programme">Kasvuseteli 2026<`));
});

test('the ledger still checks after all of it', async () => {
  const { spawnSync } = require('node:child_process');
  const path = require('node:path');
  const { REPO } = require('./harness');
  const b = process.env.PT_BIN || 'out/palvelutori';
  const r = spawnSync(path.isAbsolute(b) ? b : path.join(REPO, b), ['ledger', 'check', '--database', c.server.dbUrl], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`^ledger check: ${sql(c.server.dbUrl, 'SELECT COUNT(*) FROM voucher_programmes')[0][0]} programmes,`));
});
