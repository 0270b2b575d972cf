'use strict';
// Step 3: the customer orders with a voucher; reservations show at once; over-balance and expired orders are refused.
const assert = require('node:assert/strict');
const { setupBrowserSuite, browserTest, demoData, loginAs, orderCard, text, DEMO } = require('./helpers');

const env = setupBrowserSuite();
let data;
const load = async () => { data = data || await demoData(env.baseUrl); return data; };

async function voucherRow(page, voucherId) {
  await page.goto('/vouchers');
  const row = page.locator(`tr.voucher-row[data-voucher-id="${voucherId}"]`);
  assert.equal(await row.count(), 1, `voucher ${voucherId} listed on /vouchers`);
  return {
    reserved: await text(row.locator('.voucher-reserved')),
    available: await text(row.locator('.voucher-available')),
    status: await text(row.locator('.voucher-status')),
  };
}

browserTest(env, 'customer orders 2 500 € cards until the 5 000 € voucher is used up', async ({ newPage }) => {
  const { cards, activeVoucher } = await load();
  assert.equal(activeVoucher.value_cents, 500000);
  const cheap = cards.filter((c) => c.price_cents === 250000);
  const dear = cards.find((c) => c.price_cents === 500000);
  assert.ok(cheap.length >= 3 && dear);

  const page = await newPage();
  await loginAs(page, DEMO.customer);
  assert.deepEqual(await voucherRow(page, activeVoucher.id),
    { reserved: '0,00 €', available: '5 000,00 €', status: 'voimassa' }, 'fresh voucher');

  // First order: accepted for processing, shown as an order page, reserved on the voucher at once.
  assert.equal(await orderCard(page, cheap[0].id, activeVoucher.id), 303);
  assert.match(new URL(page.url()).pathname, /^\/orders\/\d+$/);
  assert.equal(await text(page.locator('[data-testid=order-status]')), 'odottaa hyväksyntää');
  assert.ok((await text(page.locator('main'))).includes(cheap[0].title));
  assert.equal(await page.locator('[data-testid=contract-number]').count(), 0, 'no contract before acceptance');
  assert.deepEqual(await voucherRow(page, activeVoucher.id),
    { reserved: '2 500,00 €', available: '2 500,00 €', status: 'voimassa' }, 'after one 2 500 € order');

  // A 5 000 € card no longer fits the remaining 2 500 €.
  const refused = await orderCard(page, dear.id, activeVoucher.id);
  assert.ok(refused >= 400 && refused < 500, `5 000 € order over balance → 4xx, got ${refused}`);
  const alert = await text(page.locator('[role=alert]'));
  assert.match(alert, /saldo ei riitä/i, `clear message, got "${alert}"`);
  assert.deepEqual(await voucherRow(page, activeVoucher.id),
    { reserved: '2 500,00 €', available: '2 500,00 €', status: 'voimassa' }, 'refused order reserves nothing');

  // Second 2 500 € order uses up the balance; a third is refused.
  assert.equal(await orderCard(page, cheap[1].id, activeVoucher.id), 303);
  assert.deepEqual(await voucherRow(page, activeVoucher.id),
    { reserved: '5 000,00 €', available: '0,00 €', status: 'voimassa' }, 'after two 2 500 € orders');
  const third = await orderCard(page, cheap[2].id, activeVoucher.id);
  assert.ok(third >= 400 && third < 500, `third order → 4xx, got ${third}`);
  assert.match(await text(page.locator('[role=alert]')), /saldo ei riitä/i);

  // Both orders appear in the customer's own order list.
  await page.goto('/orders');
  const titles = await page.locator('tr.order-row').allTextContents();
  assert.equal(titles.length, 2, 'two orders listed');
  for (const c of [cheap[0], cheap[1]]) assert.ok(titles.some((r) => r.includes(c.title)), `${c.title} listed`);

  // The voucher page shows the ledger: grant and two reservations.
  await page.goto(`/vouchers/${activeVoucher.id}`);
  assert.equal(await text(page.locator('.voucher-reserved')), '5 000,00 €');
  const ledger = (await page.locator('main table tbody tr').allTextContents()).join('\n');
  assert.equal((ledger.match(/Varattu tilaukselle/g) || []).length, 2, `two reservations in ledger:\n${ledger}`);
});

browserTest(env, 'an expired voucher is not offered, and an order on it is refused with a clear message', async ({ newPage }) => {
  const { cards, expiredVoucher } = await load();
  assert.ok(expiredVoucher, 'customer has an expired voucher');
  const card = cards.find((c) => c.price_cents === 250000);
  const page = await newPage();
  await loginAs(page, DEMO.customer);
  const before = await voucherRow(page, expiredVoucher.id);
  assert.equal(before.status, 'vanhentunut');

  await page.goto(`/catalog/${card.id}`);
  assert.equal(await page.locator(`select#voucher_id option[value="${expiredVoucher.id}"]`).count(), 0,
    'the order form offers only vouchers that can pay');
  // A form kept open from before the expiry still names it: the server refuses it.
  await page.locator('select#voucher_id').evaluate((sel, id) => {
    const o = document.createElement('option');
    o.value = String(id);
    o.textContent = 'vanha';
    sel.appendChild(o);
  }, expiredVoucher.id);
  await page.selectOption('select#voucher_id', String(expiredVoucher.id));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/orders'),
    page.click('form[action="/orders"] button[type=submit]'),
  ]);
  await page.waitForLoadState('load');
  const status = res.status();
  assert.ok(status >= 400 && status < 500, `order on expired voucher → 4xx, got ${status}`);
  const alert = await text(page.locator('[role=alert]'));
  assert.match(alert, /vanhentunut/i, `clear message, got "${alert}"`);
  assert.deepEqual(await voucherRow(page, expiredVoucher.id), before, 'expired voucher unchanged');
});
