'use strict';
// axe-core on the main pages: no serious or critical violations. The CSP allows only 'self' scripts, so these
// contexts (and only these) bypass CSP to inject axe.
const assert = require('node:assert/strict');
const path = require('node:path');
const { setupBrowserSuite, browserTest, demoData, loginAs, api, DEMO, REPO } = require('./helpers');

const env = setupBrowserSuite();
const AXE = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');
let data; let orderId;

async function setup() {
  if (data) return;
  data = await demoData(env.baseUrl);
  const calls = await api(env.baseUrl, 'GET', '/api/v1/calls');
  assert.equal(calls.status, 200, calls.text);
  data.callId = calls.json.items[0].id;
  const card = data.cards.find((c) => c.price_cents === 250000 && c.provider.id === data.provider.provider_id);
  const r = await api(env.baseUrl, 'POST', '/api/v1/orders',
    { token: data.tokens.customer, body: { product_card_id: card.id, voucher_id: data.activeVoucher.id } });
  assert.equal(r.status, 201, r.text);
  orderId = r.json.id;
  // Issue 5: the demo programme, an application to it (the organizer's decision page), the order accepted
  // (a time line with two steps and a contract number).
  const programmes = await api(env.baseUrl, 'GET', '/api/v1/programmes');
  assert.equal(programmes.status, 200, programmes.text);
  const growth = programmes.json.items.find((p) => p.name === 'Kasvuseteli 2026');
  assert.ok(growth && growth.de_minimis && growth.fiscal_year_start_month === 1, JSON.stringify(growth));
  data.programmeId = growth.id;
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date()));
  const applied = await api(env.baseUrl, 'POST', '/api/v1/voucher-applications', {
    token: data.tokens.customer,
    body: { programme_id: growth.id, requested_cents: 250000, purpose: 'Verkkokauppa',
      de_minimis_declaration: [0, 1, 2].map((i) => ({ fiscal_year: year - i, amount_cents: 0 })) },
  });
  assert.equal(applied.status, 201, applied.text);
  data.voucherApplicationId = applied.json.id;
  const accepted = await api(env.baseUrl, 'POST', `/api/v1/orders/${orderId}/accept`, { token: data.tokens.provider });
  assert.equal(accepted.status, 200, accepted.text);
  await setupIssue6(card);
}

// Issue 6: an ended order with no reports yet (the provider's report forms), an ended order of another customer
// with both reports submitted (the organizer's decision forms), and the demo's invoiced orders (read views).
async function setupIssue6(card) {
  const must = async (token, method, p, body, status = 200) => {
    const r = await api(env.baseUrl, method, p, { token, body });
    assert.equal(r.status, status, `${method} ${p}: ${r.text.slice(0, 300)}`);
    return r.json;
  };
  const ended = async (token, voucherId) => {
    const o = await must(token, 'POST', '/api/v1/orders', { product_card_id: card.id, voucher_id: voucherId }, 201);
    for (const step of ['accept', 'start', 'end']) await must(data.tokens.provider, 'POST', `/api/v1/orders/${o.id}/${step}`);
    return o.id;
  };
  data.endedOrderId = await ended(data.tokens.customer, data.activeVoucher.id);
  const vouchers = (await api(env.baseUrl, 'GET', '/api/v1/vouchers?page_size=100', { token: data.tokens.counsellor })).json.items;
  const other = vouchers.find((v) => v.customer.name === 'Puusepänverstas Lastu Oy' && v.status === 'active');
  assert.ok(other, 'a voucher of another demo customer');
  data.submittedOrderId = await ended(data.tokens.counsellor, other.id);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
  const base = `/api/v1/orders/${data.submittedOrderId}`;
  await must(data.tokens.provider, 'PUT', `${base}/service-report`, {
    starting_situation: 'Lähtötilanne', goal: 'Tavoite', meetings: [{ date: day, minutes: 60, actions: 'Tapaaminen' }],
    concrete_actions: 'Toimenpiteet', employment_findings: 'Havainnot', follow_up_plan: 'Jatko', follow_up_schedule: 'Kuukauden päästä',
  });
  await must(data.tokens.provider, 'POST', `${base}/service-report/submit`);
  await must(data.tokens.provider, 'PUT', `${base}/billing-report`, { meetings: [{ date: day, minutes: 60 }], delivery_confirmed: true });
  await must(data.tokens.provider, 'POST', `${base}/billing-report/submit`);
  const invoices = (await must(data.tokens.admin, 'GET', '/api/v1/invoices?kind=invoice')).items;
  const paid = invoices.find((i) => i.status === 'paid');
  assert.ok(paid, 'the demo has a paid invoice');
  data.invoiceId = paid.id;
  data.invoicedOrderId = paid.order_id;
}

