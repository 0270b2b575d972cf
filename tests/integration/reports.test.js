'use strict';
// Delivery reports (issue 6) over HTTP: the provider files the service and billing reports (draft,
// then submit) and the order moves to reported by itself; who may read them; the organizer returns
// a billing report with a reason, the provider resubmits, the organizer approves it with the bonus;
// overdue flags and the reminder mail (test clock past the due date, real SMTP, one mail per report
// even with two runs); timeliness figures; the manual report step names the missing report.
// Every API answer is validated against the OpenAPI document (context.js).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { browserish, login, csrfFrom, makeClock, DEMO, REPO } = require('./harness');
const { startMailReceiver } = require('./mail-harness');
const { apiContext } = require('./context');
const { finnishDate, makeVoucher, texts, orderDriver, sql } = require('./orders-fixtures');
const { invoiceWorld, currentMonth } = require('./invoice-fixtures');

const FAST = { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_MAIL_BACKOFF_MS: '1000', PALVELUTORI_MAIL_BACKOFF_MAX_MS: '1000' };
const FI = texts('fi');
const BIN = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');
const CUSTOMER_MAIL = 'yritys1@customer.example';
const DAY = 24 * 3600 * 1000;

let c; let mail; let clock;
const me = {};
let card; let bonusCard; let voucherId; let drive; let bonusDrive;

before(async () => {
  mail = await startMailReceiver();
  clock = makeClock(new Date());
  c = await apiContext({ smtp: mail, env: FAST, clockFile: clock.file });
});
after(async () => {
  if (c) await c.server.stop();
  if (mail) await mail.stop();
  if (clock) clock.remove();
});

