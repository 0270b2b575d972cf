'use strict';
// `palvelutori ledger check` against a real demo database (SQLite or, with PT_DB=postgres, PostgreSQL):
// the seeded ledger checks, real orders through the API keep it checking, and a ledger corrupted
// with SQL makes it exit 1 naming the subject id and the violation code. Tests run in file order
// and share one database; each corruption adds to the previous ones.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { apiContext } = require('./context');
const { REPO } = require('./harness');
const { sql } = require('./providers-fixtures');

let c;
before(async () => { c = await apiContext(); });
after(async () => { if (c) await c.server.stop(); });

function bin() {
  const b = process.env.PT_BIN || 'out/palvelutori';
  return path.isAbsolute(b) ? b : path.join(REPO, b);
}
/** Runs the CLI; → {code, stdout, stderr}. */
function cli(args) {
  const r = spawnSync(bin(), args, { cwd: REPO, encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const check = () => cli(['ledger', 'check', '--database', c.server.dbUrl]);
const count = (table) => Number(sql(c.server.dbUrl, `SELECT COUNT(*) FROM ${table}`)[0][0]);
/** The violation lines (all but the summary line). */
const violations = (out) => out.trim().split('\n').slice(1);

function assertOk(r) {
  assert.equal(r.code, 0, `ledger check should pass:\n${r.stdout}${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'one summary line on success');
  const m = /^ledger check: (\d+) programmes, (\d+) vouchers, (\d+) entries, (\d+) orders: OK$/.exec(lines[0]);
  assert.ok(m, lines[0]);
  // The counts are what the database holds (the server is idle between requests).
  assert.equal(Number(m[2]), count('vouchers'));
  assert.equal(Number(m[3]), count('ledger_entries'));
  assert.equal(Number(m[4]), count('orders'));
  return m;
}

let me;
let cards;
let vouchers;
test('the fresh demo database checks', async () => {
  const m = assertOk(check());
  assert.ok(Number(m[2]) >= 5 && Number(m[3]) >= Number(m[2]), 'demo data has vouchers with grants');
  me = (await c.call('provider', 'GET', '/api/v1/me')).json;
  cards = await c.all('customer', '/api/v1/product-cards');
  vouchers = (await c.all('admin', '/api/v1/vouchers')).filter((v) => v.status === 'active' && v.balance.available_cents > 0);
  assert.ok(vouchers.length >= 3, 'three active vouchers with money to play with');
});

test('the demo programme with its grants checks: budget = unallocated + the vouchers granted from it', async () => {
  const m = assertOk(check());
  assert.equal(Number(m[1]), count('voucher_programmes'));
  assert.ok(Number(m[1]) >= 1, 'the demo has programmes');
  const [[pid, budget, granted, n]] = sql(c.server.dbUrl, `SELECT p.id, p.budget_cents, SUM(v.value_cents), COUNT(v.id)
    FROM voucher_programmes p JOIN vouchers v ON v.programme_id = p.id GROUP BY p.id, p.budget_cents ORDER BY p.id`);
  assert.ok(Number(n) >= 1 && Number(granted) > 0 && Number(granted) <= Number(budget), `programme ${pid} has grants within its budget`);
  const p = (await c.call('admin', 'GET', `/api/v1/programmes/${pid}`)).json;
  assert.equal(p.allocated_cents, Number(granted));
  assert.equal(p.unallocated_cents, Number(budget) - Number(granted));
});

const placed = {};
test('orders through the API (place, accept, decline, cancel) keep the ledger checking', async () => {
  const customerId = (await c.call('customer', 'GET', '/api/v1/me')).json.customer_id;
  const own = vouchers.find((v) => v.customer.id === customerId && v.balance.available_cents >= 250000);
  assert.ok(own, 'the demo customer has an active voucher');
  const card = cards.find((x) => x.provider.id === me.provider_id && x.price_cents <= own.balance.available_cents / 2);
  assert.ok(card, "a card of the demo provider at most half the customer's balance");
  const order = async () => {
    const r = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: card.id, voucher_id: own.id });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };

  placed.accepted = await order();
  let r = await c.call('provider', 'POST', `/api/v1/orders/${placed.accepted.id}/accept`);
  assert.equal(r.status, 200, r.text);
  placed.declined = await order();
  r = await c.call('provider', 'POST', `/api/v1/orders/${placed.declined.id}/decline`, { reason: 'Kalenteri on täynnä' });
  assert.equal(r.status, 200, r.text);
  placed.cancelled = await order();
  r = await c.call('customer', 'POST', `/api/v1/orders/${placed.cancelled.id}/cancel`);
  assert.equal(r.status, 200, r.text);
  placed.requested = await order();  // still open: holds its reservation
  placed.voucher = own;

  const m = assertOk(check());
  assert.ok(Number(m[4]) >= 4, 'the orders are counted');
  const kinds = sql(c.server.dbUrl, `SELECT kind FROM ledger_entries WHERE voucher_id = ${own.id} ORDER BY id`).map((x) => x[0]);
  assert.deepEqual(kinds.filter((k) => k !== 'grant'), ['reserve', 'reserve', 'release', 'reserve', 'release', 'reserve']);
});

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

test("an extra spend larger than the voucher: exit 1, voucher id and voucher.overspent", () => {
  const v = placed.voucher;
  sql(c.server.dbUrl, `INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at)
    VALUES (${v.id}, ${placed.accepted.id}, 'spend', ${v.value_cents + 100}, '${now()}')`);
  const r = check();
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^ledger check: .* orders: \d+ violation\(s\)$/m);
  const lines = violations(r.stdout);
  assert.ok(lines.some((l) => l.startsWith(`voucher ${v.id}: voucher.overspent`)), r.stdout);
  assert.ok(lines.some((l) => l.startsWith(`voucher ${v.id}: voucher.negative_reserved`)), r.stdout);
  assert.ok(lines.some((l) => l.startsWith(`order ${placed.accepted.id}: order.overdrawn`)), r.stdout);
  // Nothing about the untouched vouchers.
  const others = vouchers.filter((x) => x.id !== v.id).map((x) => `voucher ${x.id}:`);
  assert.ok(!lines.some((l) => others.some((o) => l.startsWith(o))), r.stdout);
});

let second;
test('a reserve without an order: exit 1, entry.missing_order', () => {
  second = vouchers.find((x) => x.id !== placed.voucher.id);
  const [[entryId]] = sql(c.server.dbUrl, `INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at)
    VALUES (${second.id}, NULL, 'reserve', 1000, '${now()}') RETURNING id`);
  const r = check();
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const line = violations(r.stdout).find((l) => l.startsWith(`entry ${entryId}: entry.missing_order`));
  assert.ok(line, r.stdout);
  assert.ok(line.includes(`on voucher ${second.id} names no order`), `the voucher is named: ${line}`);
  // The fold and the SQL sums read the same entries, so they still agree.
  assert.ok(!r.stdout.includes('voucher.balance_mismatch'), r.stdout);
});

test("a voucher 'expired' that still has money available: exit 1, voucher id and voucher.closed_with_money", () => {
  const third = vouchers.find((x) => x.id !== placed.voucher.id && x.id !== second.id);
  sql(c.server.dbUrl, `UPDATE vouchers SET status = 'expired' WHERE id = ${third.id}`);
  const r = check();
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const line = violations(r.stdout).find((l) => l.startsWith(`voucher ${third.id}: voucher.closed_with_money`));
  assert.ok(line, r.stdout);
  assert.match(line, new RegExp(`actual ${(third.balance.available_cents / 100).toFixed(2)}`));
});

test('an order whose status is not in the life cycle: order.unknown_status, not a guessed mismatch', () => {
  sql(c.server.dbUrl, `UPDATE orders SET status = 'lost' WHERE id = ${placed.requested.id}`);
  const r = check();
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const lines = violations(r.stdout).filter((l) => l.startsWith(`order ${placed.requested.id}:`));
  assert.equal(lines.length, 1, r.stdout);
  assert.match(lines[0], /order\.unknown_status: .*'lost'/);
});

test('a programme whose budget is below its grants: exit 1, programme id and programme.over_allocated', () => {
  const [[pid, granted]] = sql(c.server.dbUrl, `SELECT programme_id, SUM(value_cents) FROM vouchers
    WHERE programme_id IS NOT NULL GROUP BY programme_id ORDER BY programme_id`);
  const others = sql(c.server.dbUrl, `SELECT id FROM voucher_programmes WHERE id <> ${pid}`).map((x) => x[0]);
  sql(c.server.dbUrl, `UPDATE voucher_programmes SET budget_cents = 1 WHERE id = ${pid}`);
  const r = check();
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const line = violations(r.stdout).find((l) => l.startsWith(`programme ${pid}: programme.over_allocated`));
  assert.ok(line, r.stdout);
  assert.match(line, new RegExp(`by ${((Number(granted) - 1) / 100).toFixed(2)}`), line);
  // Nothing about the untouched programmes.
  assert.ok(!violations(r.stdout).some((l) => others.some((o) => l.startsWith(`programme ${o}:`))), r.stdout);
});

test('a voucher naming a programme that does not exist: voucher.unknown_programme', () => {
  const [[vid]] = sql(c.server.dbUrl, 'SELECT MIN(id) FROM vouchers WHERE programme_id IS NOT NULL');
  // The foreign key would refuse it on PostgreSQL; SQLite does not enforce it here, so only there.
  if (!c.server.dbUrl.startsWith('sqlite:')) return;
  sql(c.server.dbUrl, `UPDATE vouchers SET programme_id = 999999 WHERE id = ${vid}`);
  const r = check();
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.ok(violations(r.stdout).some((l) => l.startsWith(`voucher ${vid}: voucher.unknown_programme`)), r.stdout);
});

test('a refund (credit note) of more than the order spent: order.over_refunded and voucher.negative_spent', () => {
  const v = placed.voucher;
  const [[spent]] = sql(c.server.dbUrl, `SELECT COALESCE(SUM(CASE WHEN kind = 'spend' THEN amount_cents ELSE -amount_cents END), 0)
    FROM ledger_entries WHERE voucher_id = ${v.id} AND kind IN ('spend', 'refund')`);
  const [[orderSpent]] = sql(c.server.dbUrl, `SELECT COALESCE(SUM(CASE WHEN kind = 'spend' THEN amount_cents ELSE -amount_cents END), 0)
    FROM ledger_entries WHERE order_id = ${placed.accepted.id} AND kind IN ('spend', 'refund')`);
  const amount = Math.max(Number(spent), Number(orderSpent)) + 100;
  const [[entryId]] = sql(c.server.dbUrl, `INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at)
    VALUES (${v.id}, ${placed.accepted.id}, 'refund', ${amount}, '${now()}') RETURNING id`);
  const r = check();
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const lines = violations(r.stdout);
  assert.ok(lines.some((l) => l.startsWith(`voucher ${v.id}: voucher.negative_spent at entry ${entryId}`)), r.stdout);
  assert.ok(lines.some((l) => l.startsWith(`order ${placed.accepted.id}: order.over_refunded at entry ${entryId}`)), r.stdout);
});

test('bad arguments and unreachable databases exit 2 with a message', () => {
  const url = c.server.dbUrl;
  let r = cli(['ledger', '--database', url]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /subcommand/);
  r = cli(['ledger', 'verify', '--database', url]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown subcommand 'verify'/);
  r = cli(['ledger', 'check', 'extra', '--database', url]);
  assert.equal(r.code, 2);
  r = cli(['ledger', 'check', '--frobnicate', '--database', url]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option --frobnicate/);
  r = cli(['ledger', 'check', '--database', 'mysql://x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unsupported database URL/);

  const missing = path.join(os.tmpdir(), `pt-ledger-missing-${process.pid}.db`);
  r = cli(['ledger', 'check', '--database', `sqlite:${missing}`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no database at/);
  assert.ok(!fs.existsSync(missing), 'the check does not create a database');

  const empty = path.join(os.tmpdir(), `pt-ledger-empty-${process.pid}.db`);
  fs.writeFileSync(empty, '');
  try {
    r = cli(['ledger', 'check', '--database', `sqlite:${empty}`]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /cannot read the ledger .*migrated/);
  } finally {
    for (const f of [empty, `${empty}-wal`, `${empty}-shm`]) fs.rmSync(f, { force: true });
  }

  r = cli(['ledger', 'check', '--database', 'postgresql://postgres@127.0.0.1:1/palvelutori_none']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot open the database: cannot connect to PostgreSQL/);

  r = cli(['ledger', 'check', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: palvelutori ledger check/);
});
