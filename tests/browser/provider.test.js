'use strict';
// Step 4: the provider sees all its orders in one list, accepts one (contract number) and declines another
// with a reason; the customer's voucher then shows the reservation released.
const assert = require('node:assert/strict');
const { setupBrowserSuite, browserTest, demoData, loginAs, text, api, DEMO } = require('./helpers');

const env = setupBrowserSuite();

async function placeOrder(token, cardId, voucherId) {
  const r = await api(env.baseUrl, 'POST', '/api/v1/orders', { token, body: { product_card_id: cardId, voucher_id: voucherId } });
  assert.equal(r.status, 201, `setup order card ${cardId} voucher ${voucherId}: ${r.text}`);
  return r.json;
}

async function voucherRow(page, voucherId) {
  await page.goto('/vouchers');
  const row = page.locator(`tr.voucher-row[data-voucher-id="${voucherId}"]`);
  return { reserved: await text(row.locator('.voucher-reserved')), available: await text(row.locator('.voucher-available')) };
}

browserTest(env, 'provider lists, accepts and declines orders; decline releases the reservation', async ({ newPage }) => {
  const { cards, tokens, provider, activeVoucher } = await demoData(env.baseUrl);
  const own = cards.filter((c) => c.provider.id === provider.provider_id);
  const own2500 = own.filter((c) => c.price_cents === 250000);
  const own5000 = own.find((c) => c.price_cents === 500000);
  const foreign = cards.find((c) => c.provider.id !== provider.provider_id && c.price_cents === 250000);
  assert.ok(own2500.length >= 2 && own5000 && foreign);

  // The demo's own invoiced orders of this provider (issue 6) are in the list too.
  const demoOrders = (await api(env.baseUrl, 'GET', '/api/v1/orders?page_size=100', { token: tokens.provider })).json.items.map((o) => o.id);
  // Setup through the API: two orders by the demo customer (voucher fully reserved), one by the counsellor on
  // behalf of another customer, and one for another provider (must not show up for this provider).
  const toAccept = await placeOrder(tokens.customer, own2500[0].id, activeVoucher.id);
  const toDecline = await placeOrder(tokens.customer, own2500[1].id, activeVoucher.id);
  const allVouchers = (await api(env.baseUrl, 'GET', '/api/v1/vouchers?page_size=100', { token: tokens.counsellor })).json.items;
  const others = allVouchers.filter((v) => v.customer.id !== activeVoucher.customer.id && v.status === 'active'
    && v.balance.available_cents >= 500000);
  assert.ok(others.length >= 1, 'another customer with a 5 000 € voucher');
  const onBehalf = await placeOrder(tokens.counsellor, own5000.id, others[0].id);
  const otherAvail = allVouchers.find((v) => v.id !== others[0].id && v.customer.id !== activeVoucher.customer.id
    && v.status === 'active' && v.balance.available_cents >= 250000);
  assert.ok(otherAvail, 'a second customer voucher for the foreign order');
  const foreignOrder = await placeOrder(tokens.counsellor, foreign.id, otherAvail.id);

  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  assert.deepEqual(await voucherRow(customer, activeVoucher.id), { reserved: '5 000,00 €', available: '0,00 €' });

  const page = await newPage();
  await loginAs(page, DEMO.provider);
  assert.equal(await page.locator('nav a[href="/vouchers"]').count(), 0, 'providers have no voucher menu');
  await page.goto('/orders');
  const ids = (await page.locator('tr.order-row').evaluateAll((rows) => rows.map((r) => Number(r.dataset.orderId))));
  assert.deepEqual(ids.filter((id) => !demoOrders.includes(id)).sort((a, b) => a - b), [toAccept.id, toDecline.id, onBehalf.id].sort((a, b) => a - b),
    'all of the provider\'s orders (from two customers) in one list, none of another provider');
  assert.ok(!ids.includes(foreignOrder.id));
  assert.match(await text(page.locator('[data-testid=order-count]')), new RegExp(`\\b${3 + demoOrders.length}$`));
  assert.equal(await page.locator('a[rel=next]').count(), 0, 'no second page');

  // Accept: the order page shows the contract number.
  await Promise.all([page.waitForURL(`**/orders/${toAccept.id}`), page.click(`tr.order-row[data-order-id="${toAccept.id}"] a`)]);
  assert.equal(await text(page.locator('[data-testid=order-status]')), 'odottaa hyväksyntää');
  await Promise.all([page.waitForURL(`**/orders/${toAccept.id}`, { waitUntil: 'load' }),
    page.click(`form[action="/orders/${toAccept.id}/accept"] button[type=submit]`)]);
  assert.equal(await text(page.locator('[data-testid=order-status]')), 'hyväksytty');
  const contract = await text(page.locator('[data-testid=contract-number]'));
  assert.match(contract, new RegExp(`^TS-${new Date().getUTCFullYear()}-\\d{6}$`));
  assert.equal(await page.locator(`form[action="/orders/${toAccept.id}/accept"]`).count(), 0, 'cannot accept twice');

  // Decline: a too short reason is refused next to the field, then a real reason is recorded.
  await page.goto(`/orders/${toDecline.id}`);
  await page.fill('textarea#reason', 'x');
  await Promise.all([page.waitForLoadState('load'), page.click(`form[action="/orders/${toDecline.id}/decline"] button[type=submit]`)]);
  assert.match(await text(page.locator('[data-field-error=reason]')), /vähintään 3/);
  assert.equal(await text(page.locator('[data-testid=order-status]')), 'odottaa hyväksyntää');
  const reason = 'Kalenteri on täynnä tälle keväälle.';
  await page.fill('textarea#reason', reason);
  await Promise.all([page.waitForURL(`**/orders/${toDecline.id}`, { waitUntil: 'load' }),
    page.click(`form[action="/orders/${toDecline.id}/decline"] button[type=submit]`)]);
  assert.equal(await text(page.locator('[data-testid=order-status]')), 'hylätty');
  assert.equal(await text(page.locator('[data-testid=decline-reason]')), reason);
  assert.equal(await page.locator('[data-testid=contract-number]').count(), 0);

  // The list reflects both decisions.
  await page.goto('/orders');
  assert.equal(await text(page.locator(`tr.order-row[data-order-id="${toAccept.id}"] .order-status`)), 'hyväksytty');
  assert.ok((await text(page.locator(`tr.order-row[data-order-id="${toAccept.id}"]`))).includes(contract));
  assert.equal(await text(page.locator(`tr.order-row[data-order-id="${toDecline.id}"] .order-status`)), 'hylätty');

  // Customer: the declined order's 2 500 € is available again; the accepted one stays reserved.
  assert.deepEqual(await voucherRow(customer, activeVoucher.id), { reserved: '2 500,00 €', available: '2 500,00 €' });
  await customer.goto(`/vouchers/${activeVoucher.id}`);
  const ledger = (await customer.locator('main table tbody tr').allTextContents()).join('\n');
  assert.match(ledger, /Varaus vapautettu/, `release in the ledger:\n${ledger}`);
  await customer.goto(`/orders/${toDecline.id}`);
  assert.equal(await text(customer.locator('[data-testid=decline-reason]')), reason, 'customer sees the reason');
});
