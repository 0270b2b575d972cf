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
  const card = data.cards.find((c) => c.price_cents === 250000);
  const r = await api(env.baseUrl, 'POST', '/api/v1/orders',
    { token: data.tokens.customer, body: { product_card_id: card.id, voucher_id: data.activeVoucher.id } });
  assert.equal(r.status, 201, r.text);
  orderId = r.json.id;
}

async function axeCheck(page, url) {
  const res = await page.goto(url);
  assert.ok(res.status() < 500, `${url} → ${res.status()}`);
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
];
for (const [name, url] of anonymous) {
  browserTest(env, `axe: ${name} page`, async ({ newPage }) => {
    await setup();
    await axeCheck(await newPage({ bypassCSP: true }), url());
  });
}

const asCustomer = [
  ['product card with order form', () => `/catalog/${data.cards[0].id}`],
  ['vouchers', () => '/vouchers'],
  ['orders', () => '/orders'],
  ['order', () => `/orders/${orderId}`],
];
for (const [name, url] of asCustomer) {
  browserTest(env, `axe: ${name} page (customer)`, async ({ newPage }) => {
    await setup();
    const page = await newPage({ bypassCSP: true });
    await loginAs(page, DEMO.customer);
    await axeCheck(page, url());
  });
}

const asProvider = [
  ['orders', () => '/orders'],
  ['applications', () => '/applications'],
  ['draft application', () => `/applications/${data.draftApplicationId}`],
  ['product cards', () => '/provider/cards'],
  ['new product card', () => '/provider/cards/new'],
  ['organization', () => '/provider/organization'],
];
for (const [name, url] of asProvider) {
  browserTest(env, `axe: ${name} page (provider)`, async ({ newPage }) => {
    await setup();
    const page = await newPage({ bypassCSP: true });
    await loginAs(page, DEMO.provider);
    if (!data.draftApplicationId) {
      await page.goto('/applications');
      data.draftApplicationId = await page.locator('main a[href^="/applications/"]').first()
        .evaluate((a) => Number(a.getAttribute('href').split('/').pop()));
    }
    await axeCheck(page, url());
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
];
for (const [name, url] of asOrganizer) {
  browserTest(env, `axe: ${name} page (organizer)`, async ({ newPage }) => {
    await setup();
    const page = await newPage({ bypassCSP: true });
    await loginAs(page, DEMO.admin);
    await axeCheck(page, url());
  });
}

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
