'use strict';
// Two `palvelutori serve` processes on ONE database (migrated and demo-seeded once) and one test
// clock race 200 order placements against ten vouchers (far more demand than money), with
// provider accepts and declines, customer and counsellor cancellations, organizer cancellations
// (before and after acceptance) and accepts racing cancellations of the same order. Half-way
// through, the clock moves past five vouchers' validity and two `palvelutori expire-vouchers`
// processes run beside the load (each server's own job may join in). Afterwards every answer is
// held against the database: `ledger check` passes, no voucher is over-spent, every 201 is exactly
// one order with one reserve entry, refusals left nothing behind, every 200 transition is the
// order's state, and no accepted order was expired. On PostgreSQL the servers really run in
// parallel (row locks); on SQLite the same two processes share the file and BEGIN IMMEDIATE
// serializes their writers. The vouchers come from a programme through the product's API
// (applications and grants; race-fixtures.js makeVouchers, which falls back to SQL only where
// the API is absent). Replay an interleaving's choices with PT_RACE_SEED=<seed from the output>.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, makeClock, apiToken, api, openapiValidator, DEMO } = require('./harness');
const { sql } = require('./providers-fixtures');
const {
  ledgerCheck, expireVouchers, makeVouchers, voucherSums, ordersOn, entriesOn, orderAudit, orderEvents, eventStory,
  randomSource, tally, pool, isoDay, addMonths, DAY,
} = require('./race-fixtures');

const PLACEMENTS = 200;
const WIDTH = 12;  // requests in flight at once (over both servers)
const AGREED = { reason: 'Sovittu asiakkaan ja palveluntuottajan kanssa' };  // cancellation by agreement

let clock; let s1; let s2; let v;
const tokens = {};
before(async () => {
  const day = isoDay(Date.now());
  clock = makeClock(new Date(`${day}T10:00:00Z`));  // 12:00 or 13:00 in Finland: no day edge near
  s1 = await startServer({ clockFile: clock.file });
  s2 = await startServer({ clockFile: clock.file, dbUrl: s1.dbUrl });
  v = await openapiValidator(s1.baseUrl);
  // Tokens live in the database: each works on both servers.
  for (const role of Object.keys(DEMO)) tokens[role] = await apiToken(s1.baseUrl, DEMO[role].email, DEMO[role].password);
});
after(async () => {
  if (s2) await s2.stop();
  if (s1) await s1.stop();
  if (clock) clock.remove();
});

