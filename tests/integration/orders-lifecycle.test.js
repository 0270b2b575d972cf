'use strict';
// The order life cycle over HTTP (issue 5): every step with its owner, refusals derived from what
// the API answers (403 wrong role, 409 wrong status, with the current status in the detail),
// ledger effects, events with times and actors, cancellation by agreement with a reason,
// counsellor orders, the programme restriction, mails over real SMTP, and the provider's
// filters and CSV export.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { browserish, login, csrfFrom, DEMO, REPO } = require('./harness');
const { startMailReceiver } = require('./mail-harness');
const { apiContext } = require('./context');
const { finnishDate, makeVoucher, makeProgramme, texts, orderDriver, parseCsv, sql } = require('./orders-fixtures');
const { invoiceWorld, approveBillingReport, currentMonth } = require('./invoice-fixtures');

const FAST = { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_MAIL_BACKOFF_MS: '1000', PALVELUTORI_MAIL_BACKOFF_MAX_MS: '1000' };
const ROLES = ['admin', 'provider', 'customer', 'counsellor'];
const ACTIONS = ['accept', 'decline', 'cancel', 'start', 'end', 'report'];
const STATUSES = ['requested', 'accepted', 'in_progress', 'ended', 'reported', 'declined', 'cancelled', 'invoiced', 'paid'];
const FI = texts('fi');
const CUSTOMER_MAIL = 'yritys1@customer.example';  // the demo customer's own address (demo_seed.cpp)
const PROVIDER_MAIL = DEMO.provider.email;
const BIN = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');

let c; let mail;
const me = {};
let ownCard; let otherCard; let voucherId; let drive;

before(async () => {
  mail = await startMailReceiver();
  c = await apiContext({ smtp: mail, env: FAST });
});
after(async () => {
  if (c) await c.server.stop();
  if (mail) await mail.stop();
});

