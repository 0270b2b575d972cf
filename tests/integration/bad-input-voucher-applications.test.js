'use strict';
// Bad input against every voucher-application endpoint and form: always a 4xx with a message
// (problem+json with errors beside the fields, or the page with data-field-error / role="alert"),
// never a 5xx, and nothing is written (applications, customers and vouchers counted before and after).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { makeClock, browserish, csrfFrom, login, DEMO } = require('./harness');
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

const NOW = '2026-08-31T09:00:00Z';
const JSON_CT = { 'content-type': 'application/json' };
let c; let clock; let ids; const clients = {};

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
function programme(over = {}) {
  const p = { customer_type: 'business', denominations: '250000,500000', de_minimis: 0, start: '2026-01-01', end: '2026-12-31', ...over };
  const [[id]] = sql(c.server.dbUrl, `INSERT INTO voucher_programmes (name, customer_type, denominations, max_per_customer_cents,
      validity_months, budget_cents, application_start, application_end, de_minimis, de_minimis_ceiling_cents,
      fiscal_year_start_month, created_at, updated_at)
    VALUES ('Virhesyötteet', ${q(p.customer_type)}, ${q(p.denominations)}, 500000, 6, 10000000, ${q(p.start)}, ${q(p.end)},
      ${p.de_minimis}, 30000000, 1, ${q(NOW)}, ${q(NOW)}) RETURNING id`);
  return Number(id);
}
const counts = () => sql(c.server.dbUrl, `SELECT (SELECT COUNT(*) FROM voucher_applications), (SELECT COUNT(*) FROM customers),
  (SELECT COUNT(*) FROM vouchers), (SELECT COUNT(*) FROM ledger_entries), (SELECT COUNT(*) FROM outbox)`)[0].join('/');

