'use strict';
// Issue 6 through the UI, as people click and type: the provider files the service and billing reports of an
// ended order, the organizer returns and approves billing reports, runs the monthly invoice run, approves,
// disputes and credits invoices and records a payment; the provider follows its receivables; the e-invoice
// downloads. One server for the file; every test makes its own orders (API, setup only) on its own vouchers.
//
// The demo's sales-and-marketing service is made hourly (80 €/h, cap 5 000 €) with one outcome bonus at the
// start, so the billing report lists hours per meeting and a bonus can be claimed. Dates are relative to the
// real Finnish today (a meeting may not be before the order's start, which is today).
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { afterEach } = require('node:test');
const { setupBrowserSuite, browserTest, demoData, loginAs, submitForm, text, norm, api, DEMO, REPO } = require('./helpers');

const env = setupBrowserSuite();

// `palvelutori ledger check` after each test: every UI step above keeps the voucher ledger consistent.
afterEach(() => {
  const bin = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');
  const r = spawnSync(bin, ['ledger', 'check', '--database', env.server.dbUrl], { cwd: REPO, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `ledger check:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /: OK\n?$/);
});

const RATE = 8000;       // cents per hour
const CAP = 500000;
const BONUS = { code: 'plan_in_use', amount: 40000, evidence: 'Asiakas on ottanut suunnitelman käyttöön: kuvaus käyttöönotosta.' };
const VAT_BP = 2550;     // the demo's sales-and-marketing VAT rate
const CONTRACT = /^TS-\d{4}-\d{6}$/;

const helsinkiDay = (d) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(d);
const TODAY = () => helsinkiDay(new Date());
const TOMORROW = () => helsinkiDay(new Date(Date.now() + 36 * 3600 * 1000));
const MONTH = () => TODAY().slice(0, 7);

// "2 500,00 €", "−251,00 €" → cents.
function cents(s) {
  const t = norm(s).replace(/\u2212/g, '-').replace(/[^0-9,+-]/g, '').replace(',', '.');
  assert.match(t, /^[+-]?\d+(\.\d{2})?$/, `an amount: "${s}"`);
  return Math.round(Number(t) * 100);
}
// What an invoice of these meetings (and the bonus, when approved) must come to: one line per meeting, its
// quantity in hours to three decimals (50 min = 0,833 h) × rate, each line rounded to cents; VAT on the total.
function expectedInvoice(minutes, bonus = 0) {
  const service = minutes.reduce((a, m) => a + Math.round((Math.round((m * 1000) / 60) * RATE) / 1000), 0);
  const net = Math.min(service, CAP) + bonus;
  const vat = Math.round((net * VAT_BP) / 10000);
  return { service: Math.min(service, CAP), net, vat, gross: net + vat };
}

let data;
async function load() {
  if (data) return data;
  data = await demoData(env.baseUrl);
  const own = data.cards.filter((c) => c.provider.id === data.provider.provider_id && c.price_cents === 250000
    && c.service_description.code === 'sales-marketing');
  assert.ok(own.length >= 1, 'the demo provider has a 2 500 € sales-and-marketing card');
  data.card = own[0];
  const sd = data.card.service_description.id;
  const r = await api(env.baseUrl, 'PUT', `/api/v1/service-descriptions/${sd}`, {
    token: data.tokens.admin,
    body: { price_model: { kind: 'hourly', rate: RATE, cap: CAP, bonuses: [BONUS] } },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.vat_rate_bp, VAT_BP, 'VAT rate of the service');
  const all = (await api(env.baseUrl, 'GET', '/api/v1/vouchers?page_size=100', { token: data.tokens.counsellor })).json.items;
  data.voucherOf = (name) => {
    const v = all.find((x) => x.customer.name === name && x.status === 'active');
    assert.ok(v, `${name} has an active voucher`);
    return v;
  };
  return data;
}

async function must(token, method, p, body, status = 200) {
  const r = await api(env.baseUrl, method, p, { token, body });
  assert.equal(r.status, status, `${method} ${p}: ${r.text.slice(0, 300)}`);
  return r.json;
}

// Setup only: an order placed with `voucher` by `who`, accepted, started and ended by the demo provider.
async function endedOrder(who, voucherId) {
  const { tokens, card } = await load();
  const o = await must(tokens[who], 'POST', '/api/v1/orders', { product_card_id: card.id, voucher_id: voucherId }, 201);
  await must(tokens.provider, 'POST', `/api/v1/orders/${o.id}/accept`);
  for (const step of ['start', 'end']) await must(tokens.provider, 'POST', `/api/v1/orders/${o.id}/${step}`);
  return o.id;
}

// Setup only: both reports filed through the API; the billing report lists these meeting minutes (and the bonus).
async function filedReports(orderId, minutes, { bonus = false } = {}) {
  const { tokens } = await load();
  const day = TODAY();
  const base = `/api/v1/orders/${orderId}`;
  await must(tokens.provider, 'PUT', `${base}/service-report`, {
    starting_situation: 'Lähtötilanne', goal: 'Tavoite', meetings: minutes.map((m) => ({ date: day, minutes: m, actions: 'Tapaaminen' })),
    concrete_actions: 'Toimenpiteet', employment_findings: 'Havainnot', follow_up_plan: 'Jatko', follow_up_schedule: 'Kuukauden päästä',
  });
  await must(tokens.provider, 'POST', `${base}/service-report/submit`);
  await must(tokens.provider, 'PUT', `${base}/billing-report`, {
    meetings: minutes.map((m) => ({ date: day, minutes: m })),
    ...(bonus ? { bonus_code: BONUS.code, bonus_evidence: 'Suunnitelma on käytössä, ks. liite.' } : {}),
  });
  await must(tokens.provider, 'POST', `${base}/billing-report/submit`);
}

async function contractOf(orderId) {
  const o = await must(data.tokens.admin, 'GET', `/api/v1/orders/${orderId}`);
  assert.match(o.contract_number || '', CONTRACT);
  return o.contract_number;
}

const status = (page) => text(page.locator('[data-testid=order-status]'));

// The provider opens an order from the order list and follows its report link in the reports panel.
async function providerOpensReport(page, orderId, kind) {
  await Promise.all([page.waitForURL('**/orders'), page.click('nav a[href="/orders"]')]);
  await Promise.all([page.waitForURL(`**/orders/${orderId}`), page.click(`tr.order-row[data-order-id="${orderId}"] a`)]);
  const link = page.locator(`[data-testid=order-reports] tr[data-kind=${kind}] a`);
  await Promise.all([page.waitForURL(`**/orders/${orderId}/${kind}-report`), link.click()]);
}

// The organizer finds a billing report on /admin/billing-reports (filtered by status) and opens it.
async function organizerOpensBilling(page, orderId, statusCode) {
  await Promise.all([page.waitForURL('**/admin/billing-reports'), page.click('nav a[href="/admin/billing-reports"]')]);
  await page.selectOption('select#status', statusCode);
  await Promise.all([page.waitForURL(new RegExp(`status=${statusCode}`)), page.click('form.filters button[type=submit]')]);
  const row = page.locator(`tr.billing-row[data-order-id="${orderId}"]`);
  assert.equal(await row.count(), 1, `order ${orderId} among the ${statusCode} billing reports`);
  for (const s of await page.locator('tr.billing-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.status))) assert.equal(s, statusCode);
  await Promise.all([page.waitForURL(`**/orders/${orderId}/billing-report`), row.locator(`a[href="/orders/${orderId}/billing-report"]`).click()]);
}

const fieldError = (page, field) => page.locator(`[data-field-error="${field}"]`);
// The message sits inside the same field wrapper as its input.
async function besideField(page, field, inputSelector) {
  const err = fieldError(page, field);
  assert.equal(await err.count(), 1, `one message for ${field}`);
  assert.equal(await err.evaluate((el, sel) => !!el.parentElement?.querySelector(sel), inputSelector), true, `${field}: message beside ${inputSelector}`);
  return text(err);
}

browserTest(env, 'the provider drafts, completes and submits the service report, then files the billing report with a bonus claim', async ({ newPage }) => {
  const { card, activeVoucher } = await load();
  // The customer orders through the card page; the provider accepts, starts and ends through the API (setup).
  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  await customer.goto(`/catalog/${card.id}`);
  await customer.selectOption('select#voucher_id', String(activeVoucher.id));
  assert.equal(await submitForm(customer, 'form[action="/orders"]'), 303);
  const orderId = Number(new URL(customer.url()).pathname.split('/')[2]);
  assert.ok(orderId > 0, customer.url());
  const { tokens } = data;
  await must(tokens.provider, 'POST', `/api/v1/orders/${orderId}/accept`);
  for (const step of ['start', 'end']) await must(tokens.provider, 'POST', `/api/v1/orders/${orderId}/${step}`);

  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  await providerOpensReport(provider, orderId, 'service');
  assert.equal(await provider.getAttribute('[data-testid=report-status]', 'data-status'), 'not_started');
  // A draft may be partial: the starting situation, the goal and one meeting.
  const today = TODAY();
  await provider.fill('#starting_situation', 'Kahvilan myynti on laskenut.');
  await provider.fill('#goal', 'Myyntisuunnitelma puoleksi vuodeksi.');
  await provider.fill('#meeting-date-0', today);
  await provider.fill('#meeting-minutes-0', '90');
  await provider.fill('#meeting-actions-0', 'Nykytilan kartoitus.');
  assert.equal(await submitForm(provider, 'form.report-form', 'button[value=save]'), 303);
  assert.match(provider.url(), /\/service-report\?saved=1$/);
  assert.equal(await text(provider.locator('[data-testid=report-status]')), 'Luonnos');

  // Comes back later from the order page: the draft is there; adds a meeting (on a future day by mistake) and submits
  // without the concrete actions.
  await providerOpensReport(provider, orderId, 'service');
  assert.equal(await provider.inputValue('#starting_situation'), 'Kahvilan myynti on laskenut.');
  assert.equal(await provider.inputValue('#meeting-date-0'), today);
  assert.equal(await provider.inputValue('#meeting-minutes-0'), '90');
  const tomorrow = TOMORROW();
  await provider.fill('#meeting-date-1', tomorrow);
  await provider.fill('#meeting-minutes-1', '60');
  await provider.fill('#meeting-actions-1', 'Suunnitelman laatiminen.');
  await provider.fill('#employment_findings', 'Osa-aikainen myyjä palkataan.');
  await provider.fill('#follow_up_plan', 'Kampanja käynnistetään.');
  await provider.fill('#follow_up_schedule', 'Kolmen kuukauden päästä.');
  assert.equal(await submitForm(provider, 'form.report-form', 'button[value=submit]'), 422);
  assert.equal(await text(provider.locator('[role=alert]')), 'Tarkista lomakkeen tiedot.');
  assert.equal(await besideField(provider, 'meetings.1.date', '#meeting-date-1'), 'Päivämäärä ei voi olla tulevaisuudessa.');
  assert.equal(await besideField(provider, 'concrete_actions', '#concrete_actions'), 'Pakollinen tieto puuttuu.');
  assert.equal(await provider.locator('[data-field-error]').count(), 2, 'only those two are flagged');
  assert.equal(await provider.inputValue('#meeting-date-1'), tomorrow, 'the bad date is kept');
  assert.equal(await provider.inputValue('#meeting-minutes-1'), '60');
  assert.equal(await provider.inputValue('#meeting-actions-1'), 'Suunnitelman laatiminen.');
  assert.equal(await provider.inputValue('#follow_up_plan'), 'Kampanja käynnistetään.');
  assert.equal(await provider.inputValue('#goal'), 'Myyntisuunnitelma puoleksi vuodeksi.');
  assert.equal(await text(provider.locator('[data-testid=report-status]')), 'Luonnos', 'nothing submitted');

  await provider.fill('#meeting-date-1', today);
  await provider.fill('#concrete_actions', 'Asiakasryhmät määritelty.');
  assert.equal(await submitForm(provider, 'form.report-form', 'button[value=submit]'), 303);
  assert.match(provider.url(), /\/service-report\?submitted=1$/);
  assert.equal(await text(provider.locator('[data-testid=report-status]')), 'Lähetetty');
  assert.equal(await provider.locator('form.report-form').count(), 0, 'a submitted report is read only');
  assert.equal(await provider.locator('[data-testid=meetings] tbody tr').count(), 2);
  assert.equal(await text(provider.locator('[data-testid=total-minutes]')), '150');
  assert.equal(await text(provider.locator('[data-testid=report-concrete_actions]')), 'Asiakasryhmät määritelty.');
  await provider.click(`a[href="/orders/${orderId}"]`);
  assert.equal(await status(provider), 'päättynyt', 'the billing report is still missing');

  // The billing report: hours per meeting, a bonus claim without its evidence first.
  await providerOpensReport(provider, orderId, 'billing');
  assert.match(await text(provider.locator('main')), /Tuntihinta ?80,00 € ?Enimmäissumma ?5 000,00 €/);
  await provider.fill('#meeting-date-0', today);
  await provider.fill('#meeting-minutes-0', '90');
  await provider.fill('#meeting-date-1', today);
  await provider.fill('#meeting-minutes-1', '60');
  await provider.selectOption('#bonus_code', BONUS.code);
  assert.equal(await submitForm(provider, 'form.report-form', 'button[value=submit]'), 422);
  assert.equal(await besideField(provider, 'bonus_evidence', '#bonus_evidence'), 'Pakollinen tieto puuttuu.');
  assert.equal(await provider.inputValue('#bonus_code'), BONUS.code, 'the claim is kept');
  assert.equal(await provider.inputValue('#meeting-minutes-1'), '60', 'the hours are kept');
  const evidence = 'Suunnitelma otettiin käyttöön 1.12.; käyttöönoton kuvaus liitteenä.';
  await provider.fill('#bonus_evidence', evidence);
  assert.equal(await submitForm(provider, 'form.report-form', 'button[value=submit]'), 303);
  assert.equal(await text(provider.locator('[data-testid=report-status]')), 'Lähetetty');
  assert.equal(await text(provider.locator('[data-testid=total-minutes]')), '150');
  assert.equal(await text(provider.locator('[data-testid=bonus-evidence]')), evidence);
  assert.match(await text(provider.locator('[data-testid=bonus-status]')), new RegExp(`${BONUS.code} 400,00 €: Haettu`));

  await provider.click(`a[href="/orders/${orderId}"]`);
  assert.equal(await status(provider), 'raportoitu', 'both reports in');
  const rows = await provider.locator('[data-testid=order-reports] tr[data-kind]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.kind, tr.dataset.status]));
  assert.deepEqual(rows, [['service', 'submitted'], ['billing', 'submitted']]);
  await customer.goto(`/orders/${orderId}`);
  assert.equal(await status(customer), 'raportoitu');
  assert.equal(await customer.locator('[data-testid=order-reports]').count(), 0, 'the customer sees no report panel');
});

browserTest(env, 'the organizer returns a billing report with a reason; the provider corrects it; the organizer approves it and its bonus', async ({ newPage }) => {
  await load();
  const voucher = data.voucherOf('Puusepänverstas Lastu Oy');
  const orderId = await endedOrder('counsellor', voucher.id);
  await filedReports(orderId, [60, 45], { bonus: true });

  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await organizerOpensBilling(admin, orderId, 'submitted');
  assert.equal(await text(admin.locator('[data-testid=total-minutes]')), '105');
  // A too short reason is refused beside the field; nothing changes.
  await admin.fill('#reason', 'ei');
  assert.equal(await submitForm(admin, '[data-testid=return-form]'), 422);
  assert.equal(await besideField(admin, 'reason', '#reason'), 'Teksti on liian lyhyt.');
  assert.equal(await admin.getAttribute('[data-testid=report-status]', 'data-status'), 'submitted');
  const reason = 'Toinen tapaaminen kesti kalenterin mukaan 30 minuuttia, ei 45.';
  await admin.fill('#reason', reason);
  assert.equal(await submitForm(admin, '[data-testid=return-form]'), 303);
  assert.equal(await text(admin.locator('[data-testid=report-status]')), 'Palautettu korjattavaksi');
  assert.equal(await admin.locator('[data-testid=approve-form]').count(), 0, 'nothing to decide while returned');

  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  await providerOpensReport(provider, orderId, 'billing');
  assert.equal(await text(provider.locator('[data-testid=return-reason]')), reason);
  assert.equal(await provider.inputValue('#meeting-minutes-1'), '45', 'the returned report is editable with its content');
  await provider.fill('#meeting-minutes-1', '30');
  assert.equal(await submitForm(provider, 'form.report-form', 'button[value=submit]'), 303);
  assert.equal(await text(provider.locator('[data-testid=report-status]')), 'Lähetetty');
  assert.equal(await text(provider.locator('[data-testid=total-minutes]')), '90');

  // The organizer approves; the bonus needs a decision of its own.
  await organizerOpensBilling(admin, orderId, 'submitted');
  assert.equal(await text(admin.locator('[data-testid=total-minutes]')), '90');
  assert.equal(await submitForm(admin, '[data-testid=approve-form]'), 422);
  assert.equal(await text(admin.locator('[data-testid=approve-form] [data-field-error=bonus_approved]')), 'Päätä samalla, hyväksytäänkö haettu bonus.');
  assert.equal(await admin.getAttribute('[data-testid=report-status]', 'data-status'), 'submitted');
  await admin.check('[data-testid=approve-form] input[name=bonus_approved][value=yes]');
  assert.equal(await submitForm(admin, '[data-testid=approve-form]'), 303);
  assert.equal(await text(admin.locator('[data-testid=report-status]')), 'Hyväksytty');
  assert.match(await text(admin.locator('[data-testid=bonus-status]')), /: Hyväksytty$/);

  await provider.reload();
  assert.equal(await text(provider.locator('[data-testid=report-status]')), 'Hyväksytty');
  assert.equal(await provider.locator('form.report-form').count(), 0, 'an approved report is read only');
  assert.match(await text(provider.locator('[data-testid=bonus-status]')), /: Hyväksytty$/);
});

// An invoice's row on a list page, by its contract number.
async function invoiceRow(page, contract) {
  const rows = page.locator('tr.invoice-row', { has: page.locator('td', { hasText: contract }) });
  const all = await rows.evaluateAll((trs) => trs.map((tr) => ({
    id: Number(tr.dataset.invoiceId),
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim()),
  })));
  return all;
}

async function providerSums(page) {
  await Promise.all([page.waitForURL('**/provider/invoices'), page.click('nav a[href="/provider/invoices"]')]);
  const rows = await page.locator('[data-testid=invoice-sums] tbody tr').evaluateAll((trs) => trs.map((tr) => [
    tr.dataset.status, Number(tr.querySelector('.sum-count').textContent.trim()), tr.querySelector('.sum-gross').textContent]));
  return Object.fromEntries(rows.map(([s, count, gross]) => [s, { count, gross: cents(gross) }]));
}

browserTest(env, 'invoice run for the month; the organizer disputes one invoice, approves, credits and records a payment for others', async ({ newPage }) => {
  const { activeVoucher } = await load();
  // Three ended orders with approved billing reports (setup): one to dispute, one to approve and credit, one to pay.
  const plan = [
    { name: 'dispute', who: 'counsellor', voucher: data.voucherOf('Rakennus Kivijalka Oy').id, minutes: [60, 30] },
    { name: 'credit', who: 'customer', voucher: activeVoucher.id, minutes: [120, 45, 50] },
    { name: 'pay', who: 'counsellor', voucher: data.voucherOf('Hyvinvointistudio Helmi Oy').id, minutes: [75], bonus: true },
  ];
  for (const p of plan) {
    p.orderId = await endedOrder(p.who, p.voucher);
    await filedReports(p.orderId, p.minutes, { bonus: !!p.bonus });
    await must(data.tokens.admin, 'POST', `/api/v1/orders/${p.orderId}/billing-report/approve`, p.bonus ? { bonus_approved: true } : {});
    p.contract = await contractOf(p.orderId);
    p.expected = expectedInvoice(p.minutes, p.bonus ? BONUS.amount : 0);
  }
  const [disputed, credited, paid] = plan;

  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  const sumsBefore = await providerSums(provider);

  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await Promise.all([admin.waitForURL('**/admin/invoices'), admin.click('nav a[href="/admin/invoices"]')]);
  // The form proposes last month; approved today, these reports belong to this month's run.
  const lastMonth = await admin.inputValue('#run-month');
  assert.match(lastMonth, /^\d{4}-\d{2}$/);
  assert.ok(lastMonth < MONTH(), `${lastMonth} is before ${MONTH()}`);
  assert.equal(await submitForm(admin, '[data-testid=invoice-run-form]'), 303);
  // The list then shows the month the run issued its invoices in (today's), where they would be.
  assert.match(admin.url(), new RegExp(`month=${MONTH()}&created=0$`));
  for (const p of plan) assert.deepEqual(await invoiceRow(admin, p.contract), [], `${p.name}: not in last month's run`);

  // A month in the future is refused beside the field.
  const [y, m] = MONTH().split('-').map(Number);
  const future = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  await admin.fill('#run-month', future);
  assert.equal(await submitForm(admin, '[data-testid=invoice-run-form]'), 422);
  assert.ok(await text(fieldError(admin, 'month')), 'a message beside the month');
  assert.equal(await admin.inputValue('#run-month'), future, 'the month is kept');

  await admin.fill('#run-month', MONTH());
  assert.equal(await submitForm(admin, '[data-testid=invoice-run-form]'), 303);
  const created = Number(new URL(admin.url()).searchParams.get('created'));
  assert.ok(created >= plan.length, `the run created ${created} invoices`);
  assert.equal(await admin.inputValue('#month'), MONTH(), 'the list shows the run month');
  for (const p of plan) {
    const rows = await invoiceRow(admin, p.contract);
    assert.equal(rows.length, 1, `${p.name}: one invoice for ${p.contract}`);
    p.invoiceId = rows[0].id;
    assert.equal(rows[0].cells[1], 'Lasku');
    assert.equal(rows[0].cells[3], 'Markkinointipaja Oy');
    assert.equal(cents(rows[0].cells[6]), p.expected.gross, `${p.name}: gross ${rows[0].cells[6]}`);
    assert.equal(rows[0].cells[7], 'Lähetetty');
  }

  // The invoice page: contract number, reference, lines and totals.
  const openInvoice = async (p) => {
    await Promise.all([admin.waitForURL('**/admin/invoices'), admin.click('nav a[href="/admin/invoices"]')]);
    await Promise.all([admin.waitForURL(`**/invoices/${p.invoiceId}`), admin.click(`tr.invoice-row[data-invoice-id="${p.invoiceId}"] a`)]);
  };
  await openInvoice(disputed);
  assert.equal(await text(admin.locator('[data-testid=contract-number]')), disputed.contract);
  assert.equal(await text(admin.locator('[data-testid=buyer-reference]')), 'Dynaaminen pienhankinta / Myynnin ja markkinoinnin kehittäminen');
  assert.match(await text(admin.locator('[data-testid=reference-number]')), /^(\d{1,5} ?)+$|^RF\d{2}/);
  assert.equal(await admin.locator('tr.invoice-line').count(), disputed.minutes.length, 'one line per meeting');
  assert.equal(cents(await text(admin.locator('[data-testid=net-total]'))), disputed.expected.net);
  assert.equal(cents(await text(admin.locator('[data-testid=vat-total]'))), disputed.expected.vat);
  assert.equal(cents(await text(admin.locator('[data-testid=gross-total]'))), disputed.expected.gross);

  // Dispute: a too short reason first.
  const disputeForm = `form[action="/invoices/${disputed.invoiceId}/dispute"]`;
  await admin.fill('#dispute-reason', 'x');
  assert.equal(await submitForm(admin, disputeForm), 422);
  assert.equal(await besideField(admin, 'reason', '#dispute-reason'), 'Syyn on oltava vähintään 3 merkkiä.');
  assert.equal(await admin.inputValue('#dispute-reason'), 'x');
  assert.equal(await text(admin.locator('[data-testid=invoice-status]')), 'Lähetetty');
  const disputeReason = 'Laskulla on tapaaminen, jota asiakas ei tunnista.';
  await admin.fill('#dispute-reason', disputeReason);
  assert.equal(await submitForm(admin, disputeForm), 303);
  assert.equal(await text(admin.locator('[data-testid=invoice-status]')), 'Riitautettu');
  assert.equal(await text(admin.locator('[data-testid=dispute-reason]')), disputeReason);
  assert.equal(await admin.locator(`form[action="/invoices/${disputed.invoiceId}/approve"]`).count(), 0, 'decided');

  // Approve the second: the voucher pays the service; the customer sees the spend in its voucher's history.
  await openInvoice(credited);
  assert.equal(await submitForm(admin, `form[action="/invoices/${credited.invoiceId}/approve"]`), 303);
  assert.equal(await text(admin.locator('[data-testid=invoice-status]')), 'Hyväksytty');
  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  await customer.goto(`/vouchers/${activeVoucher.id}`);
  const ledger = await customer.locator('tr.ledger-row').evaluateAll((trs) => trs.map((tr) => ({
    kind: tr.dataset.kind, order: tr.querySelector('a[href^="/orders/"]')?.getAttribute('href') || null,
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim()),
  })));
  const mine = ledger.filter((r) => r.order === `/orders/${credited.orderId}`);
  assert.deepEqual(mine.map((r) => r.kind), ['reserve', 'spend', 'release'], JSON.stringify(mine));
  const spend = mine[1].cells.map((c) => /€/.test(c) ? Math.abs(cents(c)) : null).find((c) => c !== null);
  assert.equal(spend, credited.expected.service, 'the voucher paid the service net');
  await customer.goto(`/orders/${credited.orderId}`);
  assert.equal(await status(customer), 'laskutettu');

  // Credit it with a reason: a credit note that points back at it.
  await openInvoice(credited);
  const creditForm = `form[action="/invoices/${credited.invoiceId}/credit"]`;
  await admin.fill('#credit-reason', 'Yksi tapaaminen laskutettiin kahdesti; hyvitetään koko lasku.');
  assert.equal(await submitForm(admin, creditForm), 303);
  const noteId = Number(new URL(admin.url()).pathname.split('/')[2]);
  assert.notEqual(noteId, credited.invoiceId);
  assert.match(await text(admin.locator('h1')), /^Hyvityslasku \d{4}-\d{6}$/);
  assert.equal(await text(admin.locator('[data-testid=contract-number]')), credited.contract);
  assert.equal(Math.abs(cents(await text(admin.locator('[data-testid=gross-total]')))), credited.expected.gross);
  await Promise.all([admin.waitForURL(`**/invoices/${credited.invoiceId}`), admin.click(`main a[href="/invoices/${credited.invoiceId}"]`)]);
  assert.equal(await text(admin.locator('[data-testid=invoice-status]')), 'Hyvitetty');
  assert.equal(await admin.locator(creditForm).count(), 0, 'credited once');

  // The third (with its approved bonus on a line of its own): approved, then paid in full on its payments page.
  await openInvoice(paid);
  const lines = await admin.locator('tr.invoice-line').evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent.trim()));
  assert.deepEqual(lines.map((l) => l.replace(/ \d.*$/, '')), ['Tapaaminen', `Tulosbonus: ${BONUS.code}`]);
  assert.equal(cents(await text(admin.locator('[data-testid=net-total]'))), paid.expected.net);
  assert.equal(await submitForm(admin, `form[action="/invoices/${paid.invoiceId}/approve"]`), 303);
  await Promise.all([admin.waitForURL(`**/admin/invoices/${paid.invoiceId}/payments`), admin.click('[data-testid=payments-link]')]);
  assert.equal(cents(await text(admin.locator('[data-testid=open]'))), paid.expected.gross);
  assert.equal(await admin.inputValue('#paid_on'), TODAY(), 'today proposed');
  const payForm = `form[action="/admin/invoices/${paid.invoiceId}/payments"]`;
  await admin.fill('#amount', 'paljon');
  await admin.fill('#reference', 'Tiliote 12/1');
  assert.equal(await submitForm(admin, payForm), 422);
  assert.ok(await besideField(admin, 'amount', '#amount'), 'a message beside the amount');
  assert.equal(await admin.inputValue('#amount'), 'paljon');
  assert.equal(await admin.inputValue('#reference'), 'Tiliote 12/1');
  await admin.fill('#amount', (paid.expected.gross / 100).toFixed(2).replace('.', ','));
  assert.equal(await submitForm(admin, payForm), 303);
  assert.equal(await text(admin.locator('[role=status]')), 'Maksu kirjattu.');
  assert.equal(await admin.getAttribute('[data-testid=invoice-status]', 'data-status'), 'paid');
  assert.equal(cents(await text(admin.locator('[data-testid=open]'))), 0);
  await Promise.all([admin.waitForURL('**/admin/payments'), admin.click('nav a[href="/admin/payments"]')]);
  const payment = admin.locator('tr.payment-row', { has: admin.locator(`a[href="/invoices/${paid.invoiceId}"], a[href="/admin/invoices/${paid.invoiceId}/payments"]`) });
  assert.equal(await payment.count(), 1, 'the payment is listed');
  assert.equal(cents(await text(payment.locator('.amount'))), paid.expected.gross);
  await admin.goto(`/orders/${paid.orderId}`);
  assert.equal(await status(admin), 'maksettu');

  // The provider: the dispute reason, its billing report back for correction, and the receivables per status.
  const sums = await providerSums(provider);
  assert.equal(sums.disputed.count, sumsBefore.disputed.count + 1);
  assert.equal(sums.disputed.gross, sumsBefore.disputed.gross + disputed.expected.gross);
  assert.equal(sums.paid.count, sumsBefore.paid.count + 1);
  assert.equal(sums.paid.gross, sumsBefore.paid.gross + paid.expected.gross);
  assert.equal(sums.credited.count, sumsBefore.credited.count + 1);
  for (const [p, s] of [[disputed, 'Riitautettu'], [credited, 'Hyvitetty'], [paid, 'Maksettu']]) {
    const rows = (await invoiceRow(provider, p.contract)).filter((r) => r.cells[1] === 'Lasku');
    assert.equal(rows.length, 1, `${p.name} on /provider/invoices`);
    assert.equal(rows[0].cells[7], s, `${p.name}: ${rows[0].cells.join(' | ')}`);
  }
  assert.equal((await invoiceRow(provider, credited.contract)).filter((r) => r.cells[1] === 'Hyvityslasku').length, 1, 'the credit note is listed');
  await Promise.all([provider.waitForURL(`**/invoices/${disputed.invoiceId}`), provider.click(`tr.invoice-row[data-invoice-id="${disputed.invoiceId}"] a`)]);
  assert.equal(await text(provider.locator('[data-testid=dispute-reason]')), disputeReason);
  assert.equal(await provider.locator('form[action^="/invoices/"]').count(), 0, 'the provider decides nothing');
  await providerOpensReport(provider, disputed.orderId, 'billing');
  assert.equal(await provider.getAttribute('[data-testid=report-status]', 'data-status'), 'returned');
  assert.equal(await text(provider.locator('[data-testid=return-reason]')), disputeReason);
  assert.equal(await provider.locator('form.report-form').count(), 1, 'the provider may correct it');
});