const problem = (res, status, info = '') => {
  assert.equal(res.status, status, `${info} ${res.text.slice(0, 400)}`);
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/, info);
  assert.ok(res.json.detail, info);
  return res.json;
};
const getOrder = async (id, role = 'admin') => {
  const r = await c.call(role, 'GET', `/api/v1/orders/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const ledgerOf = async (orderId) => {
  const r = await c.call('customer', 'GET', `/api/v1/vouchers/${voucherId}`);
  assert.equal(r.status, 200, r.text);
  return r.json.ledger.filter((e) => e.order_id === orderId).map((e) => [e.kind, e.amount_cents]);
};
const mailTo = (to, re) => mail.waitForMail({ to, where: (m) => re.test(m.subject) }).then((ms) => ms[ms.length - 1]);
const bodyFor = (action) => (action === 'decline' ? { reason: 'Ei kapasiteettia' } : action === 'cancel' ? { reason: 'Sovittu kaikkien kanssa' } : undefined);

test('setup: roles, two 2 500 € cards of different providers, a large voucher made with SQL', async () => {
  for (const r of ROLES) me[r] = (await c.call(r, 'GET', '/api/v1/me')).json;
  const cards = await c.all(null, '/api/v1/product-cards');
  ownCard = cards.find((x) => x.provider.id === me.provider.provider_id && x.price_cents === 250000);
  otherCard = cards.find((x) => x.provider.id !== me.provider.provider_id && x.price_cents === 250000);
  assert.ok(ownCard && otherCard, 'demo cards');
  voucherId = makeVoucher(c.server.dbUrl, me.customer.customer_id, 100000000);
  drive = orderDriver(c, { card: () => ownCard.id, voucher: () => voucherId });
});

test('every step with its owner: events, times, actors, ledger and mails', async () => {
  const placed = await drive.reach.requested();
  assert.equal(placed.status, 'requested');
  assert.equal(placed.on_behalf, false);
  assert.deepEqual(placed.events.map((e) => [e.action, e.from_status, e.to_status, e.actor_role]), [['place', null, 'requested', 'customer']]);
  assert.deepEqual(placed.events[0].actor, { id: me.customer.id, name: me.customer.name });
  for (const k of ['accepted_at', 'started_at', 'ended_at', 'reported_at', 'cancelled_at']) assert.equal(placed[k], null, k);
  assert.deepEqual(await ledgerOf(placed.id), [['reserve', 250000]], 'placing reserves the price');
  const placedMail = await mailTo(PROVIDER_MAIL, new RegExp(`^Uusi tilaus ${placed.id}:`));
  assert.ok(placedMail.text.includes(`/orders/${placed.id}`), placedMail.text);
  assert.ok(placedMail.text.includes(ownCard.title), placedMail.text);

  let o = placed;
  const walk = [['accept', 'accepted', 'accepted_at', /hyväksytty/], ['start', 'in_progress', 'started_at', /aloitettu/],
    ['end', 'ended', 'ended_at', /päättynyt/], ['report', 'reported', 'reported_at', /raportoitu/]];
  for (const [action, status, stamp, subject] of walk) {
    const before_ = o;
    if (action === 'report') drive.reportsIn(o);
    o = await drive.step(o, 'provider', action);
    assert.equal(o.status, status);
    assert.equal(o.events.length, before_.events.length + 1);
    const e = o.events[o.events.length - 1];
    assert.deepEqual([e.action, e.from_status, e.to_status, e.actor_role, e.reason], [action, before_.status, status, 'provider_user', null]);
    assert.deepEqual(e.actor, { id: me.provider.id, name: me.provider.name });
    assert.equal(o[stamp], e.at, `${stamp} is the event's time`);
    assert.ok(e.at >= before_.events[before_.events.length - 1].at, 'events in time order');
    assert.deepEqual(await ledgerOf(o.id), [['reserve', 250000]], `${action} moves no money`);
    const m = await mailTo(CUSTOMER_MAIL, new RegExp(`^Tilauksenne ${o.id} .*${subject.source}`));
    assert.ok(m.text.includes(`/orders/${o.id}`), m.text);
    if (action === 'accept') {
      assert.match(o.contract_number, /^TS-\d{4}-\d{6}$/);
      assert.ok(m.subject.includes(o.contract_number) && m.text.includes(o.contract_number), 'the contract number is in the mail');
    }
  }
  assert.equal(o.cancelled_at, null);
  // Everybody who sees the order sees the same events.
  for (const role of ROLES) assert.deepEqual((await getOrder(o.id, role)).events, o.events, role);
  // The list gives the times but not the events.
  const listed = (await c.all('provider', '/api/v1/orders?status=reported')).find((x) => x.id === o.id);
  assert.equal(listed.reported_at, o.reported_at);
  assert.equal(listed.events, undefined);
});