// status: what the page must answer (200 unless a list entry names another), so that an error page is not
// checked in place of the page meant.
async function axeCheck(page, url, status = 200) {
  const res = await page.goto(url);
  assert.equal(res.status(), status, `${url} → ${res.status()}`);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.map((v) => `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n`
    + v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n'));
  const minor = result.violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
  if (minor.length) console.log(`# axe ${url}: minor/moderate: ${minor.join(', ')}`);
  assert.equal(bad.length, 0, `axe on ${url}: ${bad.length} serious/critical violation(s):\n${lines.join('\n')}`);
  assert.ok(result.passes.length > 10, `axe evaluated rules on ${url} (${result.passes.length} passed)`);
}

// The check itself must be able to fail: the same code flags a page with known serious problems.
browserTest(env, 'axe check detects violations on a broken page', async ({ newPage }) => {
  const page = await newPage({ bypassCSP: true });
  await page.setContent('<html><body><img src="/static/none.png"><input id="x"><a href="/x"></a></body></html>');
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const ids = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  for (const id of ['image-alt', 'label', 'link-name', 'html-has-lang']) assert.ok(ids.includes(id), `${id} in ${ids}`);
});

const anonymous = [
  ['catalog', () => '/catalog'],
  ['catalog with search and no results', () => '/catalog?q=zyxwvut'],
  ['product card', () => `/catalog/${data.cards[0].id}`],
  ['login', () => '/login'],
  ['calls for participation', () => '/calls'],
  ['call', () => `/calls/${data.callId}`],
  ['provider registration', () => '/register'],
  ['voucher programmes', () => '/programmes'],
  ['voucher programme', () => `/programmes/${data.programmeId}`],
];
for (const [name, url, status] of anonymous) {
  browserTest(env, `axe: ${name} page`, async ({ newPage }) => {
    await setup();
    await axeCheck(await newPage({ bypassCSP: true }), url(), status);
  });
}

const asCustomer = [
  ['product card with order form', () => `/catalog/${data.cards[0].id}`],
  ['vouchers', () => '/vouchers'],
  ['orders', () => '/orders'],
  ['order', () => `/orders/${orderId}`],
  ['voucher with balance history', () => `/vouchers/${data.activeVoucher.id}`],
  ['voucher application form', () => `/programmes/${data.programmeId}/apply`],
  ['voucher applications', () => '/voucher-applications'],
  ['voucher application', () => `/voucher-applications/${data.voucherApplicationId}`],
];
for (const [name, url, status] of asCustomer) {
  browserTest(env, `axe: ${name} page (customer)`, async ({ newPage }) => {
    await setup();
    const page = await newPage({ bypassCSP: true });
    await loginAs(page, DEMO.customer);
    await axeCheck(page, url(), status);
  });
}

const asProvider = [
  ['orders', () => '/orders'],
  ['applications', () => '/applications'],
  ['draft application', () => `/applications/${data.draftApplicationId}`],
  ['product cards', () => '/provider/cards'],
  ['new product card', () => '/provider/cards/new'],
  ['organization', () => '/provider/organization'],
  ['orders with filters', () => '/orders?status=accepted&from=2026-01-01'],
  ['order with time line', () => `/orders/${orderId}`],
  ['orders with a bad filter', () => '/orders?from=kes%C3%A4kuu', 400],
  ['service report form', () => `/orders/${data.endedOrderId}/service-report`],
  ['billing report form', () => `/orders/${data.endedOrderId}/billing-report`],
  ['submitted service report', () => `/orders/${data.submittedOrderId}/service-report`],
  ['invoice', () => `/invoices/${data.invoiceId}`],
  ['invoices (receivables)', () => '/provider/invoices'],
  ['summary', () => '/provider/summary'],
];
for (const [name, url, status] of asProvider) {
  browserTest(env, `axe: ${name} page (provider)`, async ({ newPage }) => {
    await setup();
    const page = await newPage({ bypassCSP: true });
    await loginAs(page, DEMO.provider);
    if (!data.draftApplicationId) {
      await page.goto('/applications');
      data.draftApplicationId = await page.locator('main a[href^="/applications/"]').first()
        .evaluate((a) => Number(a.getAttribute('href').split('/').pop()));
    }
    await axeCheck(page, url(), status);
  });
}

const asOrganizer = [
  ['calls (organizer)', () => '/admin/calls'],
  ['new call', () => '/admin/calls/new'],
  ['applications (organizer)', () => '/applications'],
  ['admissions', () => '/admin/admissions'],
  ['service descriptions', () => '/admin/service-descriptions'],
  ['providers', () => '/admin/providers'],
  ['outbox', () => '/admin/outbox'],
  ['voucher programmes (organizer)', () => '/admin/programmes'],
  ['new voucher programme', () => '/admin/programmes/new'],
  ['voucher programme form with figures', () => `/admin/programmes/${data.programmeId}`],
  ['voucher applications (organizer)', () => '/voucher-applications?status=submitted'],
  ['voucher application with decision forms', () => `/voucher-applications/${data.voucherApplicationId}`],
  ['voucher with balance history (organizer)', () => `/vouchers/${data.activeVoucher.id}`],
  ['order with time line (organizer)', () => `/orders/${orderId}`],
  ['orders with filters (organizer)', () => `/orders?status=accepted&service_description_id=${data.cards[0].service_description.id}`],
  ['service report read view (organizer)', () => `/orders/${data.invoicedOrderId}/service-report`],
  ['billing report with decision forms', () => `/orders/${data.submittedOrderId}/billing-report`],
  ['approved billing report (organizer)', () => `/orders/${data.invoicedOrderId}/billing-report`],
  ['billing reports', () => '/admin/billing-reports'],
  ['billing reports with a bad filter', () => '/admin/billing-reports?status=lost', 400],
  ['invoices with the invoice run', () => '/admin/invoices'],
  ['invoices with a bad filter', () => '/admin/invoices?month=2026-13', 400],
  ['invoice with credit form (organizer)', () => `/invoices/${data.invoiceId}`],
  ['payments', () => '/admin/payments'],
  ['payments of an invoice', () => `/admin/invoices/${data.invoiceId}/payments`],
  ['payment import', () => '/admin/payments/import'],
  ['report timeliness', () => '/admin/reports/timeliness'],
  ['provider summary (organizer)', () => `/admin/providers/${data.provider.provider_id}/summary`],
  ['invoicing settings', () => '/admin/invoicing-settings'],
];
for (const [name, url, status] of asOrganizer) {
  browserTest(env, `axe: ${name} page (organizer)`, async ({ newPage }) => {
    await setup();
    const page = await newPage({ bypassCSP: true });
    await loginAs(page, DEMO.admin);
    await axeCheck(page, url(), status);
  });
}

browserTest(env, 'axe: service report form with error messages (provider)', async ({ newPage }) => {
  await setup();
  const page = await newPage({ bypassCSP: true });
  await loginAs(page, DEMO.provider);
  await page.goto(`/orders/${data.endedOrderId}/service-report`);
  await page.fill('#meeting-date-0', '2999-01-01');
  await Promise.all([page.waitForLoadState('load'), page.click('form.report-form button[value=submit]')]);
  assert.ok(await page.locator('[data-field-error="meetings.0.date"]').isVisible(), 'the future date is flagged');
  assert.ok(await page.locator('[data-field-error=goal]').isVisible(), 'a missing part is flagged');
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
});

browserTest(env, 'axe: login page with an error message', async ({ newPage }) => {
  await setup();
  const page = await newPage({ bypassCSP: true });
  await page.goto('/login');
  await page.fill('#email', 'nobody@palvelutori.example');
  await page.fill('#password', 'wrong-password');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="/login"] button[type=submit]')]);
  assert.ok(await page.locator('[role=alert]').isVisible(), 'wrong credentials message');
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
});