browserTest(env, 'the e-invoice downloads of an invoice and a credit note answer XML to the organizer and the provider', async ({ newPage }) => {
  await load();
  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  // The demo's invoices: one paid, one credited with its credit note.
  await Promise.all([provider.waitForURL('**/provider/invoices'), provider.click('nav a[href="/provider/invoices"]')]);
  const ids = await provider.locator('tr.invoice-row').evaluateAll((trs) => trs.map((tr) => ({
    id: Number(tr.dataset.invoiceId), number: tr.querySelector('a').textContent.trim(), kind: tr.children[1].textContent.trim() })));
  const invoice = ids.find((x) => x.kind === 'Lasku');
  const note = ids.find((x) => x.kind === 'Hyvityslasku');
  assert.ok(invoice && note, JSON.stringify(ids));
  for (const [who, page] of [['organizer', admin], ['provider', provider]]) {
    for (const doc of [invoice, note]) {
      await page.goto(`/invoices/${doc.id}`);
      const links = page.locator('.einvoice-downloads a');
      assert.equal(await links.count(), 2);
      for (const [fmt, root] of [['ubl', doc === note ? /<(\w+:)?CreditNote\b/ : /<(\w+:)?Invoice\b/], ['finvoice', /<Finvoice\b/]]) {
        const href = await page.locator(`.einvoice-downloads a[href$="/${fmt}.xml"]`).getAttribute('href');
        assert.equal(href, `/invoices/${doc.id}/${fmt}.xml`);
        // The link is a download: the browser saves the file.
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(`.einvoice-downloads a[href="${href}"]`)]);
        assert.match(download.suggestedFilename(), /\.xml$/, `${who} ${fmt}: ${download.suggestedFilename()}`);
        const res = await page.request.get(href);
        assert.equal(res.status(), 200, `${who} ${href}`);
        assert.match(res.headers()['content-type'], /^application\/xml\b/, `${who} ${href}`);
        const body = await res.text();
        assert.match(body, /^<\?xml /);
        assert.match(body, root, `${who} ${href}: root element`);
        assert.ok(body.includes(doc.number), `${who} ${href} carries the number ${doc.number}`);
      }
    }
  }
  // Someone else's invoice is not there for the customer.
  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  const res = await customer.request.get(`/invoices/${invoice.id}/ubl.xml`);
  assert.ok([403, 404].includes(res.status()), `customer → ${res.status()}`);
});
