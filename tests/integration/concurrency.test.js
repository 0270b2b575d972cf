'use strict';
// 50 simultaneous orders against one 5 000 € voucher for 2 500 € cards: exactly two may win.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');

let c;
before(async () => { c = await apiContext(); });
after(async () => { if (c) await c.server.stop(); });

test('50 parallel orders reserve the voucher exactly twice', async () => {
  const cards = await c.all(null, '/api/v1/product-cards');
  const cheap = cards.filter((x) => x.price_cents === 250000);
  assert.ok(cheap.length > 0, 'a 2 500 € card exists');
  const voucher = (await c.all('customer', '/api/v1/vouchers')).find((v) => v.status === 'active');
  assert.equal(voucher.balance.available_cents, 500000);

  const N = 50;
  const results = await Promise.all(Array.from({ length: N }, (_, i) =>
    c.call('customer', 'POST', '/api/v1/orders', { product_card_id: cheap[i % cheap.length].id, voucher_id: voucher.id })));
  const byStatus = {};
  for (const r of results) byStatus[r.status] = (byStatus[r.status] || 0) + 1;
  assert.deepEqual(byStatus, { 201: 2, 409: N - 2 });
  for (const r of results.filter((x) => x.status === 409)) assert.ok(r.json.detail);

  const d = (await c.call('customer', 'GET', `/api/v1/vouchers/${voucher.id}`)).json;
  assert.deepEqual(d.balance, { granted_cents: 500000, reserved_cents: 500000, spent_cents: 0, expired_cents: 0, available_cents: 0 });

  const sum = (kind) => d.ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amount_cents, 0);
  const reserved = sum('reserve') - sum('release') - sum('spend') - sum('cancel');
  assert.equal(sum('grant'), d.balance.granted_cents);
  assert.equal(reserved, d.balance.reserved_cents);
  assert.equal(sum('spend'), d.balance.spent_cents);
  assert.equal(sum('grant') - reserved - sum('spend') - sum('expire'), d.balance.available_cents);
  assert.equal(d.ledger.filter((e) => e.kind === 'reserve').length, 2);

  const winners = results.filter((r) => r.status === 201).map((r) => r.json.id).sort();
  const orders = (await c.all('admin', '/api/v1/orders')).filter((o) => o.voucher_id === voucher.id);
  assert.equal(orders.length, 2);
  assert.deepEqual(orders.map((o) => o.id).sort(), winners);
  assert.deepEqual(d.ledger.filter((e) => e.kind === 'reserve').map((e) => e.order_id).sort(), winners);
});