before(async () => {
  clock = makeClock(NOW);
  c = await apiContext({ clockFile: clock.file });
  const business = programme();
  const deMinimis = programme({ de_minimis: 1 });
  const person = programme({ customer_type: 'person', denominations: '20000,40000' });
  // One open application to decide on, and one already decided.
  const open = await c.call('counsellor', 'POST', '/api/v1/voucher-applications',
    { programme_id: business, customer: { business_id: freshBusinessId(), name: 'Avoin Oy', email: 'avoin@example.com' } });
  assert.equal(open.status, 201, open.text);
  const decided = await c.call('counsellor', 'POST', '/api/v1/voucher-applications',
    { programme_id: business, customer: { business_id: freshBusinessId(), name: 'Ratkaistu Oy', email: 'ratkaistu@example.com' } });
  assert.equal(decided.status, 201, decided.text);
  const rejected = await c.call('admin', 'POST', `/api/v1/voucher-applications/${decided.json.id}/reject`, { reason: 'Ei kohderyhmää.' });
  assert.equal(rejected.status, 200, rejected.text);
  ids = { business, deMinimis, person, open: open.json.id, decided: decided.json.id };
  for (const role of ['customer', 'counsellor', 'admin']) {
    clients[role] = browserish(c.baseUrl);
    await login(clients[role], DEMO[role].email, DEMO[role].password);
  }
});
after(async () => { if (c) await c.server.stop(); if (clock) clock.remove(); });

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') || '');
async function expectProblem(res, status, field) {
  const info = `HTTP ${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, status, info);
  assert.ok(isProblem(res), `problem+json: ${info}`);
  assert.ok(res.json.detail && res.json.detail.length > 0, info);
  if (field) assert.ok(res.json.errors && res.json.errors[field], `errors.${field}: ${info}`);
}
function expectFieldError(res, status, field) {
  const info = `HTTP ${res.status} ${res.text.slice(0, 600)}`;
  assert.equal(res.status, status, info);
  assert.ok(res.text.includes(`data-field-error="${field}"`), `data-field-error="${field}": ${info}`);
}

test('apply API: every field of the body', async () => {
  const before0 = counts();
  const post = (role, body, opts) => c.call(role, 'POST', '/api/v1/voucher-applications', body, opts);
  const base = { programme_id: ids.business };
  for (const raw of ['{"programme_id":', '', 'x']) await expectProblem(await post('customer', undefined, { raw, headers: JSON_CT }), 400);
  for (const body of [null, [base], 'text', 42]) await expectProblem(await post('customer', undefined, { raw: JSON.stringify(body), headers: JSON_CT }), 422);
  await expectProblem(await post('customer', undefined, { raw: 'programme_id=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);

  await expectProblem(await post('customer', {}), 422, 'programme_id');
  for (const v of ['1', 1.5, -1, 0, 1e30, [1], { id: 1 }, true]) await expectProblem(await post('customer', { programme_id: v }), 422, 'programme_id');
  await expectProblem(await post('customer', { programme_id: 999999 }), 422, 'programme_id');
  for (const v of ['250000', 1.5, -250000, 0, 1e30, 123, 250001, [250000], true])
    await expectProblem(await post('customer', { ...base, requested_cents: v }), 422, 'requested_cents');
  for (const v of [123, ['a'], { a: 1 }, false, 'x'.repeat(2001), 'ab\u0000cd', 'soitto\u0007', 'bad\u001bescape'])
    await expectProblem(await post('customer', { ...base, purpose: v }), 422, 'purpose');

  // The counsellor's customer.
  const cu = (customer, programmeId = ids.business) => post('counsellor', { programme_id: programmeId, customer });
  await expectProblem(await post('counsellor', base), 422, 'customer');
  await expectProblem(await cu({}), 422, 'customer');
  for (const v of ['text', 7, [1]]) await expectProblem(await cu(v), 422, 'customer');
  for (const v of ['x', 0, -3, 1.5, '12']) await expectProblem(await cu({ customer_id: v }), 422, 'customer.customer_id');
  await expectProblem(await cu({ customer_id: 99999999 }), 422, 'customer.customer_id');
  for (const v of ['1234567-0', '123456-78', 'FI12345678', 'abc', '']) await expectProblem(await cu({ business_id: v }), 422, 'customer.business_id');
  await expectProblem(await cu({ business_id: 1234567 }), 422, 'customer.business_id');
  await expectProblem(await cu({ business_id: freshBusinessId(), name: 'Puuttuva Posti Oy' }), 422, 'customer.email');
  await expectProblem(await cu({ business_id: freshBusinessId(), email: 'x@example.com' }), 422, 'customer.name');
  for (const email of ['bad', 'a@b', 'a b@example.com', 'a@exa mple.com', '@example.com', 'a@@example.com', `${'x'.repeat(250)}@example.com`])
    await expectProblem(await cu({ business_id: freshBusinessId(), name: 'Posti Oy', email }), 422, 'customer.email');
  for (const name of ['X', 'x'.repeat(201), 'Nimi\u0007Oy', 'Rivi\nRivi', 7])
    await expectProblem(await cu({ business_id: freshBusinessId(), name, email: 'n@example.com' }), 422, 'customer.name');
  await expectProblem(await cu({ name: 'Ilman Tunnusta Oy', email: 'i@example.com' }), 422, 'customer.business_id');
  await expectProblem(await cu({ business_id: freshBusinessId(), name: 'Henkilö', email: 'h@example.com' }, ids.person), 422, 'customer');
  await expectProblem(await cu({ name: 'Henkilö Ilman Postia' }, ids.person), 422, 'customer.email');

  // De minimis declarations.
  const dm = (decl) => post('customer', { programme_id: ids.deMinimis, de_minimis_declaration: decl });
  await expectProblem(await post('customer', { programme_id: ids.deMinimis }), 422, 'de_minimis_declaration');
  for (const decl of ['none', 0, { fiscal_year: 2026, amount_cents: 0 }, [1], [{ fiscal_year: 2026 }], [{ amount_cents: 0 }],
    [{ fiscal_year: '2026', amount_cents: 0 }], [{ fiscal_year: 2026, amount_cents: '0' }], [{ fiscal_year: 2026, amount_cents: 1.5 }],
    [{ fiscal_year: 2026, amount_cents: 1e30 }], [{ fiscal_year: 2026, amount_cents: 0, extra: 1 }],
    [{ fiscal_year: 2026, amount_cents: -1 }], [{ fiscal_year: 2023, amount_cents: 0 }], [{ fiscal_year: 2027, amount_cents: 0 }],
    [{ fiscal_year: 2026, amount_cents: 0 }, { fiscal_year: 2026, amount_cents: 5 }]])
    await expectProblem(await dm(decl), 422, 'de_minimis_declaration');
  const negative = await dm([{ fiscal_year: 2026, amount_cents: -1 }]);
  assert.match(negative.json.errors.de_minimis_declaration, /negatiivinen/);
  const outside = await dm([{ fiscal_year: 2023, amount_cents: 0 }]);
  assert.match(outside.json.errors.de_minimis_declaration, /tilikauden/);
  const duplicate = await dm([{ fiscal_year: 2025, amount_cents: 0 }, { fiscal_year: 2025, amount_cents: 0 }]);
  assert.match(duplicate.json.errors.de_minimis_declaration, /kahdesti/);
  // A year left out would count as zero: either every counting year, or [] for "no aid".
  const partial = await dm([{ fiscal_year: 2026, amount_cents: 0 }, { fiscal_year: 2025, amount_cents: 0 }]);
  await expectProblem(partial, 422, 'de_minimis_declaration');
  assert.match(partial.json.errors.de_minimis_declaration, /kolmelta tilikaudelta/);

  // Outside the period, and who may apply.
  const closed = programme({ start: '2027-01-01', end: '2027-12-31' });
  await expectProblem(await post('customer', { programme_id: closed }), 409);
  await expectProblem(await post('provider', base), 403);
  await expectProblem(await post('admin', base), 403);
  await expectProblem(await post(null, base), 401);
  assert.equal(counts(), before0, 'nothing was written');
});

test('lists and reading: filters, ids and paging', async () => {
  const get = (role, path) => c.call(role, 'GET', path);
  await expectProblem(await get('admin', '/api/v1/voucher-applications?status=bogus'), 400, 'status');
  await expectProblem(await get('admin', '/api/v1/voucher-applications?status=draft'), 400, 'status');
  for (const v of ['abc', '0', '-1', '1.5', "1' OR 1=1"])
    await expectProblem(await get('admin', `/api/v1/voucher-applications?programme_id=${encodeURIComponent(v)}`), 400, 'programme_id');
  await expectProblem(await get('admin', '/api/v1/voucher-applications?page=0'), 400, 'page');
  await expectProblem(await get('admin', '/api/v1/voucher-applications?page_size=101'), 400, 'page_size');
  for (const id of ['abc', '0', '-1', '999999']) await expectProblem(await get('admin', `/api/v1/voucher-applications/${id}`), 404);
  await expectProblem(await get('customer', `/api/v1/voucher-applications/${ids.open}`), 404);
  const html = await clients.admin.get('/voucher-applications?status=bogus');
  assert.equal(html.status, 400);
  assert.match(html.text, /role="alert"|data-field-error/);
  assert.equal((await clients.admin.get('/voucher-applications/abc')).status, 404);
  assert.equal((await clients.customer.get(`/voucher-applications/${ids.open}`)).status, 404);
});

test('grant and reject API: the denomination, the reason, and deciding twice', async () => {
  const before0 = counts();
  const grant = (id, body, opts) => c.call('admin', 'POST', `/api/v1/voucher-applications/${id}/grant`, body, opts);
  const reject = (id, body, opts) => c.call('admin', 'POST', `/api/v1/voucher-applications/${id}/reject`, body, opts);
  await expectProblem(await grant(ids.open, {}), 422, 'denomination_cents');
  await expectProblem(await grant(ids.open, { denomination_cents: null }), 422, 'denomination_cents');
  for (const v of ['250000', 1.5, -250000, 0, 1e30, [250000], true])
    await expectProblem(await grant(ids.open, { denomination_cents: v }), 422, 'denomination_cents');
  for (const v of [123, 250001, 1000000]) await expectProblem(await grant(ids.open, { denomination_cents: v }), 422, 'denomination_cents');
  for (const raw of ['{"denomination_cents":', '']) await expectProblem(await grant(ids.open, undefined, { raw, headers: JSON_CT }), 400);
  await expectProblem(await grant(ids.open, undefined, { raw: '[250000]', headers: JSON_CT }), 422);
  for (const id of ['abc', '0', '999999']) await expectProblem(await grant(id, { denomination_cents: 250000 }), 404);

  await expectProblem(await reject(ids.open, {}), 422, 'reason');
  for (const v of [null, 7, ['Syy'], { a: 'b' }, '', '   ', 'ab', 'x'.repeat(1001), 'Syy\u0007tässä', 'ab\u0000cd'])
    await expectProblem(await reject(ids.open, { reason: v }), 422, 'reason');
  await expectProblem(await reject(ids.open, undefined, { raw: '"Syy"', headers: JSON_CT }), 422);
  for (const id of ['abc', '999999']) await expectProblem(await reject(id, { reason: 'Hyvä syy.' }), 404);

  // The decided application: both decisions are refused.
  await expectProblem(await grant(ids.decided, { denomination_cents: 250000 }), 409);
  await expectProblem(await reject(ids.decided, { reason: 'Toistamiseen.' }), 409);
  await expectProblem(await c.call('customer', 'POST', `/api/v1/voucher-applications/${ids.open}/grant`, { denomination_cents: 250000 }), 403);
  await expectProblem(await c.call(null, 'POST', `/api/v1/voucher-applications/${ids.open}/reject`, { reason: 'Syy on.' }), 401);
  assert.equal(counts(), before0, 'nothing was written');
  assert.equal((await c.call('admin', 'GET', `/api/v1/voucher-applications/${ids.open}`)).json.status, 'submitted');
});

test('the apply form: every field, with the message beside it', async () => {
  const before0 = counts();
  const formOf = async (client, pid) => {
    const page = await client.get(`/programmes/${pid}/apply`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    return csrfFrom(page.text);
  };
  const cust = clients.customer; const coun = clients.counsellor;
  const ct = await formOf(cust, ids.business);
  const post = (client, pid, fields) => client.postForm(`/programmes/${pid}/apply`, fields);
  // Without the CSRF token nothing happens.
  assert.equal((await post(cust, ids.business, { requested_cents: '250000' })).status, 403);
  for (const v of ['abc', '-1', '0', '1.5', '123', '250001'])
    expectFieldError(await post(cust, ids.business, { csrf_token: ct, requested_cents: v }), 422, 'requested_cents');
  for (const v of ['x'.repeat(2001), 'soitto\u0007', 'ab\u0000cd'])
    expectFieldError(await post(cust, ids.business, { csrf_token: ct, purpose: v }), 422, 'purpose');
  const kept = await post(cust, ids.business, { csrf_token: ct, requested_cents: 'abc', purpose: 'Säilyy lomakkeella' });
  assert.ok(kept.text.includes('Säilyy lomakkeella'), 'the values are kept');
  for (const p of ['abc', '0', '999999']) assert.equal((await post(cust, p, { csrf_token: ct })).status, 404);

  const kt = await formOf(coun, ids.business);
  expectFieldError(await post(coun, ids.business, { csrf_token: kt }), 422, 'customer_id');
  expectFieldError(await post(coun, ids.business, { csrf_token: kt, customer_id: 'x' }), 422, 'customer_id');
  expectFieldError(await post(coun, ids.business, { csrf_token: kt, customer_id: '99999999' }), 422, 'customer_id');
  expectFieldError(await post(coun, ids.business, { csrf_token: kt, business_id: '1234567-0' }), 422, 'business_id');
  expectFieldError(await post(coun, ids.business, { csrf_token: kt, customer_name: 'Nimi Oy', customer_email: 'n@example.com' }), 422, 'business_id');
  expectFieldError(await post(coun, ids.business, { csrf_token: kt, business_id: freshBusinessId(), customer_name: 'Nimi Oy', customer_email: 'ei-osoite' }), 422, 'customer_email');
  expectFieldError(await post(coun, ids.business, { csrf_token: kt, business_id: freshBusinessId(), customer_name: 'N', customer_email: 'n@example.com' }), 422, 'customer_name');
  expectFieldError(await post(coun, ids.business, { csrf_token: kt, business_id: freshBusinessId(), customer_name: 'Nimi Oy' }), 422, 'customer_email');

  // De minimis: the three counting years in euros.
  const dt = await formOf(cust, ids.deMinimis);
  const page = await cust.get(`/programmes/${ids.deMinimis}/apply`);
  for (const y of [2024, 2025, 2026]) assert.ok(page.text.includes(`name="de_minimis_${y}"`), `year ${y} asked`);
  const years = { de_minimis_2024: '0', de_minimis_2025: '0', de_minimis_2026: '0' };
  expectFieldError(await post(cust, ids.deMinimis, { csrf_token: dt }), 422, 'de_minimis');
  for (const v of ['abc', '-5', '1,234', '1e5', ''])
    expectFieldError(await post(cust, ids.deMinimis, { csrf_token: dt, ...years, de_minimis_2025: v }), 422, 'de_minimis_2025');
  expectFieldError(await post(cust, ids.deMinimis, { csrf_token: dt, ...years, de_minimis_2019: '0' }), 422, 'de_minimis');
  assert.equal(counts(), before0, 'nothing was written');
});

test('the decision forms: denomination and reason', async () => {
  const before0 = counts();
  const page = await clients.admin.get(`/voucher-applications/${ids.open}`);
  const t = csrfFrom(page.text);
  const grant = (fields) => clients.admin.postForm(`/voucher-applications/${ids.open}/grant`, fields);
  const reject = (fields) => clients.admin.postForm(`/voucher-applications/${ids.open}/reject`, fields);
  assert.equal((await grant({ denomination_cents: '250000' })).status, 403, 'no CSRF token');
  for (const v of [undefined, '', 'abc', '-1', '1.5', '123', '250001']) {
    const fields = { csrf_token: t };
    if (v !== undefined) fields.denomination_cents = v;
    expectFieldError(await grant(fields), 422, 'denomination_cents');
  }
  for (const v of [undefined, '', '  ', 'ab', 'x'.repeat(1001), 'Syy\u0007', 'ab\u0000cd']) {
    const fields = { csrf_token: t };
    if (v !== undefined) fields.reason = v;
    expectFieldError(await reject(fields), 422, 'reason');
  }
  const decided = await clients.admin.postForm(`/voucher-applications/${ids.decided}/grant`, { csrf_token: t, denomination_cents: '250000' });
  assert.equal(decided.status, 409);
  assert.match(decided.text, /role="alert"[^>]*>[^<]*ratkaistu/);
  assert.equal((await clients.admin.postForm('/voucher-applications/999999/reject', { csrf_token: t, reason: 'Hyvä syy.' })).status, 404);
  assert.equal((await clients.customer.postForm(`/voucher-applications/${ids.open}/grant`, { csrf_token: csrfFrom((await clients.customer.get('/voucher-applications')).text), denomination_cents: '250000' })).status, 403);
  assert.equal(counts(), before0, 'nothing was written');
});