test('refusals over (status × action × role), derived from the answers: 403 wrong role, 409 wrong status, never both', async () => {
  const genericForbidden = FI['error.forbidden_detail'];
  const result = {};
  for (const status of STATUSES) {
    result[status] = {};
    for (const action of ACTIONS) {
      result[status][action] = {};
      let o = await drive.reach[status]();
      assert.equal(o.status, status);
      for (const role of ROLES) {
        const before_ = await ledgerOf(o.id);
        // Issue 6: the report step needs both delivery reports in (reports.test.js: refused without).
        if (status === 'ended' && action === 'report') drive.reportsIn(o);
        const r = await c.call(role, 'POST', `/api/v1/orders/${o.id}/${action}`, bodyFor(action));
        const where = `${status} ${action} as ${role}`;
        assert.ok([200, 403, 409].includes(r.status), `${where}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
        result[status][action][role] = { http: r.status, to: r.status === 200 ? r.json.status : null };
        if (r.status === 200) {
          // The step happened: one event, and the money effect the step has.
          assert.notEqual(r.json.status, status, where);
          assert.deepEqual(r.json.events.at(-1).action, action, where);
          const added = (await ledgerOf(o.id)).slice(before_.length);
          assert.deepEqual(added, ['decline', 'cancel'].includes(action) ? [['release', 250000]] : [], `${where}: ledger`);
          o = await drive.reach[status]();  // the next role gets a fresh order in this status
        } else {
          const p = problem(r, r.status, where);
          // Our refusals say the current status; the pipeline's access refusal is the generic one.
          if (r.status === 409 || p.detail !== genericForbidden)
            assert.ok(p.detail.includes(FI[`order.status.${status}`]), `${where}: detail names the status: ${p.detail}`);
          assert.deepEqual(await ledgerOf(o.id), before_, `${where}: a refusal moves no money`);
          assert.equal((await getOrder(o.id)).status, status, `${where}: a refusal changes nothing`);
        }
      }
      const answers = Object.values(result[status][action]);
      const winners = answers.filter((a) => a.http === 200);
      if (winners.length) {
        assert.ok(!answers.some((a) => a.http === 409), `${status} ${action}: a step some role may take is not "wrong status" for another`);
        assert.equal(new Set(winners.map((a) => a.to)).size, 1, `${status} ${action}: one target status`);
      }
    }
  }
  const allowed = (s, a) => ROLES.filter((r) => result[s][a][r].http === 200);
  // Spot checks against the words (not the table): the provider moves the order along,
  // the customer cancels only before acceptance, afterwards only the organizer (by agreement).
  assert.deepEqual(allowed('requested', 'accept'), ['provider']);
  assert.deepEqual(allowed('accepted', 'start'), ['provider']);
  assert.deepEqual(allowed('in_progress', 'end'), ['provider']);
  assert.deepEqual(allowed('ended', 'report'), ['provider']);
  assert.ok(allowed('requested', 'cancel').includes('customer') && allowed('requested', 'cancel').includes('counsellor'));
  for (const s of ['accepted', 'in_progress', 'ended', 'reported']) assert.deepEqual(allowed(s, 'cancel'), ['admin'], s);
  for (const s of ['declined', 'cancelled', 'invoiced', 'paid']) for (const a of ACTIONS) assert.deepEqual(allowed(s, a), [], `${s} ${a}: final or not this issue's step`);
  assert.equal(result.in_progress.start.provider.http, 409);
  assert.equal(result.accepted.cancel.customer.http, 403);
  // Follow the allowed steps from requested: the chain reaches reported.
  let s = 'requested';
  for (const a of ['accept', 'start', 'end', 'report']) s = result[s][a].provider.to;
  assert.equal(s, 'reported');
});

test("visibility first: another provider's order is 404 for the provider's progress steps", async () => {
  const foreign = await orderDriver(c, { card: () => otherCard.id, voucher: () => voucherId }).reach.requested();
  for (const a of ['accept', 'start', 'end', 'report', 'decline']) problem(await c.call('provider', 'POST', `/api/v1/orders/${foreign.id}/${a}`, bodyFor(a)), 404, a);
  problem(await c.call('provider', 'POST', '/api/v1/orders/987654321/start'), 404);
});

test('cancellation by agreement needs a written reason, stored in the event and shown to both sides; mails to both', async () => {
  const o = await drive.reach.in_progress();
  const missing = problem(await c.call('admin', 'POST', `/api/v1/orders/${o.id}/cancel`), 422);
  assert.ok(missing.errors.reason, 'reason required');
  assert.ok(problem(await c.call('admin', 'POST', `/api/v1/orders/${o.id}/cancel`, { reason: '  ' }), 422).errors.reason);
  assert.ok(problem(await c.call('admin', 'POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'ok' }), 422).errors.reason);
  assert.equal((await getOrder(o.id)).status, 'in_progress');
  const reason = 'Asiakas ja tuottaja sopivat perumisesta 3.4.';
  const r = await c.call('admin', 'POST', `/api/v1/orders/${o.id}/cancel`, { reason });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'cancelled');
  assert.equal(r.json.cancelled_at, r.json.events.at(-1).at);
  assert.deepEqual(await ledgerOf(o.id), [['reserve', 250000], ['release', 250000]]);
  for (const role of ['customer', 'provider']) {
    const e = (await getOrder(o.id, role)).events.at(-1);
    assert.deepEqual([e.action, e.from_status, e.to_status, e.actor_role, e.reason], ['cancel', 'in_progress', 'cancelled', 'organizer_admin', reason], role);
  }
  for (const who of [CUSTOMER_MAIL, PROVIDER_MAIL]) {
    const m = await mailTo(who, new RegExp(`^Tilaus ${o.id} on peruttu`));
    assert.ok(m.text.includes(reason), `${who}: reason in mail`);
    assert.ok(m.text.includes(me.admin.name), `${who}: who cancelled`);
  }
  // The page shows the reason to both sides.
  for (const role of ['customer', 'provider']) {
    const b = browserish(c.baseUrl);
    await login(b, DEMO[role].email, DEMO[role].password);
    const page = await b.get(`/orders/${o.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-testid="event-reason">Asiakas ja tuottaja sopivat perumisesta 3\.4\.</, role);
  }
  // Before acceptance a reason is optional.
  const early = await drive.reach.requested();
  const x = await c.call('customer', 'POST', `/api/v1/orders/${early.id}/cancel`);
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.events.at(-1).reason, null);
});

test('the organizer cancels by agreement in the browser: the reason field is required, kept, and the page shows the result', async () => {
  const o = await drive.reach.accepted();
  const b = browserish(c.baseUrl);
  await login(b, DEMO.admin.email, DEMO.admin.password);
  const page = await b.get(`/orders/${o.id}`);
  assert.match(page.text, /action="\/orders\/\d+\/cancel"/);
  assert.match(page.text, /<textarea[^>]*name="reason"[^>]*required/);
  const bad = await b.postForm(`/orders/${o.id}/cancel`, { csrf_token: csrfFrom(page.text), reason: '' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /data-field-error="reason"/);
  const ok = await b.postForm(`/orders/${o.id}/cancel`, { csrf_token: csrfFrom(page.text), reason: 'Sovittu puhelimessa' });
  assert.equal(ok.status, 303);
  assert.equal((await getOrder(o.id)).status, 'cancelled');
  // The provider's page has the progress buttons its status allows, and only those.
  const p = browserish(c.baseUrl);
  await login(p, DEMO.provider.email, DEMO.provider.password);
  const acc = await drive.reach.accepted();
  const accPage = await p.get(`/orders/${acc.id}`);
  assert.match(accPage.text, /action="\/orders\/\d+\/start"/);
  assert.doesNotMatch(accPage.text, /action="\/orders\/\d+\/(end|report|cancel)"/);
  const started = await p.postForm(`/orders/${acc.id}/start`, { csrf_token: csrfFrom(accPage.text) });
  assert.equal(started.status, 303);
  assert.match(started.location, new RegExp(`/orders/${acc.id}$`));
  const inProgress = await p.get(`/orders/${acc.id}`);
  assert.match(inProgress.text, /action="\/orders\/\d+\/end"/);
  assert.match(inProgress.text, /data-testid="order-timeline"/);
  assert.match(inProgress.text, /data-action="start"/);
  const again = await p.postForm(`/orders/${acc.id}/start`, { csrf_token: csrfFrom(accPage.text) });
  assert.equal(again.status, 409);
  assert.ok(again.text.includes(FI['order.status.in_progress']), 'the page says the current status');
});

test('a counsellor orders on the customer\'s behalf and the order says so', async () => {
  const counsellorDrive = orderDriver(c, { card: () => ownCard.id, voucher: () => voucherId, orderer: 'counsellor' });
  const o = await counsellorDrive.reach.requested();
  assert.equal(o.on_behalf, true);
  assert.equal(o.ordered_by.role, 'counsellor');
  assert.equal(o.customer.id, me.customer.customer_id);
  assert.deepEqual([o.events[0].actor.id, o.events[0].actor_role], [me.counsellor.id, 'counsellor']);
  const m = await mailTo(PROVIDER_MAIL, new RegExp(`^Uusi tilaus ${o.id}:`));
  assert.match(m.text, /asiakkaan puolesta/);
  const b = browserish(c.baseUrl);
  await login(b, DEMO.customer.email, DEMO.customer.password);
  assert.match((await b.get(`/orders/${o.id}`)).text, new RegExp(FI['order.on_behalf']));
});

test('a programme voucher buys only the services its programme covers', async () => {
  const sds = (await c.call(null, 'GET', '/api/v1/service-descriptions')).json.items;
  const other = sds.find((s) => s.id !== ownCard.service_description.id);
  assert.ok(other, 'a second service description');
  const narrow = makeVoucher(c.server.dbUrl, me.customer.customer_id, 500000, makeProgramme(c.server.dbUrl, [other.id]));
  const refused = problem(await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: ownCard.id, voucher_id: narrow }), 409);
  assert.equal(refused.detail, FI['order.service_not_covered']);
  const v = (await c.call('customer', 'GET', `/api/v1/vouchers/${narrow}`)).json;
  assert.equal(v.balance.reserved_cents, 0, 'nothing reserved');
  const covering = makeVoucher(c.server.dbUrl, me.customer.customer_id, 500000, makeProgramme(c.server.dbUrl, [other.id, ownCard.service_description.id]));
  const ok = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: ownCard.id, voucher_id: covering });
  assert.equal(ok.status, 201, ok.text);
});

test('decline mail carries the reason; without a customer address the customer\'s users get it', async () => {
  const o = await drive.reach.requested();
  await drive.step(o, 'provider', 'decline', { reason: 'Kalenteri on täynnä kesään asti' });
  const m = await mailTo(CUSTOMER_MAIL, new RegExp(`^Tilauksenne ${o.id} on hylätty`));
  assert.ok(m.text.includes('Kalenteri on täynnä kesään asti'), m.text);
  const [[email]] = sql(c.server.dbUrl, `SELECT email FROM customers WHERE id = ${me.customer.customer_id}`);
  sql(c.server.dbUrl, `UPDATE customers SET email = '' WHERE id = ${me.customer.customer_id}`);
  try {
    const o2 = await drive.reach.requested();
    await drive.step(o2, 'provider', 'decline', { reason: 'Ei vapaita aikoja' });
    const m2 = await mailTo(DEMO.customer.email, new RegExp(`^Tilauksenne ${o2.id} on hylätty`));
    assert.ok(m2.text.includes('Ei vapaita aikoja'));
  } finally {
    sql(c.server.dbUrl, `UPDATE customers SET email = '${email}' WHERE id = ${me.customer.customer_id}`);
  }
});

test('the expiry job cancels an order awaiting acceptance: a system event and the order_expired mail to both sides', async () => {
  const short = makeVoucher(c.server.dbUrl, me.customer.customer_id, 500000);
  const o = await orderDriver(c, { card: () => ownCard.id, voucher: () => short }).reach.requested();
  sql(c.server.dbUrl, `UPDATE vouchers SET valid_until = '${finnishDate(new Date(), -2)}' WHERE id = ${short}`);
  execFileSync(BIN, ['expire-vouchers', '--database', c.server.dbUrl], { cwd: REPO, encoding: 'utf8' });
  const after_ = await getOrder(o.id, 'customer');
  assert.equal(after_.status, 'cancelled');
  const e = after_.events.at(-1);
  assert.deepEqual([e.action, e.from_status, e.to_status, e.actor, e.actor_role, e.reason], ['expire', 'requested', 'cancelled', null, 'system', null]);
  assert.equal(after_.cancelled_at, e.at);
  for (const who of [CUSTOMER_MAIL, PROVIDER_MAIL]) {
    const m = await mailTo(who, new RegExp(`^Tilaus ${o.id} on peruttu palvelusetelin vanhennuttua`));
    assert.ok(m.text.includes(`/orders/${o.id}`), m.text);
  }
});

// ---- the provider's list: filters and CSV ----

async function csvAs(role, query = '') {
  const b = browserish(c.baseUrl);
  await login(b, DEMO[role].email, DEMO[role].password);
  const res = await fetch(`${c.baseUrl}/orders/export.csv${query}`, { headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

test('filters by status, service and Finnish days, in the API and on the page', async () => {
  const all = await c.all('provider', '/api/v1/orders');
  assert.ok(all.length > 20 && all.every((o) => o.provider.id === me.provider.provider_id));
  for (const status of ['requested', 'in_progress', 'cancelled']) {
    const got = await c.all('provider', `/api/v1/orders?status=${status}`);
    assert.deepEqual(got.map((o) => o.id), all.filter((o) => o.status === status).map((o) => o.id), status);
    assert.ok(got.length > 0, status);
  }
  const sid = ownCard.service_description.id;
  const byService = await c.all('provider', `/api/v1/orders?service_description_id=${sid}`);
  assert.deepEqual(byService.map((o) => o.id), all.filter((o) => o.service_description_id === sid).map((o) => o.id));
  const sds = (await c.call(null, 'GET', '/api/v1/service-descriptions')).json.items;
  const unused = sds.find((s) => !all.some((o) => o.service_description_id === s.id));
  if (unused) assert.equal((await c.call('provider', 'GET', `/api/v1/orders?service_description_id=${unused.id}`)).json.total, 0);

  // Two orders moved into January 2025: 23:30 and 00:30 Finnish time, on either side of midnight.
  const [a, b] = all.slice(0, 2);
  sql(c.server.dbUrl, `UPDATE orders SET created_at = '2025-01-15T21:30:00Z' WHERE id = ${a.id}`);
  sql(c.server.dbUrl, `UPDATE orders SET created_at = '2025-01-15T22:30:00Z' WHERE id = ${b.id}`);
  const day = async (from, to) => (await c.all('provider', `/api/v1/orders?from=${from}&to=${to}`)).map((o) => o.id).sort();
  assert.deepEqual(await day('2025-01-15', '2025-01-15'), [a.id]);
  assert.deepEqual(await day('2025-01-16', '2025-01-16'), [b.id]);
  assert.deepEqual(await day('2025-01-01', '2025-01-31'), [a.id, b.id].sort());
  const today = finnishDate();
  const fromToday = await c.all('provider', `/api/v1/orders?from=${today}`);
  // The demo's invoiced orders (issue 6) date from last month.
  const earlier = all.filter((o) => o.id !== a.id && o.id !== b.id && finnishDate(o.created_at) < today).map((o) => o.id);
  assert.equal(fromToday.length, all.length - 2 - earlier.length);
  assert.equal((await c.call('provider', 'GET', `/api/v1/orders?from=${finnishDate(new Date(), 1)}`)).json.total, 0);
  const toYesterday = await c.all('provider', `/api/v1/orders?to=${finnishDate(new Date(), -1)}`);
  assert.deepEqual(toYesterday.map((o) => o.id).sort(), [a.id, b.id, ...earlier].sort());

  // The page keeps the chosen values and its CSV link carries them.
  const br = browserish(c.baseUrl);
  await login(br, DEMO.provider.email, DEMO.provider.password);
  const page = await br.get(`/orders?status=requested&service_description_id=${sid}&from=2025-01-01&to=${today}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<option value="requested" selected>/);
  assert.match(page.text, new RegExp(`<option value="${sid}" selected>`));
  assert.match(page.text, /name="from" value="2025-01-01"/);
  assert.match(page.text, new RegExp(`href="/orders/export\\.csv\\?status=requested&amp;service_description_id=${sid}&amp;from=2025-01-01&amp;to=${today}"`));
  const count = Number(/data-testid="order-count">[^<]*?(\d+)</.exec(page.text)[1]);
  assert.equal(count, all.filter((o) => o.status === 'requested' && o.service_description_id === sid).length);
});

test('CSV export: BOM, ";" and CRLF, localized header, every row of the filter, formula cells disarmed', async () => {
  // A card title and a customer name a spreadsheet would run as formulas.
  const evilTitle = '=HYPERLINK("http://evil.example";"klikkaa")';
  sql(c.server.dbUrl, `UPDATE product_cards SET title = '${evilTitle.replace(/'/g, "''")}' WHERE id = ${ownCard.id}`);
  sql(c.server.dbUrl, `UPDATE customers SET name = '@SUM(1+1)*cmd' WHERE id = ${me.customer.customer_id}`);

  const { res, bytes, text } = await csvAs('provider');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="tilaukset-${finnishDate()}.csv"`);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(text.slice(1));
  const header = rows[0];
  assert.equal(header.length, 15);
  assert.deepEqual(header.slice(0, 3), [FI['orders.csv.id'], FI['orders.csv.contract'], FI['orders.csv.status']]);
  const all = await c.all('provider', '/api/v1/orders');
  assert.equal(rows.length - 1, all.length, 'every order, no paging');
  for (const r of rows.slice(1)) assert.equal(r.length, 15);
  const byId = new Map(rows.slice(1).map((r) => [Number(r[0]), r]));
  const sample = all.find((o) => o.status === 'reported');
  const row = byId.get(sample.id);
  assert.equal(row[1], sample.contract_number);
  assert.equal(row[2], FI['order.status.reported']);
  for (const i of [3, 4, 5, 6, 7]) assert.match(row[i], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, `time column ${i}`);
  assert.equal(row[9], sql(c.server.dbUrl, `SELECT business_id FROM customers WHERE id = ${me.customer.customer_id}`)[0][0]);
  assert.equal(row[12], '2500,00');
  assert.equal(row[14], FI['orders.csv.no']);
  // Formula-looking cells start with an apostrophe; the quoting (the title has ';' and '"') survives.
  assert.equal(row[10], `'${evilTitle}`);
  assert.equal(row[8], "'@SUM(1+1)*cmd");
  assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example"";""klikkaa"")"`), 'RFC 4180 quoting of the title');
  const onBehalf = all.find((o) => o.on_behalf);
  assert.equal(byId.get(onBehalf.id)[14], FI['orders.csv.yes']);

  // The same filters as the list.
  const filtered = await csvAs('provider', '?status=reported');
  const fr = parseCsv(filtered.text.slice(1)).slice(1);
  assert.deepEqual(fr.map((r) => Number(r[0])).sort(), all.filter((o) => o.status === 'reported').map((o) => o.id).sort());
  assert.ok(fr.length > 0);
  // The same visibility: the customer exports only its own orders (all of them here), a
  // bad filter is a 400 page with the message beside the field.
  const cust = await csvAs('customer');
  assert.equal(cust.res.status, 200);
  assert.ok(parseCsv(cust.text.slice(1)).slice(1).every((r) => r[8] === "'@SUM(1+1)*cmd"));
  const bad = await csvAs('provider', '?from=2025-02-30');
  assert.equal(bad.res.status, 400);
  assert.match(bad.text, /data-field-error="from"/);
  const anon = await fetch(`${c.baseUrl}/orders/export.csv`, { redirect: 'manual' });
  assert.ok([302, 303].includes(anon.status), 'signed-out → login');
});

// Issue 6: an invoice that is still open (sent or approved) would be stranded by a cancellation.
test('a reported order with an open invoice is not cancelled (409); once the invoice is disputed it is', async () => {
  await invoiceWorld(c);  // the organizer's address and payment terms, so that the run can bill
  const o = await drive.reach.reported();
  approveBillingReport(c, o.id);
  const run = await c.call('admin', 'POST', '/api/v1/invoice-runs', { month: currentMonth() });
  assert.equal(run.status, 201, run.text.slice(0, 400));
  const [[invoiceId, invoiceStatus]] = sql(c.server.dbUrl, `SELECT id, status FROM invoices WHERE order_id = ${o.id}`);
  assert.equal(invoiceStatus, 'sent');
  const ledgerBefore = await ledgerOf(o.id);
  const reason = 'Sovittu kaikkien kanssa';
  const p = problem(await c.call('admin', 'POST', `/api/v1/orders/${o.id}/cancel`, { reason }), 409);
  assert.equal(p.detail, FI['order.cancel_invoice_open']);
  const kept = await getOrder(o.id);
  assert.equal(kept.status, 'reported');
  assert.equal(kept.events.at(-1).action, 'report', 'no cancel event');
  assert.deepEqual(await ledgerOf(o.id), ledgerBefore, 'no money moved');
  // The page's cancel form says the same.
  const b = browserish(c.baseUrl);
  await login(b, DEMO.admin.email, DEMO.admin.password);
  const page = await b.get(`/orders/${o.id}`);
  const refused = await b.postForm(`/orders/${o.id}/cancel`, { csrf_token: csrfFrom(page.text), reason });
  assert.equal(refused.status, 409);
  assert.ok(refused.text.includes(FI['order.cancel_invoice_open']), refused.text.slice(0, 400));
  assert.equal((await getOrder(o.id)).status, 'reported');
  // A disputed invoice is no longer open: the order can be cancelled, its reservation released.
  const d = await c.call('admin', 'POST', `/api/v1/invoices/${invoiceId}/dispute`, { reason: 'Väärä tilaus laskutettu' });
  assert.equal(d.status, 200, d.text.slice(0, 400));
  const done = await c.call('admin', 'POST', `/api/v1/orders/${o.id}/cancel`, { reason });
  assert.equal(done.status, 200, done.text.slice(0, 400));
  assert.equal(done.json.status, 'cancelled');
  assert.deepEqual((await ledgerOf(o.id)).at(-1), ['release', o.price_cents]);
});