const today = () => finnishDate(clock.now());
const ok = (r, status = 200) => { assert.equal(r.status, status, r.text.slice(0, 600)); return r.json; };
const problem = (r, status, info = '') => {
  assert.equal(r.status, status, `${info} ${r.text.slice(0, 400)}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/, info);
  return r.json;
};
const fullService = () => ({
  starting_situation: 'Asiakas on ollut työttömänä vuoden ja hakee myyntityötä.',
  goal: 'Työpaikka myynnistä kolmen kuukauden kuluessa.',
  meetings: [{ date: today(), minutes: 90, actions: 'Lähtötilanteen kartoitus ja CV:n päivitys.' },
    { date: today(), minutes: 60, actions: 'Työhaastatteluharjoitus.' }],
  concrete_actions: 'CV päivitetty, viisi hakemusta lähetetty.',
  employment_findings: 'Vahva asiakaspalvelukokemus; ajokortti puuttuu.',
  follow_up_plan: 'Jatketaan hakemista; ajokorttikoulutus TE-palveluiden kautta.',
  follow_up_schedule: 'Seuranta kuukauden kuluttua.',
});
const sr = (o) => `/api/v1/orders/${o.id}/service-report`;
const br = (o) => `/api/v1/orders/${o.id}/billing-report`;
const getOrder = async (id) => ok(await c.call('admin', 'GET', `/api/v1/orders/${id}`));

/** Both reports of an ended order submitted through the API; returns the order afterwards. */
async function fileBoth(o, billing = { delivery_confirmed: true }) {
  ok(await c.call('provider', 'PUT', sr(o), fullService()));
  ok(await c.call('provider', 'POST', `${sr(o)}/submit`));
  ok(await c.call('provider', 'PUT', br(o), billing));
  ok(await c.call('provider', 'POST', `${br(o)}/submit`));
  return getOrder(o.id);
}

const BONUS = { code: 'employed_6m', amount: 50000, evidence: 'Työsopimus vähintään 6 kk kolmen kuukauden kuluessa.' };
let sdId;
const setModel = (model) => sql(c.server.dbUrl, `UPDATE service_descriptions SET price_model = '${JSON.stringify(model)}' WHERE id = ${sdId}`);

test('setup: roles, a card of the provider whose service has the employed_6m bonus, a large voucher', async () => {
  for (const r of ['admin', 'provider', 'customer', 'counsellor']) me[r] = ok(await c.call(r, 'GET', '/api/v1/me'));
  const cards = await c.all(null, '/api/v1/product-cards');
  card = cards.find((x) => x.provider.id === me.provider.provider_id && x.price_cents === 250000);
  assert.ok(card, 'a 2 500 € demo card of the provider');
  sdId = card.service_description.id;
  // The demo provider's service has no bonus; the report reads the model as it is now.
  setModel({ kind: 'fixed', values: [250000, 500000], bonuses: [BONUS] });
  bonusCard = card;
  voucherId = makeVoucher(c.server.dbUrl, me.customer.customer_id, 100000000);
  drive = orderDriver(c, { card: () => card.id, voucher: () => voucherId });
  bonusDrive = drive;
});

test('the provider drafts and submits both reports; the order moves to reported by itself, once', async () => {
  const o = await bonusDrive.reach.ended();
  const endDay = finnishDate(o.ended_at);
  // Nothing saved yet: an empty report that is not started, due 7 days after the end day.
  let s = ok(await c.call('provider', 'GET', sr(o)));
  assert.equal(s.status, 'not_started');
  assert.equal(s.due_on, finnishDate(new Date(`${endDay}T12:00:00Z`), 7));
  assert.equal(s.overdue, false);
  assert.equal(s.editable, true);
  // A partial draft is fine, and comes back as saved.
  s = ok(await c.call('provider', 'PUT', sr(o), { goal: '  Työpaikka  ', meetings: [{ date: today(), minutes: null, actions: '' }] }));
  assert.equal(s.status, 'draft');
  assert.equal(s.goal, 'Työpaikka');
  assert.deepEqual(s.meetings, [{ date: today(), minutes: null, actions: '' }]);
  assert.equal(s.submitted_at, null);
  // Submitting the incomplete draft names every missing part.
  const p = problem(await c.call('provider', 'POST', `${sr(o)}/submit`), 422);
  for (const f of ['starting_situation', 'concrete_actions', 'employment_findings', 'follow_up_plan', 'follow_up_schedule', 'meetings.0.minutes', 'meetings.0.actions'])
    assert.ok(p.errors[f], `${f} named: ${JSON.stringify(p.errors)}`);
  assert.equal(ok(await c.call('provider', 'GET', sr(o))).status, 'draft', 'a refused submit changes nothing');
  // The full report submits.
  ok(await c.call('provider', 'PUT', sr(o), fullService()));
  s = ok(await c.call('provider', 'POST', `${sr(o)}/submit`));
  assert.equal(s.status, 'submitted');
  assert.equal(s.total_minutes, 150);
  assert.equal(s.editable, false);
  assert.ok(s.submitted_at);
  problem(await c.call('provider', 'PUT', sr(o), fullService()), 409, 'a submitted service report is final');
  assert.equal((await getOrder(o.id)).status, 'ended', 'one report is not enough');

  // The manual step names the missing billing report.
  const manual = problem(await c.call('provider', 'POST', `/api/v1/orders/${o.id}/report`), 409);
  assert.equal(manual.detail, FI['reports.missing_billing']);

  // The billing report with a bonus claim: fixed price → the delivery confirmation.
  let b = ok(await c.call('provider', 'GET', br(o)));
  assert.equal(b.price_kind, 'fixed');
  assert.ok(b.available_bonuses.some((x) => x.code === 'employed_6m'));
  b = ok(await c.call('provider', 'PUT', br(o), { delivery_confirmed: true, bonus_code: 'employed_6m', bonus_evidence: '' }));
  assert.equal(b.status, 'draft');
  const missingEvidence = problem(await c.call('provider', 'POST', `${br(o)}/submit`), 422);
  assert.ok(missingEvidence.errors.bonus_evidence, JSON.stringify(missingEvidence.errors));
  ok(await c.call('provider', 'PUT', br(o), { delivery_confirmed: true, bonus_code: 'employed_6m', bonus_evidence: 'Työsopimus 1.12. alkaen, 12 kk.' }));
  b = ok(await c.call('provider', 'POST', `${br(o)}/submit`));
  assert.equal(b.status, 'submitted');
  assert.deepEqual(b.bonus, { code: 'employed_6m', amount_cents: BONUS.amount, evidence: 'Työsopimus 1.12. alkaen, 12 kk.', status: 'claimed' });

  const after_ = await getOrder(o.id);
  assert.equal(after_.status, 'reported');
  const e = after_.events.at(-1);
  assert.deepEqual([e.action, e.from_status, e.to_status, e.actor_role], ['report', 'ended', 'reported', 'provider_user']);
  assert.equal(after_.events.filter((x) => x.action === 'report').length, 1);
  assert.equal(after_.reported_at, e.at);
  const m = await mail.waitForMail({ to: CUSTOMER_MAIL, where: (x) => x.subject.includes(`Tilauksenne ${o.id} `) && /raportoitu/.test(x.subject) });
  assert.equal(m.length, 1);
  // The manual step afterwards is the table's "wrong status", and adds nothing.
  problem(await c.call('provider', 'POST', `/api/v1/orders/${o.id}/report`), 409);
  assert.equal((await getOrder(o.id)).events.filter((x) => x.action === 'report').length, 1);
  // The audit trail has each save and submit.
  const rows = sql(c.server.dbUrl, `SELECT action FROM audit_log WHERE entity_id = '${o.id}' AND entity IN ('service_report', 'billing_report') ORDER BY id`).map((r) => r[0]);
  assert.deepEqual(rows, ['report.service.save', 'report.service.save', 'report.service.submit', 'report.billing.save', 'report.billing.save', 'report.billing.submit']);
});

test('the provider files both reports with the HTML forms: draft, a row removed, submit; the order is reported', async () => {
  const o = await drive.reach.ended();
  const b = browserish(c.baseUrl);
  await login(b, DEMO.provider.email, DEMO.provider.password);
  let page = await b.get(`/orders/${o.id}/service-report`);
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/name="meeting_date"/g) || []).length, 2, 'two empty rows to start with');
  const svc = fullService();
  const text = [['starting_situation', svc.starting_situation], ['goal', svc.goal], ['concrete_actions', svc.concrete_actions],
    ['employment_findings', svc.employment_findings], ['follow_up_plan', svc.follow_up_plan], ['follow_up_schedule', svc.follow_up_schedule]];
  let r = await b.postForm(`/orders/${o.id}/service-report`, [['csrf_token', csrfFrom(page.text)], ['op', 'save'], ...text,
    ['meeting_date', today()], ['meeting_minutes', '90'], ['meeting_actions', 'Kartoitus'],
    ['meeting_date', today()], ['meeting_minutes', '30'], ['meeting_actions', 'Poistettava']]);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(ok(await c.call('provider', 'GET', sr(o))).meetings.length, 2);
  page = await b.get(`/orders/${o.id}/service-report`);
  assert.equal((page.text.match(/name="meeting_date"/g) || []).length, 4, 'the saved rows and two empty ones');
  assert.match(page.text, /Poistettava/);
  r = await b.postForm(`/orders/${o.id}/service-report`, [['csrf_token', csrfFrom(page.text)], ['op', 'submit'], ...text,
    ['meeting_date', today()], ['meeting_minutes', '90'], ['meeting_actions', 'Kartoitus'],
    ['meeting_date', today()], ['meeting_minutes', '30'], ['meeting_actions', 'Poistettava'], ['meeting_remove', '1'],
    ['meeting_date', ''], ['meeting_minutes', ''], ['meeting_actions', '']]);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const s = ok(await c.call('provider', 'GET', sr(o)));
  assert.deepEqual([s.status, s.meetings], ['submitted', [{ date: today(), minutes: 90, actions: 'Kartoitus' }]]);
  page = await b.get(`/orders/${o.id}/billing-report`);
  assert.match(page.text, /name="delivery_confirmed"/);
  r = await b.postForm(`/orders/${o.id}/billing-report`, [['csrf_token', csrfFrom(page.text)], ['op', 'submit'], ['delivery_confirmed', '1'],
    ['bonus_code', ''], ['bonus_evidence', ''], ['meeting_date', today()], ['meeting_minutes', '90']]);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal((await getOrder(o.id)).status, 'reported');
  const orderPage = await b.get(`/orders/${o.id}`);
  assert.match(orderPage.text, /<tr data-kind="service" data-status="submitted">/);
  assert.match(orderPage.text, /<tr data-kind="billing" data-status="submitted">/);
  assert.doesNotMatch(orderPage.text, /data-testid="overdue-badge"/);
});

test('who reads the reports: provider, organizer, counsellor (service only); never the customer', async () => {
  const o = await drive.reach.ended();
  await fileBoth(o);
  for (const role of ['provider', 'admin', 'counsellor']) assert.equal(ok(await c.call(role, 'GET', sr(o))).status, 'submitted', role);
  for (const role of ['provider', 'admin']) assert.equal(ok(await c.call(role, 'GET', br(o))).status, 'submitted', role);
  problem(await c.call('counsellor', 'GET', br(o)), 403, 'the billing report is not the counsellor\'s');
  for (const p of [sr(o), br(o)]) assert.ok([403, 404].includes((await c.call('customer', 'GET', p)).status), p);
  // Only the provider edits.
  for (const role of ['admin', 'counsellor', 'customer']) assert.equal((await c.call(role, 'PUT', sr(o), fullService())).status, 403, role);
  // The HTML pages: the counsellor reads the service report, the customer is refused.
  const counsellor = browserish(c.baseUrl);
  await login(counsellor, DEMO.counsellor.email, DEMO.counsellor.password);
  const page = await counsellor.get(`/orders/${o.id}/service-report`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Työhaastatteluharjoitus.'), 'meeting actions shown');
  assert.doesNotMatch(page.text, /<form method="post" action="\/orders\/\d+\/service-report"/);
  const customer = browserish(c.baseUrl);
  await login(customer, DEMO.customer.email, DEMO.customer.password);
  assert.equal((await customer.get(`/orders/${o.id}/service-report`)).status, 403);
  assert.doesNotMatch((await customer.get(`/orders/${o.id}`)).text, /data-testid="order-reports"/);
});

test('the organizer returns the billing report with a reason, the provider resubmits, the organizer approves with the bonus', async () => {
  const o = await bonusDrive.reach.ended();
  await fileBoth(o, { delivery_confirmed: true, bonus_code: 'employed_6m', bonus_evidence: 'Työsopimus liitteenä.' });
  problem(await c.call('provider', 'POST', `${br(o)}/approve`, { bonus_approved: true }), 403, 'not the provider\'s decision');
  problem(await c.call('admin', 'POST', `${br(o)}/approve`, {}), 422, 'a claimed bonus needs a decision');
  const reason = 'Työsopimuksen alkupäivä puuttuu selvityksestä.';
  let b = ok(await c.call('admin', 'POST', `${br(o)}/return`, { reason }));
  assert.equal(b.status, 'returned');
  assert.equal(b.return_reason, reason);
  assert.equal(b.editable, false, 'the organizer does not edit');
  const m = await mail.waitForMail({ to: DEMO.provider.email, where: (x) => x.subject.includes(`tilaus ${o.id}`) && /palautettu/.test(x.subject) });
  assert.ok(m[0].text.includes(reason), 'the reason is in the mail');
  problem(await c.call('admin', 'POST', `${br(o)}/return`, { reason }), 409, 'returned twice');
  // The provider sees the reason, edits (still returned) and submits again.
  b = ok(await c.call('provider', 'GET', br(o)));
  assert.equal(b.return_reason, reason);
  assert.equal(b.editable, true);
  b = ok(await c.call('provider', 'PUT', br(o), { delivery_confirmed: true, bonus_code: 'employed_6m', bonus_evidence: 'Työsopimus 1.12.2026 alkaen, liitteenä.' }));
  assert.equal(b.status, 'returned');
  b = ok(await c.call('provider', 'POST', `${br(o)}/submit`));
  assert.equal(b.status, 'submitted');
  assert.equal(b.return_reason, null);
  // In the organizer's list, submitted ones come first.
  const list = ok(await c.call('admin', 'GET', '/api/v1/billing-reports?page_size=100'));
  const firstOther = list.items.findIndex((x) => x.status !== 'submitted');
  assert.ok(firstOther === -1 || list.items.slice(firstOther).every((x) => x.status !== 'submitted'), 'submitted first');
  assert.ok(list.items.some((x) => x.order_id === o.id && x.status === 'submitted' && x.bonus_code === 'employed_6m'));
  const onlySubmitted = ok(await c.call('admin', 'GET', '/api/v1/billing-reports?status=submitted'));
  assert.ok(onlySubmitted.items.every((x) => x.status === 'submitted'));
  // Approval with the bonus approved, in the browser.
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const page = await admin.get(`/orders/${o.id}/billing-report`);
  assert.match(page.text, /data-testid="approve-form"/);
  const noDecision = await admin.postForm(`/orders/${o.id}/billing-report/approve`, { csrf_token: csrfFrom(page.text) });
  assert.equal(noDecision.status, 422);
  assert.match(noDecision.text, /data-field-error="bonus_approved"/);
  const done = await admin.postForm(`/orders/${o.id}/billing-report/approve`, { csrf_token: csrfFrom(page.text), bonus_approved: 'yes' });
  assert.equal(done.status, 303);
  b = ok(await c.call('admin', 'GET', br(o)));
  assert.equal(b.status, 'approved');
  assert.equal(b.bonus.status, 'approved');
  assert.ok(b.decided_at);
  problem(await c.call('admin', 'POST', `${br(o)}/approve`, { bonus_approved: false }), 409, 'decided twice');
  assert.equal(ok(await c.call('admin', 'GET', br(o))).bonus.status, 'approved', 'the second decision changed nothing');
  problem(await c.call('provider', 'PUT', br(o), { delivery_confirmed: true }), 409, 'an approved report is final');
  const [[status, decidedBy]] = sql(c.server.dbUrl, `SELECT status, decided_by_user_id FROM billing_reports WHERE order_id = ${o.id}`);
  assert.deepEqual([status, Number(decidedBy)], ['approved', me.admin.id]);
});

test('the manual report step refuses with the missing reports named (API and page); the page has no report button', async () => {
  const o = await drive.reach.ended();
  const p = problem(await c.call('provider', 'POST', `/api/v1/orders/${o.id}/report`), 409);
  assert.equal(p.detail, FI['reports.missing_both']);
  assert.equal(p.title, FI['order.reports_missing']);
  ok(await c.call('provider', 'PUT', br(o), { delivery_confirmed: true }));
  ok(await c.call('provider', 'POST', `${br(o)}/submit`));
  assert.equal(problem(await c.call('provider', 'POST', `/api/v1/orders/${o.id}/report`), 409).detail, FI['reports.missing_service']);
  const provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  const page = await provider.get(`/orders/${o.id}`);
  assert.doesNotMatch(page.text, /action="\/orders\/\d+\/report"/);
  assert.match(page.text, /data-testid="order-reports"/);
  assert.match(page.text, /<tr data-kind="service" data-status="not_started">/);
  assert.match(page.text, /<tr data-kind="billing" data-status="submitted">/);
  const refused = await provider.postForm(`/orders/${o.id}/report`, { csrf_token: csrfFrom(page.text) });
  assert.equal(refused.status, 409);
  assert.ok(refused.text.includes(FI['reports.missing_service']));
  assert.equal((await getOrder(o.id)).status, 'ended');
  // With both reports in (made with SQL, as before issue 6 nothing else could), the step goes through.
  sql(c.server.dbUrl, `INSERT INTO service_reports (order_id, status, due_on, submitted_at, created_at, updated_at) VALUES (${o.id}, 'submitted', '${today()}', '${clock.now().toISOString().slice(0, 19)}Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  assert.equal(ok(await c.call('provider', 'POST', `/api/v1/orders/${o.id}/report`)).status, 'reported');
});

test('an hourly service: realized minutes per meeting, the cap note, at least one meeting to submit', async () => {
  const o = await drive.reach.ended();
  setModel({ kind: 'hourly', rate: 9000, cap: 45000, bonuses: [BONUS] });
  try {
    let b = ok(await c.call('provider', 'GET', br(o)));
    assert.deepEqual([b.price_kind, b.hourly_rate_cents, b.cap_cents, b.over_cap], ['hourly', 9000, 45000, false]);
    const none = problem(await c.call('provider', 'POST', `${br(o)}/submit`), 422);
    assert.ok(none.errors.meetings, 'an hourly report needs meetings');
    // 90 €/h with a 450 € cap pays 300 minutes; 350 are allowed in the report, with the note.
    b = ok(await c.call('provider', 'PUT', br(o), { meetings: [{ date: today(), minutes: 200 }, { date: today(), minutes: 150 }] }));
    assert.deepEqual([b.total_minutes, b.over_cap], [350, true]);
    const provider = browserish(c.baseUrl);
    await login(provider, DEMO.provider.email, DEMO.provider.password);
    assert.match((await provider.get(`/orders/${o.id}/billing-report`)).text, /data-testid="over-cap"/);
    b = ok(await c.call('provider', 'PUT', br(o), { meetings: [{ date: today(), minutes: 200 }, { date: today(), minutes: 100 }] }));
    assert.deepEqual([b.total_minutes, b.over_cap], [300, false]);
    b = ok(await c.call('provider', 'POST', `${br(o)}/submit`));
    assert.equal(b.status, 'submitted');
    assert.deepEqual(b.meetings, [{ date: today(), minutes: 200 }, { date: today(), minutes: 100 }]);
  } finally {
    setModel({ kind: 'fixed', values: [250000, 500000], bonuses: [BONUS] });
  }
});

test('after a credit note the provider corrects the returned billing report; approved again, the next run bills it', async () => {
  await invoiceWorld(c);  // the organizer's address and payment terms, so that the run can bill
  const o = await drive.reach.ended();
  assert.equal((await fileBoth(o)).status, 'reported');
  ok(await c.call('admin', 'POST', `${br(o)}/approve`, {}));
  const run = async () => {
    const r = await c.call('admin', 'POST', '/api/v1/invoice-runs', { month: currentMonth() });
    assert.ok([200, 201].includes(r.status), r.text.slice(0, 400));
    return r.json;
  };
  const invoices = () => sql(c.server.dbUrl, `SELECT id, kind, status FROM invoices WHERE order_id = ${o.id} ORDER BY id`)
    .map(([id, kind, status]) => ({ id: Number(id), kind, status }));
  const ledgerCheck = () => {
    const out = execFileSync(BIN, ['ledger', 'check', '--database', c.server.dbUrl], { encoding: 'utf8' });
    assert.match(out, /: OK\n$/);  // execFileSync throws on a non-zero exit
  };
  await run();
  const [first] = invoices();
  assert.deepEqual([first.kind, first.status], ['invoice', 'sent']);
  ok(await c.call('admin', 'POST', `/api/v1/invoices/${first.id}/approve`));
  assert.equal((await getOrder(o.id)).status, 'invoiced');
  ok(await c.call('admin', 'POST', `/api/v1/invoices/${first.id}/credit`, { reason: 'Toteutuneet tapaamiset korjattava.' }), 201);
  const credited = await getOrder(o.id);
  assert.equal(credited.status, 'invoiced', 'a credit note moves no order step');

  // The returned report is the provider's again: edited (still returned), then submitted.
  let b = ok(await c.call('provider', 'GET', br(o)));
  assert.deepEqual([b.status, b.editable, b.return_reason], ['returned', true, 'Toteutuneet tapaamiset korjattava.']);
  b = ok(await c.call('provider', 'PUT', br(o), { delivery_confirmed: true, meetings: [{ date: today(), minutes: 60 }] }));
  assert.equal(b.status, 'returned');
  b = ok(await c.call('provider', 'POST', `${br(o)}/submit`));
  assert.deepEqual([b.status, b.editable, b.total_minutes], ['submitted', false, 60]);
  const resubmitted = await getOrder(o.id);
  assert.equal(resubmitted.status, 'invoiced');
  assert.equal(resubmitted.events.length, credited.events.length, 'no order step on a resubmission');
  b = ok(await c.call('admin', 'POST', `${br(o)}/approve`, {}));
  assert.equal(b.status, 'approved');

  // The next run bills the corrected report; its approval spends the voucher again.
  await run();
  const rows = invoices();
  assert.deepEqual(rows.map((x) => [x.kind, x.status]), [['invoice', 'credited'], ['credit_note', 'approved'], ['invoice', 'sent']]);
  ok(await c.call('admin', 'POST', `/api/v1/invoices/${rows[2].id}/approve`));
  assert.equal((await getOrder(o.id)).status, 'invoiced');
  ledgerCheck();

  // While an invoice of the order is open (here approved), a returned report stays closed.
  sql(c.server.dbUrl, `UPDATE billing_reports SET status = 'returned' WHERE order_id = ${o.id}`);
  try {
    assert.equal(ok(await c.call('provider', 'GET', br(o))).editable, false);
    assert.equal(problem(await c.call('provider', 'PUT', br(o), { delivery_confirmed: true }), 409).detail, FI['reports.not_editable']);
    problem(await c.call('provider', 'POST', `${br(o)}/submit`), 409, 'nor submitted');
  } finally {
    sql(c.server.dbUrl, `UPDATE billing_reports SET status = 'approved' WHERE order_id = ${o.id}`);
  }
});

// The due dates, overdue flags and reminders below move the test clock forward; they run last.
let overdueOrder;
test('overdue: flagged on the order, the report, the lists; one reminder mail per report even with two runs', async () => {
  overdueOrder = await drive.reach.ended();
  const o = overdueOrder;
  const due = ok(await c.call('provider', 'GET', sr(o))).due_on;
  // On the due day nothing is overdue yet.
  clock.set(new Date(`${due}T10:00:00Z`));
  assert.equal(ok(await c.call('provider', 'GET', sr(o))).overdue, false);
  // Two days after it both reports are.
  clock.set(new Date(new Date(`${due}T10:00:00Z`).getTime() + 2 * DAY));
  assert.equal(ok(await c.call('provider', 'GET', sr(o))).overdue, true);
  assert.equal(ok(await c.call('admin', 'GET', br(o))).overdue, true);
  const provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  const page = await provider.get(`/orders/${o.id}`);
  assert.match(page.text, /data-testid="reports-overdue"/);
  assert.equal((page.text.match(/data-testid="overdue-badge"/g) || []).length, 2);
  const ownList = await provider.get('/orders?status=ended');
  assert.match(ownList.text, new RegExp(`data-order-id="${o.id}">(?:(?!</tr>)[\\s\\S])*data-testid="overdue-badge"`), 'flagged in the provider\'s list');
  const summary = ok(await c.call('provider', 'GET', `/api/v1/providers/${me.provider.provider_id}/summary`));
  assert.deepEqual(summary.reports.pending.filter((x) => x.order_id === o.id).map((x) => [x.kind, x.overdue]), [['service', true], ['billing', true]]);

  const env = { ...process.env, PALVELUTORI_CLOCK_FILE: clock.file };
  // The command's last line is its count (log lines may come before it).
  const run = () => {
    const out = execFileSync(BIN, ['remind-reports', '--database', c.server.dbUrl], { env, encoding: 'utf8' });
    const m = /^reports reminded: (\d+)$/m.exec(out);
    assert.ok(m, out);
    return Number(m[1]);
  };
  assert.ok(await run() >= 2, 'both reports of the order, and any other overdue ones');
  assert.equal(run(), 0, 'the second run finds nothing to remind');
  const subject = (x) => x.subject === `Raportti myöhässä: tilaus ${o.id}`;
  const mails = await mail.waitForMail({ to: DEMO.provider.email, count: 2, where: subject });
  const kinds = mails.map((x) => (x.text.includes('Palveluraportti') ? 'service' : x.text.includes('Laskutusraportti') ? 'billing' : '?')).sort();
  assert.deepEqual(kinds, ['billing', 'service']);
  assert.ok(mails.every((x) => x.text.includes(`/orders/${o.id}/`) && x.text.includes(due)));
  // The server's own job (every minute) would find the same rows claimed: still two mails.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(mail.messages({ to: DEMO.provider.email }).filter(subject).length, 2);
  // The organizer's list shows the (now created) overdue billing report.
  const listed = (await c.all('admin', '/api/v1/billing-reports')).find((x) => x.order_id === o.id);
  assert.deepEqual([listed.status, listed.overdue], ['draft', true]);
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const list = await admin.get('/admin/billing-reports');
  assert.match(list.text, new RegExp(`data-order-id="${o.id}" data-status="draft">(?:(?!</tr>)[\\s\\S])*data-testid="overdue-badge"`));
});

test('timeliness per provider matches the reports as the API gives them', async () => {
  // File the overdue order's reports now: two days late.
  await fileBoth(overdueOrder);
  const t = ok(await c.call('admin', 'GET', '/api/v1/reports/timeliness'));
  assert.equal(t.today, today());
  const row = t.providers.find((x) => x.provider.id === me.provider.provider_id);
  assert.ok(row, 'the provider has a row');
  // The same figures from the orders and their reports, counted here.
  const expected = { due: 0, on_time: 0, late: 0, overdue: 0, days: 0 };
  const orders = (await c.all('admin', '/api/v1/orders')).filter((o) => o.provider.id === me.provider.provider_id && ['ended', 'reported', 'invoiced', 'paid'].includes(o.status));
  for (const o of orders) {
    for (const p of [sr(o), br(o)]) {
      const r = ok(await c.call('admin', 'GET', p));
      if (r.status === 'not_started' && o.status !== 'ended') continue;
      const submitted = r.submitted_at ? finnishDate(r.submitted_at) : null;
      if (!submitted && !(today() > r.due_on)) continue;
      expected.due++;
      if (!submitted) expected.overdue++;
      else if (submitted > r.due_on) { expected.late++; expected.days += (Date.parse(submitted) - Date.parse(r.due_on)) / DAY; } else expected.on_time++;
    }
  }
  assert.deepEqual([row.due, row.on_time, row.late, row.overdue], [expected.due, expected.on_time, expected.late, expected.overdue]);
  assert.ok(row.late >= 2, 'the overdue order\'s two reports came in late');
  assert.equal(row.average_days_late, Math.round((expected.days / expected.late) * 10) / 10);
  assert.equal(row.due, row.on_time + row.late + row.overdue);
  // Only the organizer.
  for (const role of ['provider', 'customer', 'counsellor']) assert.equal((await c.call(role, 'GET', '/api/v1/reports/timeliness')).status, 403, role);
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const page = await admin.get('/admin/reports/timeliness');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`data-provider-id="${me.provider.provider_id}"`));
});
