'use strict';
// Voucher applications and the organizer's decisions, end to end on a real server (SQLite or
// PostgreSQL): a customer applies, the organizer grants, the voucher carries its grant entry and
// the validity from the test clock, the customer hears of it by real e-mail; refusals over the
// customer's cap, the budget and the de minimis ceiling say how much is left; a counsellor applies on
// a customer's behalf; rejections carry their reason; nobody sees what is not theirs; and 20 parallel
// grants against one budget never grant more than the budget (the ledger check passes afterwards).
// Programmes are made with SQL here (the programmes API is another part's), as the domain would store them.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { makeClock, browserish, csrfFrom, login, DEMO } = require('./harness');
const { sharedMailReceiver, uniqueAddress } = require('./mail-harness');
const F = require('./providers-fixtures');

const { freshBusinessId } = F;
/** F.sql, retried while the server's periodic jobs hold SQLite's write lock (the CLI does not wait). */
function sql(dbUrl, query) {
  for (let attempt = 0; ; attempt++) {
    try {
      return F.sql(dbUrl, query);
    } catch (e) {
      if (attempt >= 50 || !/locked|busy/i.test(String(e.stderr || e.message))) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}
const { ledgerCheck } = require('./race-fixtures');

const PUBLIC = 'https://palvelutori.test.example';
// The last day of August: six months on is the end of February (2027 is not a leap year).
const NOW = '2026-08-31T09:00:00Z';
const TODAY = '2026-08-31';
let c; let clock; let mail; let me; let customerEmail;

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** A programme written as the programmes part stores it; → id. */
function programme(over = {}) {
  const p = {
    name: `Testiseteli ${Math.random().toString(36).slice(2, 8)}`, customer_type: 'business', denominations: '250000,500000',
    max_per_customer_cents: 500000, validity_months: 6, budget_cents: 10000000, application_start: '2026-01-01',
    application_end: '2026-12-31', de_minimis: 0, de_minimis_ceiling_cents: 30000000, ...over,
  };
  const [[id]] = sql(c.server.dbUrl, `INSERT INTO voucher_programmes (name, customer_type, denominations, max_per_customer_cents,
      validity_months, budget_cents, application_start, application_end, de_minimis, de_minimis_ceiling_cents,
      fiscal_year_start_month, created_at, updated_at)
    VALUES (${q(p.name)}, ${q(p.customer_type)}, ${q(p.denominations)}, ${p.max_per_customer_cents}, ${p.validity_months},
      ${p.budget_cents}, ${q(p.application_start)}, ${q(p.application_end)}, ${p.de_minimis}, ${p.de_minimis_ceiling_cents},
      1, ${q(NOW)}, ${q(NOW)}) RETURNING id`);
  return Number(id);
}

async function apply(role, body, status = 201) {
  const r = await c.call(role, 'POST', '/api/v1/voucher-applications', body);
  assert.equal(r.status, status, r.text);
  return r.json;
}
async function grant(id, cents, status = 200) {
  const r = await c.call('admin', 'POST', `/api/v1/voucher-applications/${id}/grant`, { denomination_cents: cents });
  assert.equal(r.status, status, r.text);
  return r.json;
}
/** A new business customer through a counsellor's application; → the application. */
async function onBehalfOfNewBusiness(programmeId, extra = {}) {
  const email = uniqueAddress('asiakas');
  const app = await apply('counsellor', {
    programme_id: programmeId, customer: { business_id: freshBusinessId(), name: 'Uusi Yritys Oy', email }, ...extra,
  });
  app.email = email;
  return app;
}

before(async () => {
  mail = await sharedMailReceiver();
  clock = makeClock(NOW);
  c = await apiContext({ smtp: mail, clockFile: clock.file, env: { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_PUBLIC_URL: PUBLIC } });
  me = (await c.call('customer', 'GET', '/api/v1/me')).json;
  // The demo customer's mail comes to an address of this run only (the receiver is shared).
  customerEmail = uniqueAddress('kuppi');
  sql(c.server.dbUrl, `UPDATE customers SET email = ${q(customerEmail)} WHERE id = ${me.customer_id}`);
});
after(async () => { if (c) await c.server.stop(); if (clock) clock.remove(); });

test('a customer applies, the organizer grants 2 500 €: a voucher with its grant entry, valid 6 months, told by mail', async () => {
  const pid = programme();
  const app = await apply('customer', { programme_id: pid, requested_cents: 250000, purpose: 'Verkkokaupan markkinointi' });
  assert.equal(app.status, 'submitted');
  assert.equal(app.applicant_role, 'customer');
  assert.equal(app.customer.id, me.customer_id);
  assert.equal(app.requested_cents, 250000);
  assert.equal(app.applied_on, TODAY);
  const [received] = await mail.waitForMail({ to: customerEmail, where: (m) => m.text.includes(`/voucher-applications/${app.id}`) });
  assert.match(received.subject, /vastaanotettu/i, received.subject);

  const seen = (await c.call('admin', 'GET', `/api/v1/voucher-applications/${app.id}`)).json;
  assert.equal(seen.decision.remaining_budget_cents, 10000000);
  assert.deepEqual(seen.decision.grantable_denominations_cents, [250000, 500000]);
  assert.equal(seen.decision.de_minimis, null);
  assert.equal((await c.call('customer', 'GET', `/api/v1/voucher-applications/${app.id}`)).json.decision, undefined,
    'decision figures are for the organizer');

  const granted = await grant(app.id, 250000);
  assert.equal(granted.status, 'granted');
  assert.equal(granted.granted_cents, 250000);
  assert.ok(Number.isInteger(granted.voucher_id));
  assert.equal(granted.decided_by.name.length > 0, true);

  const v = (await c.call('customer', 'GET', `/api/v1/vouchers/${granted.voucher_id}`)).json;
  assert.equal(v.value_cents, 250000);
  assert.equal(v.valid_from, TODAY);
  assert.equal(v.valid_until, '2027-02-28');
  assert.equal(v.balance.available_cents, 250000);
  assert.deepEqual(v.ledger.map((e) => [e.kind, e.amount_cents]), [['grant', 250000]]);
  assert.deepEqual(sql(c.server.dbUrl, `SELECT programme_id FROM vouchers WHERE id = ${granted.voucher_id}`), [[String(pid)]]);
  const audit = sql(c.server.dbUrl, `SELECT action FROM audit_log WHERE entity = 'voucher_application' AND entity_id = '${app.id}' ORDER BY id`);
  assert.deepEqual(audit.map((r) => r[0]), ['voucher_application.submit', 'voucher_application.grant']);

  const [m] = await mail.waitForMail({ to: customerEmail, where: (x) => x.text.includes(`/vouchers/${granted.voucher_id}`) });
  assert.ok(m.text.includes(`${PUBLIC}/vouchers/${granted.voucher_id}`), m.text);
  assert.ok(m.text.includes('28.2.2027'), `the last valid day is in the mail: ${m.text}`);
  assert.match(m.text, /2\s?500,00/, m.text);

  // The customer sees the decision in the UI.
  const b = browserish(c.baseUrl);
  await login(b, DEMO.customer.email, DEMO.customer.password);
  const page = await b.get(`/voucher-applications/${app.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-testid="application-status">Myönnetty</);
  assert.ok(page.text.includes(`href="/vouchers/${granted.voucher_id}"`));
  assert.equal((await b.get(`/vouchers/${granted.voucher_id}`)).status, 200);
});

test('a grant over the per-customer cap is refused with how much is left; a second open application is refused', async () => {
  const pid = programme();
  const first = await apply('customer', { programme_id: pid });
  const again = await c.call('customer', 'POST', '/api/v1/voucher-applications', { programme_id: pid });
  assert.equal(again.status, 409, again.text);
  assert.match(again.json.detail, /käsiteltävä hakemus/);
  await grant(first.id, 250000);

  const second = await apply('customer', { programme_id: pid, requested_cents: 500000 });
  const refused = await grant(second.id, 500000, 409);
  assert.equal(refused.refusal, 'grant.over_customer_cap');
  assert.equal(refused.remaining_cents, 250000);
  assert.match(refused.detail, /enimmäismäärän/);
  assert.ok(refused.detail.includes('2 500,00 €'), refused.detail);
  const figures = (await c.call('admin', 'GET', `/api/v1/voucher-applications/${second.id}`)).json.decision;
  assert.equal(figures.remaining_customer_cap_cents, 250000);
  assert.deepEqual(figures.grantable_denominations_cents, [250000]);
  assert.equal(figures.customer_grants.length, 1);
  assert.equal((await c.call('admin', 'GET', `/api/v1/voucher-applications/${second.id}`)).json.status, 'submitted',
    'a refused grant leaves the application open');
  await grant(second.id, 250000);
  const n = sql(c.server.dbUrl, `SELECT COUNT(*), SUM(value_cents) FROM vouchers WHERE programme_id = ${pid}`);
  assert.deepEqual(n, [['2', '500000']]);
});

test('a grant over the remaining budget is refused with the budget left', async () => {
  const pid = programme({ budget_cents: 750000 });
  const a = await onBehalfOfNewBusiness(pid);
  const b = await onBehalfOfNewBusiness(pid);
  await grant(a.id, 500000);
  const refused = await grant(b.id, 500000, 409);
  assert.equal(refused.refusal, 'grant.over_budget');
  assert.equal(refused.remaining_cents, 250000);
  assert.match(refused.detail, /budjetin/);
  await grant(b.id, 250000);
  const none = await onBehalfOfNewBusiness(pid);
  const empty = await grant(none.id, 250000, 409);
  assert.equal(empty.remaining_cents, 0);
  assert.deepEqual((await c.call('admin', 'GET', `/api/v1/voucher-applications/${none.id}`)).json.decision.grantable_denominations_cents, []);
});

test('de minimis: the declaration is required, and a grant over the ceiling is refused', async () => {
  const pid = programme({ de_minimis: 1, de_minimis_ceiling_cents: 600000 });
  const missing = await c.call('counsellor', 'POST', '/api/v1/voucher-applications',
    { programme_id: pid, customer: { business_id: freshBusinessId(), name: 'Tukiyritys Oy', email: uniqueAddress('dm') } });
  assert.equal(missing.status, 422, missing.text);
  assert.ok(missing.json.errors.de_minimis_declaration, missing.text);

  const declared = [{ fiscal_year: 2024, amount_cents: 0 }, { fiscal_year: 2025, amount_cents: 0 }, { fiscal_year: 2026, amount_cents: 200000 }];
  const app = await onBehalfOfNewBusiness(pid, { de_minimis_declaration: declared });
  assert.deepEqual(app.de_minimis_declaration, declared);
  const figures = (await c.call('admin', 'GET', `/api/v1/voucher-applications/${app.id}`)).json.decision.de_minimis;
  assert.deepEqual(figures, { fiscal_years: [2024, 2025, 2026], ceiling_cents: 600000, aid_in_window_cents: 200000, headroom_cents: 400000 });
  const refused = await grant(app.id, 500000, 409);
  assert.equal(refused.refusal, 'grant.de_minimis_ceiling');
  assert.equal(refused.remaining_cents, 400000);
  assert.ok(refused.detail.includes('4 000,00 €'), refused.detail);
  const ok = await grant(app.id, 250000);
  assert.equal(ok.status, 'granted');

  // "No other aid" is an empty list (or zeros), and is enough.
  const none = await onBehalfOfNewBusiness(pid, { de_minimis_declaration: [] });
  assert.deepEqual(none.de_minimis_declaration, []);
  await grant(none.id, 500000);
});

test('a counsellor applies on behalf of a new business (Y-tunnus) and of existing customers; the record says so', async () => {
  const pid = programme();
  const other = programme();
  const bid = freshBusinessId();
  const email = uniqueAddress('uusi');
  const created = await apply('counsellor', { programme_id: pid, customer: { business_id: bid, name: 'Puolesta Oy', email } });
  assert.equal(created.applicant_role, 'counsellor');
  assert.equal(created.applicant.role, 'counsellor');
  assert.equal(created.customer.business_id, bid);
  assert.equal(created.customer.kind, 'business');
  const [m] = await mail.waitForMail({ to: email, where: (x) => x.text.includes(`/voucher-applications/${created.id}`) });
  assert.ok(m.text.length > 0);

  // The same Y-tunnus (spaces around it are fine) finds the same customer; so does its id.
  const byBid = await apply('counsellor', { programme_id: other, customer: { business_id: ` ${bid} ` } });
  assert.equal(byBid.customer.id, created.customer.id);
  const third = programme();
  const byId = await apply('counsellor', { programme_id: third, customer: { customer_id: me.customer_id } });
  assert.equal(byId.customer.id, me.customer_id);
  // The customer sees the application made on its behalf, marked as such.
  const mine = await c.all('customer', '/api/v1/voucher-applications');
  assert.ok(mine.some((a) => a.id === byId.id && a.applicant_role === 'counsellor'));

  // The HTML form: a new business by Y-tunnus.
  const b = browserish(c.baseUrl);
  await login(b, DEMO.counsellor.email, DEMO.counsellor.password);
  const form = await b.get(`/programmes/${pid}/apply`);
  assert.equal(form.status, 200, form.text.slice(0, 300));
  const bid2 = freshBusinessId();
  const posted = await b.postForm(`/programmes/${pid}/apply`, {
    csrf_token: csrfFrom(form.text), customer_id: '', business_id: bid2, customer_name: 'Lomake Oy',
    customer_email: uniqueAddress('lomake'), requested_cents: '500000', purpose: 'Rivi 1\nRivi 2',
  });
  assert.equal(posted.status, 303, posted.text.slice(0, 500));
  const id = Number(/\/voucher-applications\/(\d+)$/.exec(posted.location)[1]);
  const viaForm = (await c.call('admin', 'GET', `/api/v1/voucher-applications/${id}`)).json;
  assert.equal(viaForm.customer.business_id, bid2);
  assert.equal(viaForm.applicant_role, 'counsellor');
  assert.equal(viaForm.requested_cents, 500000);
  assert.equal(viaForm.purpose, 'Rivi 1\nRivi 2');
  const page = await b.get(`/voucher-applications/${id}`);
  assert.match(page.text, /data-testid="applicant">[^<]*\(asiakkaan puolesta\)/);
});

test('a person programme: a counsellor applies for a new person; a business does not fit it', async () => {
  const pid = programme({ customer_type: 'person', denominations: '20000,40000', max_per_customer_cents: 40000, budget_cents: 2000000 });
  const app = await apply('counsellor', { programme_id: pid, customer: { name: 'Maija Meikäläinen', email: uniqueAddress('henkilo') } });
  assert.equal(app.customer.kind, 'person');
  assert.equal(app.customer.business_id, null);
  const wrong = await c.call('customer', 'POST', '/api/v1/voucher-applications', { programme_id: pid });
  assert.equal(wrong.status, 422, wrong.text);
  assert.ok(wrong.json.errors.customer, wrong.text);
  await grant(app.id, 40000);
});

test('the organizer rejects with a reason: the customer is told by mail, with the reason (API and form)', async () => {
  const pid = programme();
  const app = await onBehalfOfNewBusiness(pid);
  const reason = 'Yritys ei kuulu ohjelman kohderyhmään.';
  const r = await c.call('admin', 'POST', `/api/v1/voucher-applications/${app.id}/reject`, { reason: `  ${reason}  ` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'rejected');
  assert.equal(r.json.reject_reason, reason);
  const [m] = await mail.waitForMail({ to: app.email, where: (x) => x.text.includes(reason) });
  assert.match(m.subject, /hylätty/i);
  const twice = await c.call('admin', 'POST', `/api/v1/voucher-applications/${app.id}/grant`, { denomination_cents: 250000 });
  assert.equal(twice.status, 409, twice.text);

  // The HTML form.
  const other = await onBehalfOfNewBusiness(pid);
  const b = browserish(c.baseUrl);
  await login(b, DEMO.admin.email, DEMO.admin.password);
  const page = await b.get(`/voucher-applications/${other.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-testid="remaining-budget"/);
  const res = await b.postForm(`/voucher-applications/${other.id}/reject`, { csrf_token: csrfFrom(page.text), reason: 'Ei rahoitettavaa toimintaa.' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const after = await b.get(`/voucher-applications/${other.id}`);
  assert.match(after.text, /data-testid="reject-reason"[^>]*>Ei rahoitettavaa toimintaa\./);
  await mail.waitForMail({ to: other.email, where: (x) => x.text.includes('Ei rahoitettavaa toimintaa.') });
});

test('the organizer grants with the HTML form: the denominations beyond the cap are disabled', async () => {
  const pid = programme({ budget_cents: 250000 });
  const app = await onBehalfOfNewBusiness(pid);
  const b = browserish(c.baseUrl);
  await login(b, DEMO.admin.email, DEMO.admin.password);
  const page = await b.get(`/voucher-applications/${app.id}`);
  assert.match(page.text, /name="denomination_cents" value="250000"\s+>/);
  assert.match(page.text, /name="denomination_cents" value="500000" disabled/);
  const over = await b.postForm(`/voucher-applications/${app.id}/grant`, { csrf_token: csrfFrom(page.text), denomination_cents: '500000' });
  assert.equal(over.status, 409);
  assert.match(over.text, /role="alert"[^>]*>[^<]*budjetin/);
  const ok = await b.postForm(`/voucher-applications/${app.id}/grant`, { csrf_token: csrfFrom(page.text), denomination_cents: '250000' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const after = (await c.call('admin', 'GET', `/api/v1/voucher-applications/${app.id}`)).json;
  assert.equal(after.status, 'granted');
});

test('visibility: a customer reads only its own; a provider may not; anonymous must sign in', async () => {
  const pid = programme();
  const others = await onBehalfOfNewBusiness(pid);
  const r = await c.call('customer', 'GET', `/api/v1/voucher-applications/${others.id}`);
  assert.equal(r.status, 404, r.text);
  const mine = await c.all('customer', '/api/v1/voucher-applications');
  assert.ok(mine.length > 0 && mine.every((a) => a.customer.id === me.customer_id), JSON.stringify(mine.map((a) => a.customer)));
  const all = await c.all('counsellor', '/api/v1/voucher-applications');
  assert.ok(all.some((a) => a.id === others.id));
  const filtered = await c.all('admin', `/api/v1/voucher-applications?status=submitted&programme_id=${pid}`);
  assert.deepEqual(filtered.map((a) => a.id), [others.id]);
  assert.equal((await c.call('provider', 'GET', '/api/v1/voucher-applications')).status, 403);
  assert.equal((await c.call('provider', 'GET', `/api/v1/voucher-applications/${others.id}`)).status, 403);
  assert.equal((await c.call('provider', 'POST', '/api/v1/voucher-applications', { programme_id: pid })).status, 403);
  assert.equal((await c.call('customer', 'POST', `/api/v1/voucher-applications/${others.id}/grant`, { denomination_cents: 250000 })).status, 403);
  assert.equal((await c.call('counsellor', 'POST', `/api/v1/voucher-applications/${others.id}/reject`, { reason: 'Ei käy.' })).status, 403);
  assert.equal((await c.call(null, 'GET', '/api/v1/voucher-applications')).status, 401);
  const b = browserish(c.baseUrl);
  await login(b, DEMO.customer.email, DEMO.customer.password);
  assert.equal((await b.get(`/voucher-applications/${others.id}`)).status, 404);
  const list = await b.get('/voucher-applications');
  assert.equal(list.status, 200);
  assert.ok(!list.text.includes(`data-application-id="${others.id}"`));
  const p = browserish(c.baseUrl);
  await login(p, DEMO.provider.email, DEMO.provider.password);
  assert.equal((await p.get('/voucher-applications')).status, 403);
  assert.equal((await p.get(`/programmes/${pid}/apply`)).status, 403);
});

test('applications outside the application period are refused', async () => {
  const past = programme({ application_start: '2025-01-01', application_end: '2025-12-31' });
  const r = await c.call('customer', 'POST', '/api/v1/voucher-applications', { programme_id: past });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.detail, /hakuaika/i);
  const b = browserish(c.baseUrl);
  await login(b, DEMO.customer.email, DEMO.customer.password);
  const form = await b.get(`/programmes/${past}/apply`);
  assert.equal(form.status, 200);
  assert.match(form.text, /data-testid="closed"/);
  assert.ok(!form.text.includes('id="apply-form"'));
});

test('20 parallel grants against one budget grant exactly the budget, and the ledger checks', async () => {
  const budget = 1000000; // four vouchers of 2 500 €
  const pid = programme({ denominations: '250000', max_per_customer_cents: 250000, budget_cents: budget });
  const apps = [];
  for (let i = 0; i < 20; i++) apps.push(await onBehalfOfNewBusiness(pid));
  const results = await Promise.all(apps.map((a) => c.call('admin', 'POST', `/api/v1/voucher-applications/${a.id}/grant`, { denomination_cents: 250000 })));
  const byStatus = results.reduce((m, r) => { m[r.status] = (m[r.status] || 0) + 1; return m; }, {});
  assert.deepEqual(byStatus, { 200: 4, 409: 16 }, JSON.stringify(results.filter((r) => r.status !== 200 && r.status !== 409).map((r) => r.text)));
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.json.refusal, 'grant.over_budget', r.text);
  assert.deepEqual(sql(c.server.dbUrl, `SELECT COUNT(*), SUM(value_cents) FROM vouchers WHERE programme_id = ${pid}`), [['4', String(budget)]]);
  assert.deepEqual(sql(c.server.dbUrl, `SELECT COUNT(*) FROM voucher_applications WHERE programme_id = ${pid} AND status = 'granted'`), [['4']]);
  const check = await ledgerCheck(c.server.dbUrl);
  assert.equal(check.code, 0, check.stdout + check.stderr);
});
