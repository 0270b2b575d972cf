'use strict';
// Voucher expiry and the 30-day reminder (issue 5, "Time"), against a real server, its clock file
// and a real SMTP receiver. The demo customer's 5 000 € voucher gets one reminder 10 days before
// its last valid day; on the first Finnish day after it, the expiry cancels the order still
// awaiting acceptance (its reservation released), writes the rest off as expired, leaves the
// accepted order's reservation alone and mails the customer once. Two expiry runs racing, and a
// third run after them, change nothing more.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');
const { makeClock, REPO } = require('./harness');
const { startMailReceiver } = require('./mail-harness');
const { apiContext } = require('./context');

const run = promisify(execFile);
const BIN = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');
const FAST = { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_MAIL_BACKOFF_MS: '1000', PALVELUTORI_MAIL_BACKOFF_MAX_MS: '1000' };
const CUSTOMER_MAIL = 'yritys1@customer.example';  // the demo customer's address (demo_seed.cpp)
const DAY = 24 * 3600 * 1000;

let c; let mail; let clock;
const me = {};
let voucher; let ownCard; let otherCard;
let requestedOrder; let acceptedOrder;

before(async () => {
  clock = makeClock(new Date());
  mail = await startMailReceiver();
  c = await apiContext({ smtp: mail, clockFile: clock.file, env: FAST });
});
after(async () => {
  if (c) await c.server.stop();
  if (mail) await mail.stop();
  if (clock) clock.remove();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// `palvelutori expire-vouchers` on the server's database at the test clock's time.
async function expireVouchers() {
  const { stdout } = await run(BIN, ['expire-vouchers', '--database', c.server.dbUrl],
    { cwd: REPO, encoding: 'utf8', env: { ...process.env, PALVELUTORI_CLOCK_FILE: clock.file } });
  const m = /vouchers expired: (\d+), reminded: (\d+)/.exec(stdout);
  assert.ok(m, stdout);
  return { expired: Number(m[1]), reminded: Number(m[2]) };
}

async function getVoucher(id, role = 'customer') {
  const r = await c.call(role, 'GET', `/api/v1/vouchers/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
async function getOrder(id) {
  const r = await c.call('customer', 'GET', `/api/v1/orders/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// "2027-05-22" → the instant 00:30 that day in Finland (UTC+2, or UTC+3 in summer).
function finnishHalfPastMidnight(isoDate) {
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', hourCycle: 'h23' });
  for (const offset of [3, 2]) {
    const t = new Date(Date.parse(`${isoDate}T00:30:00Z`) - offset * 3600 * 1000);
    if (fmt.format(t) === '00') return t;
  }
  throw new Error(`no Finnish 00:30 found on ${isoDate}`);
}
const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
const finnishDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d}.${m}.${y}`; };
const reminders = (id) => mail.messages({ to: CUSTOMER_MAIL }).filter((m) => new RegExp(`^Palveluseteli ${id} vanhenee`).test(m.subject));
const expiryMails = (id) => mail.messages({ to: CUSTOMER_MAIL }).filter((m) => new RegExp(`^Palveluseteli ${id} on vanhentunut`).test(m.subject));

test('setup: the demo customer\'s active voucher and two 2 500 € cards of different providers', async () => {
  me.provider = (await c.call('provider', 'GET', '/api/v1/me')).json;
  me.customer = (await c.call('customer', 'GET', '/api/v1/me')).json;
  const mine = await c.all('customer', '/api/v1/vouchers');
  const active = mine.filter((v) => v.status === 'active');
  assert.equal(active.length, 1);
  voucher = active[0];
  assert.equal(voucher.balance.available_cents, 500000);
  const cards = await c.all(null, '/api/v1/product-cards');
  ownCard = cards.find((x) => x.provider.id === me.provider.provider_id && x.price_cents === 250000);
  otherCard = cards.find((x) => x.provider.id !== me.provider.provider_id && x.price_cents === 250000);
  assert.ok(ownCard && otherCard, 'demo cards');
});

test('nothing is reminded half a year before the end', async () => {
  const r = await expireVouchers();
  assert.equal(r.reminded, 0);
  assert.equal(reminders(voucher.id).length, 0);
});

test('10 days before the end: an order awaits acceptance and the reminder arrives over SMTP with the date and the available amount', async () => {
  clock.set(`${isoDay(Date.parse(voucher.valid_until) - 10 * DAY)}T09:00:00Z`);
  const r = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: otherCard.id, voucher_id: voucher.id });
  assert.equal(r.status, 201, r.text);
  requestedOrder = r.json;
  assert.equal(requestedOrder.status, 'requested');

  // Two runs racing (and maybe serve's own job, every minute): the reminder is sent once.
  const [a1, a2] = await Promise.all([expireVouchers(), expireVouchers()]);
  assert.ok(a1.reminded + a2.reminded <= 5, JSON.stringify([a1, a2]));  // five demo vouchers end that day
  const [m] = await mail.waitForMail({ to: CUSTOMER_MAIL, where: (x) => new RegExp(`^Palveluseteli ${voucher.id} vanhenee`).test(x.subject) });
  assert.ok(m.subject.includes(finnishDate(voucher.valid_until)), m.subject);
  assert.ok(m.text.includes(finnishDate(voucher.valid_until)), m.text);
  assert.match(m.text, /Käytettävissä nyt: 2\s?500,00\s?€/, 'the available amount, not the value');
  assert.ok(m.text.includes(`/vouchers/${voucher.id}`), m.text);

  const run2 = await expireVouchers();
  assert.deepEqual(run2, { expired: 0, reminded: 0 }, 'reminded once');

  // An order accepted before the end is still delivered and paid: its reservation must stay.
  const a = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: ownCard.id, voucher_id: voucher.id });
  assert.equal(a.status, 201, a.text);
  const acc = await c.call('provider', 'POST', `/api/v1/orders/${a.json.id}/accept`);
  assert.equal(acc.status, 200, acc.text);
  acceptedOrder = acc.json;
  assert.equal(acceptedOrder.status, 'accepted');
});

test('the last valid day (Finnish date) is still valid', async () => {
  clock.set(`${voucher.valid_until}T12:00:00Z`);
  await expireVouchers();
  const v = await getVoucher(voucher.id);
  assert.equal(v.status, 'active');
  assert.equal(v.balance.reserved_cents, 500000);
  assert.equal((await getOrder(requestedOrder.id)).status, 'requested');
});

test('the next Finnish day: two racing runs expire it once; the requested order is cancelled and released, the accepted one keeps its reservation', async () => {
  // 00:30 in Helsinki is still the previous day in UTC: the local day is what counts.
  const next = isoDay(Date.parse(voucher.valid_until) + DAY);
  const t = clock.set(finnishHalfPastMidnight(next));
  assert.equal(isoDay(t), voucher.valid_until, 'UTC is still on the last valid day');

  const [r1, r2] = await Promise.all([expireVouchers(), expireVouchers()]);

  const v = await getVoucher(voucher.id);
  assert.equal(v.status, 'expired');
  assert.deepEqual(v.balance, { granted_cents: 500000, reserved_cents: 250000, spent_cents: 0, expired_cents: 250000, available_cents: 0 });
  const kinds = v.ledger.map((e) => [e.kind, e.amount_cents, e.order_id]);
  assert.deepEqual(kinds, [
    ['grant', 500000, null],
    ['reserve', 250000, requestedOrder.id],
    ['reserve', 250000, acceptedOrder.id],
    ['release', 250000, requestedOrder.id],
    ['expire', 250000, null],
  ]);

  const o = await getOrder(requestedOrder.id);
  assert.equal(o.status, 'cancelled');
  const a = await getOrder(acceptedOrder.id);
  assert.equal(a.status, 'accepted');
  assert.equal(a.contract_number, acceptedOrder.contract_number);

  // Every demo voucher that ended that day was expired exactly once, by one of the runs (serve's
  // own job may have taken some of them).
  const ended = (await c.all('admin', '/api/v1/vouchers')).filter((x) => x.valid_until === voucher.valid_until);
  assert.ok(ended.length >= 2 && r1.expired + r2.expired <= ended.length, JSON.stringify([r1, r2, ended.length]));
  for (const other of ended) {
    const d = await getVoucher(other.id, 'admin');
    assert.equal(d.status, 'expired');
    assert.equal(d.balance.available_cents, 0);
    assert.equal(d.ledger.filter((e) => e.kind === 'expire').length, 1, `voucher ${other.id}: one expire entry`);
  }

  const [m] = await mail.waitForMail({ to: CUSTOMER_MAIL, where: (x) => new RegExp(`^Palveluseteli ${voucher.id} on vanhentunut`).test(x.subject) });
  assert.match(m.text, /Käyttämättä jäänyt summa: 2\s?500,00\s?€/);
  assert.ok(m.text.includes(finnishDate(voucher.valid_until)), m.text);
});

test('a second run changes nothing: same ledger, same orders, one expiry mail and one reminder', async () => {
  const before = await getVoucher(voucher.id);
  assert.deepEqual(await expireVouchers(), { expired: 0, reminded: 0 });
  clock.advance(DAY);
  assert.deepEqual(await expireVouchers(), { expired: 0, reminded: 0 });
  const afterRun = await getVoucher(voucher.id);
  assert.deepEqual(afterRun.ledger, before.ledger);
  assert.deepEqual(afterRun.balance, before.balance);
  assert.equal((await getOrder(acceptedOrder.id)).status, 'accepted');
  // Give the mail worker time to send anything that might have been queued twice.
  await sleep(1500);
  assert.equal(expiryMails(voucher.id).length, 1, 'one expiry mail');
  assert.equal(reminders(voucher.id).length, 1, 'one reminder');

  // The expired voucher cannot pay for anything new.
  const r = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: otherCard.id, voucher_id: voucher.id });
  assert.equal(r.status, 409, r.text);
});