test('two servers, one database: 200 orders, transitions and an expiry run race; the ledger holds', async (t) => {
  const started = Date.now();
  const rng = randomSource();
  t.diagnostic(`seed ${rng.seed} (PT_RACE_SEED=${rng.seed} reuses it; the interleaving still varies), db ${s1.dbUrl.split(':')[0]}`);
  const dbUrl = s1.dbUrl;
  const servers = [s1, s2];
  const me = {};
  for (const role of ['customer', 'provider']) me[role] = (await api(s1.baseUrl, 'GET', '/api/v1/me', { token: tokens[role] })).json;

  // Ten 5 000 € vouchers, two per demo customer, from one programme: one granted six months
  // less three days ago (so it ends in three days), one granted today.
  const start = clock.now();
  const customers = sql(dbUrl, 'SELECT id FROM customers ORDER BY id').map(([id]) => Number(id));
  assert.ok(customers.includes(me.customer.customer_id), 'the demo customer is among the customers');
  const early = new Date(`${addMonths(isoDay(start.getTime() + 3 * DAY), -6)}T10:00:00Z`);
  const grants = customers.flatMap((customerId) => [
    { customerId, valueCents: 500000, at: early, short: true },
    { customerId, valueCents: 500000, at: start },
  ]);
  const setupCall = async (role, method, path, body) => {
    const r = await api(s1.baseUrl, method, path, { token: tokens[role], body });
    v.checkRes(method, path, r);
    return r;
  };
  const made = await makeVouchers({ dbUrl, doc: v.doc, call: setupCall, clock, now: start, grants, headroomCents: 250000, name: 'Kilpailutesti' });
  const { vouchers, programmeId, budgetCents } = made;
  assert.equal(clock.now().getTime(), start.getTime());
  const voucherIds = vouchers.map((x) => x.id);
  const shortIds = new Set(vouchers.filter((x, i) => grants[i].short).map((x) => x.id));
  const shortEnd = vouchers.filter((x) => shortIds.has(x.id)).map((x) => x.validUntil).sort().at(-1);
  assert.ok(shortEnd >= isoDay(start) && vouchers.filter((x) => !shortIds.has(x.id)).every((x) => x.validUntil > shortEnd),
    `the early vouchers end first, after today: ${JSON.stringify(vouchers)}`);
  t.diagnostic(`vouchers made through the ${made.how === 'api' ? 'API (programme, applications, grants)' : 'SQL fixtures'}; `
    + `five end on ${shortEnd}`);
  assert.equal((await ledgerCheck(dbUrl)).code, 0, 'the ledger checks before the race');

  const cards = (await api(s1.baseUrl, 'GET', '/api/v1/product-cards?page_size=100', {})).json.items;
  const own = cards.filter((c) => c.provider.id === me.provider.provider_id && c.price_cents === 250000);
  const others = cards.filter((c) => c.provider.id !== me.provider.provider_id && c.price_cents <= 500000);
  assert.ok(own.length > 0 && others.length > 0, 'cards of the demo provider and of others');

  const outcomes = tally();
  const problems = [];  // 5xx, network errors and undocumented answers: asserted empty at the end
  // order id → {voucherId, by, ownCard, answers: [[label, action, HTTP status, sent after the clock move]]}
  const placed = new Map();
  let placedAfterMove = 0;
  const lateWinners = [];  // placed on an ended voucher after the clock passed its validity: must stay empty
  const refusals = [];  // [voucherId, status] of refused placements

  async function call(label, server, role, method, path, body) {
    let res;
    try {
      res = await api(server.baseUrl, method, path, { token: tokens[role], body });
    } catch (e) {
      outcomes.add(`${label} network-error`);
      problems.push(`${label} ${method} ${path}: ${e.message}`);
      return null;
    }
    outcomes.add(`${label} ${res.status}`);
    if (res.status >= 500) problems.push(`${label} ${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`);
    try { v.checkRes(method, path, res); } catch (e) { problems.push(e.message); }
    return res;
  }
  async function transition(label, action, server, role, id, body) {
    const sentAfterMove = moved;
    const r = await call(label, server, role, 'POST', `/api/v1/orders/${id}/${action}`, body);
    if (r) placed.get(id).answers.push([label, action, r.status, sentAfterMove]);
    return r;
  }

  // The expiry phase: started by the placement half-way, it runs beside the rest of the load.
  let moved = false;
  let expiry = null;
  const expiryRuns = [];
  const deferred = [];  // orders left awaiting acceptance: accepted or cancelled while the expiry runs
  function startExpiry() {
    clock.set(`${isoDay(Date.parse(`${shortEnd}T10:00:00Z`) + DAY)}T10:00:00Z`);
    moved = true;
    const late = deferred.splice(0);
    // Half the accepted orders on the ending vouchers: cancelled by agreement while the expiry runs.
    const acceptedOnShort = [...placed].filter(([, o]) => shortIds.has(o.voucherId)
      && o.answers.some(([, a, st]) => a === 'accept' && st === 200) && !o.answers.some(([, a, st]) => a !== 'accept' && st === 200));
    const byAgreement = acceptedOnShort.filter(() => rng.next() < 0.5).map(([id]) => id);
    expiry = Promise.all([
      pool(byAgreement.length, 2, (i) => transition('late-organizer-cancel-accepted', 'cancel', servers[i % 2], 'admin', byAgreement[i], AGREED)),
      expireVouchers(dbUrl, clock.file).then((r) => expiryRuns.push(r)),
      expireVouchers(dbUrl, clock.file).then((r) => expiryRuns.push(r)),
      pool(late.length, 4, async (i) => {
        const { id, server } = late[i];
        const o = placed.get(id);
        if (o.ownCard && rng.next() < 0.6) await transition('late-accept', 'accept', servers[1 - server], 'provider', id);
        else await transition('late-organizer-cancel', 'cancel', servers[server], 'admin', id);
      }),
    ]);
  }

  await pool(PLACEMENTS, WIDTH, async (i) => {
    if (i === PLACEMENTS / 2) startExpiry();
    const server = i % 2;
    const voucher = rng.pick(vouchers);
    const by = voucher.customerId === me.customer.customer_id && rng.next() < 0.5 ? 'customer' : 'counsellor';
    const ownCard = rng.next() < 0.8;
    const card = rng.pick(ownCard ? own : others);
    const wasMoved = moved;
    const r = await call('place', servers[server], by, 'POST', '/api/v1/orders', { product_card_id: card.id, voucher_id: voucher.id });
    if (!r) return;
    if (r.status !== 201) { refusals.push([voucher.id, r.status]); return; }
    const id = r.json.id;
    assert.ok(!placed.has(id), `order id ${id} answered twice`);
    placed.set(id, { voucherId: voucher.id, by, ownCard, answers: [] });
    if (wasMoved) placedAfterMove++;
    if (wasMoved && shortIds.has(voucher.id)) lateWinners.push(id);

    const other = servers[1 - server];
    const plan = rng.next();
    if (ownCard && plan < 0.25) {
      const a = await transition('accept', 'accept', other, 'provider', id);
      // Cancellation by agreement after acceptance: only the organizer records it.
      if (a && a.status === 200 && rng.next() < 0.3) await transition('organizer-cancel-accepted', 'cancel', servers[server], 'admin', id, AGREED);
    } else if (ownCard && plan < 0.4) {
      await transition('decline', 'decline', other, 'provider', id, { reason: 'Kalenteri on täynnä' });
    } else if (ownCard && plan < 0.55) {
      // The provider accepts on one server while the customer cancels on the other: one wins.
      await Promise.all([
        transition('race-accept', 'accept', other, 'provider', id),
        transition('race-cancel', 'cancel', servers[server], by, id),
      ]);
    } else if (plan < 0.7) {
      await transition('cancel', 'cancel', other, by, id);
    } else if (plan < 0.8) {
      await transition('organizer-cancel', 'cancel', other, 'admin', id);
    } else if (!moved) {
      deferred.push({ id, server });
    }
  });
  await expiry;
  // After the expiry: the organizer records cancellations by agreement of orders accepted on the
  // expired vouchers, each sent to both servers at once (one must win). Their money cannot go
  // back to an expired voucher's available balance.
  const stillAccepted = [...placed].filter(([, o]) => shortIds.has(o.voucherId)
    && o.answers.some(([, a, st]) => a === 'accept' && st === 200) && !o.answers.some(([, a, st]) => a !== 'accept' && st === 200))
    .map(([id]) => id).slice(0, 3);
  await Promise.all(stillAccepted.map((id) => Promise.all(servers.map((server) =>
    transition('after-expiry-organizer-cancel', 'cancel', server, 'admin', id, AGREED)))));
  // Everything the clock ended is expired now: one more run finds nothing (and the servers' own
  // job may have expired some of them before the CLI runs did).
  const last = await expireVouchers(dbUrl, clock.file);
  assert.equal(last.expired, 0, 'nothing left to expire');
  assert.ok(expiryRuns.every((r) => r.expired <= shortIds.size), JSON.stringify(expiryRuns));

  t.diagnostic(`answers: ${outcomes.text()}`);
  t.diagnostic(`expiry runs: ${JSON.stringify(expiryRuns)}; orders placed after the clock move: ${placedAfterMove}`);
  assert.deepEqual(problems, [], 'no 5xx, network errors or undocumented answers');
  assert.equal(outcomes.get('place 201') + refusals.length, PLACEMENTS);
  assert.ok(outcomes.get('place 201') >= 10 && outcomes.get('place 409') >= 10, 'both winners and refusals');
  assert.ok(refusals.every(([, status]) => status === 409), `refusals are 409: ${JSON.stringify(refusals.filter(([, s]) => s !== 409))}`);
  assert.deepEqual(lateWinners, [], 'no order placed on a voucher after its validity ended');

  // 1. The ledger check, as the operator runs it.
  const check = await ledgerCheck(dbUrl);
  const agreedAfterEnd = [...placed].filter(([, o]) => o.answers.some(([label, , st]) => label.startsWith('late-organizer-cancel-accepted')
    || (label === 'after-expiry-organizer-cancel' && st === 200))).map(([id, o]) => `order ${id} on voucher ${o.voucherId}`);
  assert.equal(check.code, 0, `ledger check:\n${check.stdout}${check.stderr}(accepted orders cancelled by agreement while `
    + `or after their voucher expired: ${agreedAfterEnd.join(', ') || 'none'})`);
  t.diagnostic(check.stdout.trim());

  // 2. Per voucher, the SQL sums: never more reserved + spent than granted, no pot negative;
  //    the vouchers whose validity ended are expired with nothing available.
  const sums = voucherSums(dbUrl, voucherIds);
  for (const x of vouchers) {
    const s = sums.get(x.id);
    assert.equal(s.granted, x.valueCents, `voucher ${x.id}: granted`);
    assert.ok(s.reserved + s.spent <= s.granted, `voucher ${x.id}: reserved ${s.reserved} + spent ${s.spent} > granted ${s.granted}`);
    for (const pot of ['available', 'reserved', 'spent', 'expired', 'cancelled']) assert.ok(s[pot] >= 0, `voucher ${x.id}: ${pot} ${s[pot]} < 0`);
    if (shortIds.has(x.id)) {
      assert.equal(s.status, 'expired', `voucher ${x.id} ended on ${shortEnd}`);
      assert.equal(s.available, 0, `expired voucher ${x.id} has nothing available`);
    } else {
      assert.equal(s.status, 'active', `voucher ${x.id} is still valid`);
      assert.equal(s.expired, 0);
    }
  }
  const [[allocated]] = sql(dbUrl, `SELECT COALESCE(SUM(e.amount_cents), 0) FROM ledger_entries e JOIN vouchers v ON v.id = e.voucher_id
    WHERE v.programme_id = ${programmeId} AND e.kind = 'grant'`);
  assert.ok(Number(allocated) <= budgetCents, 'the programme is not over-allocated');

  // 3. Every 201 is exactly one order row, and there are no others on these vouchers: the
  //    refused placements left no order behind.
  const orders = ordersOn(dbUrl, voucherIds);
  assert.deepEqual([...orders.keys()].sort((a, b) => a - b), [...placed.keys()].sort((a, b) => a - b));
  for (const [id, o] of placed) assert.equal(orders.get(id).voucherId, o.voucherId, `order ${id}: voucher`);

  // 4. Entries: one grant per voucher, one reserve per order, one release per released order,
  //    at most one expire per voucher (on the expired ones) and nothing else, so no refusal
  //    (409, 404) moved any money.
  const entries = entriesOn(dbUrl, voucherIds);
  const byKind = (k) => entries.filter((e) => e.kind === k);
  assert.equal(byKind('grant').length, vouchers.length);
  assert.equal(byKind('reserve').length, orders.size, 'reserve entries = orders');
  const released = [...orders].filter(([, o]) => o.status === 'declined' || o.status === 'cancelled');
  assert.equal(byKind('release').length, released.length, 'release entries = declined + cancelled orders');
  for (const [id, o] of orders) {
    const mine = entries.filter((e) => e.orderId === id && e.kind !== 'expire');
    const kinds = mine.map((e) => e.kind).join(',');
    const expected = o.status === 'declined' || o.status === 'cancelled' ? 'reserve,release' : 'reserve';
    assert.equal(kinds, expected, `order ${id} (${o.status}): entries ${kinds}`);
    assert.ok(mine.every((e) => e.amount === o.price && e.voucherId === o.voucherId), `order ${id}: amounts and voucher`);
  }
  const expires = byKind('expire');
  assert.ok(expires.every((e) => shortIds.has(e.voucherId)), 'expire entries only on the expired vouchers');
  assert.equal(entries.length, vouchers.length + orders.size + released.length + expires.length, 'no other entries');

  // 5. Every 200 transition is the order's state; no two conflicting ones both won; an order
  //    cancelled without a 200 cancel was cancelled by the expiry; no accepted order expired.
  const audit = orderAudit(dbUrl, [...orders.keys()]);
  const contracts = new Set(sql(dbUrl, `SELECT order_id FROM order_contracts WHERE order_id IN (${[...orders.keys()].join(', ') || 0})`)
    .map(([id]) => Number(id)));
  const events = orderEvents(dbUrl, [...orders.keys()]);
  const finals = tally();
  let acceptedOnExpired = 0;
  let acceptedAfterEnd = 0;
  for (const [id, o] of placed) {
    const status = orders.get(id).status;
    const actions = audit.get(id) || [];
    finals.add(status);
    const won = o.answers.filter(([, , s]) => s === 200).map(([, a]) => a);
    // The provider's accept and the customer's cancel raced on two servers: never both.
    const raced = o.answers.filter(([label, , s]) => label.startsWith('race-') && s === 200);
    assert.ok(raced.length <= 1, `order ${id}: both racing transitions won: ${JSON.stringify(o.answers)}`);
    if (o.answers.some(([label]) => label.startsWith('race-'))) finals.add(`race won by ${raced[0] ? raced[0][1] : 'neither'}`);
    const twice = o.answers.filter(([label, , s]) => label === 'after-expiry-organizer-cancel' && s === 200);
    if (o.answers.some(([label]) => label === 'after-expiry-organizer-cancel')) {
      assert.equal(twice.length, 1, `order ${id}: one of the two simultaneous cancellations wins: ${JSON.stringify(o.answers)}`);
    }
    const expected = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' }[won[won.length - 1]];
    assert.equal(actions.filter((a) => a === 'order.place').length, 1, `order ${id}: one place audit record`);
    assert.ok(!(actions.includes('order.accept') && actions.includes('order.expire')), `order ${id} was accepted and expired: ${actions}`);
    const story = events.get(id) || [];
    assert.equal(eventStory(story, status), '', `order ${id}: its events`);
    assert.ok(!(story.some((e) => e.action === 'accept') && story.some((e) => e.action === 'expire')), `order ${id}: accept and expire events`);
    assert.deepEqual(story.slice(1).map((e) => e.action), actions.slice(1).map((a) => a.replace(/^order\./, '')), `order ${id}: events = audit records`);
    assert.equal(contracts.has(id), actions.includes('order.accept'), `order ${id}: a contract iff accepted`);
    if (expected) {
      assert.equal(status, expected, `order ${id}: answers ${JSON.stringify(o.answers)}, status ${status}`);
      assert.ok(!actions.includes('order.expire'), `order ${id}: expired after a 200 ${won.at(-1)}`);
    } else if (actions.includes('order.expire')) {
      assert.equal(status, 'cancelled', `order ${id}: expired → cancelled`);
      assert.ok(shortIds.has(o.voucherId), `order ${id}: expired on a voucher that is still valid`);
      finals.add('cancelled by the expiry');
    } else {
      assert.equal(status, 'requested', `order ${id}: no transition won, status ${status} (${JSON.stringify(o.answers)})`);
      assert.ok(!shortIds.has(o.voucherId), `order ${id}: still awaiting acceptance on an expired voucher`);
    }
    if (status === 'accepted' && shortIds.has(o.voucherId)) {
      acceptedOnExpired++;
      if (o.answers.some(([, a, s, late]) => a === 'accept' && s === 200 && late)) acceptedAfterEnd++;
    }
  }
  t.diagnostic(`final order states: ${finals.text()}; accepted orders on the expired vouchers (keeping their reservations): ${acceptedOnExpired}, `
    + `of them accepted after the clock passed the validity, before the expiry reached them: ${acceptedAfterEnd}`);
  t.diagnostic(`entries on the race vouchers: ${entries.length} (reserve ${orders.size}, release ${released.length}, expire ${expires.length}); ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
