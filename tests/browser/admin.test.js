'use strict';
// Step 5: the organizer admin creates a service description (with a validation error first) and sees every order.
const assert = require('node:assert/strict');
const { setupBrowserSuite, browserTest, demoData, loginAs, text, api, DEMO } = require('./helpers');

const env = setupBrowserSuite();

browserTest(env, 'admin creates a service description; a bad code is flagged next to the field', async ({ newPage }) => {
  const page = await newPage();
  await loginAs(page, DEMO.admin);
  await Promise.all([page.waitForURL('**/admin/service-descriptions'), page.click('nav a[href="/admin/service-descriptions"]')]);
  const before = await page.locator('tr.service-row').count();
  assert.ok(before >= 3, `seeded service descriptions listed (${before})`);

  const fill = async (code) => {
    await page.fill('#code', code);
    await page.fill('#name_fi', 'Vientimyynnin valmennus');
    await page.fill('#name_en', 'Export sales coaching');
    await page.fill('#description_fi', 'Valmennus vientikauppaan.');
    await page.fill('#description_en', 'Coaching for export sales.');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin/service-descriptions'),
      page.click('form[action="/admin/service-descriptions"] button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    return res.status();
  };

  assert.equal(await fill('Vienti Myynti!'), 422);
  const err = page.locator('[data-field-error=code]');
  assert.equal(await err.count(), 1, 'one message for the code field');
  assert.match(await text(err), /pieniä kirjaimia/);
  // "Next to the field": the message sits in the same form group as the code input.
  assert.equal(await err.evaluate((el) => !!el.closest('.hds-text-input')?.querySelector('input#code')), true);
  assert.equal(await page.inputValue('#name_fi'), 'Vientimyynnin valmennus', 'other fields are kept');
  assert.equal(await page.locator('[data-field-error=name_fi]').count(), 0);
  assert.equal(await page.locator('tr.service-row').count(), before, 'nothing created');

  assert.equal(await fill('vientimyynti'), 303);
  assert.equal(new URL(page.url()).pathname, '/admin/service-descriptions');
  assert.equal(await page.locator('tr.service-row').count(), before + 1);
  const row = page.locator('tr.service-row', { hasText: 'vientimyynti' });
  assert.ok((await text(row)).includes('Vientimyynnin valmennus'));
  assert.ok((await text(row)).includes('Export sales coaching'));

  // The same code again is refused as taken (a conflict: 409, like the API, or 422), with the form re-rendered.
  const dup = await fill('vientimyynti');
  assert.ok(dup === 409 || dup === 422, `duplicate code → 409/422, got ${dup}`);
  assert.match(await text(page.locator('[data-field-error=code]')), /jo palvelukuvaus/);

  // The new description is offered as a catalog filter.
  await page.goto('/catalog');
  assert.equal(await page.locator('select#service option', { hasText: 'Vientimyynnin valmennus' }).count(), 1);
});

browserTest(env, 'admin sees every order on /orders; other roles do not get the admin page', async ({ newPage }) => {
  const { cards, tokens, activeVoucher, provider } = await demoData(env.baseUrl);
  const all = (await api(env.baseUrl, 'GET', '/api/v1/vouchers?page_size=100', { token: tokens.counsellor })).json.items;
  const other = all.find((v) => v.customer.id !== activeVoucher.customer.id && v.status === 'active');
  const own = cards.find((c) => c.provider.id === provider.provider_id && c.price_cents === 250000);
  const foreign = cards.find((c) => c.provider.id !== provider.provider_id && c.price_cents === 250000);
  const made = [];
  for (const [token, card, voucher] of [[tokens.customer, own, activeVoucher], [tokens.customer, foreign, activeVoucher],
    [tokens.counsellor, foreign, other]]) {
    const r = await api(env.baseUrl, 'POST', '/api/v1/orders', { token, body: { product_card_id: card.id, voucher_id: voucher.id } });
    assert.equal(r.status, 201, r.text);
    made.push(r.json.id);
  }
  const apiTotal = (await api(env.baseUrl, 'GET', '/api/v1/orders?page_size=100', { token: tokens.admin })).json.total;

  const page = await newPage();
  await loginAs(page, DEMO.admin);
  await page.goto('/orders');
  const ids = await page.locator('tr.order-row').evaluateAll((rows) => rows.map((r) => Number(r.dataset.orderId)));
  for (const id of made) assert.ok(ids.includes(id), `order ${id} listed for the admin`);
  assert.equal(ids.length, apiTotal, 'every order in the list');
  const rows = (await page.locator('tr.order-row').allTextContents()).join('\n');
  assert.ok(rows.includes(own.provider.name) && rows.includes(foreign.provider.name), 'orders of several providers');

  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  assert.equal(await customer.locator('nav a[href="/admin/service-descriptions"]').count(), 0);
  const res = await customer.goto('/admin/service-descriptions');
  assert.equal(res.status(), 403);
  assert.ok(await customer.locator('[role=alert]').isVisible());
});
