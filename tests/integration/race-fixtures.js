'use strict';
// Shared by ledger-race.test.js and crash.test.js: vouchers made with SQL (a programme, vouchers
// and their grant entries, as a grant decision writes them), the CLI (`ledger check`,
// `expire-vouchers`) as separate processes, the ledger summed with SQL, a seeded random source
// (the seed is printed, so a failing interleaving can be replayed with PT_RACE_SEED) and a
// tally of outcomes for t.diagnostic.
const { execFile } = require('node:child_process');
const path = require('node:path');
const { REPO } = require('./harness');
const { sql } = require('./providers-fixtures');

const BIN = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');

/** Runs the CLI; → {code, stdout, stderr, ms}. Never throws for a non-zero exit. */
function cli(args, { clockFile, timeout = 60000 } = {}) {
  const env = { ...process.env, ...(clockFile ? { PALVELUTORI_CLOCK_FILE: clockFile } : {}) };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(BIN, args, { cwd: REPO, env, encoding: 'utf8', timeout }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? err.code : 0, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const ledgerCheck = (dbUrl) => cli(['ledger', 'check', '--database', dbUrl]);

/** `palvelutori expire-vouchers` at the clock file's time → {expired, reminded}. */
async function expireVouchers(dbUrl, clockFile) {
  const r = await cli(['expire-vouchers', '--database', dbUrl], { clockFile });
  const m = /vouchers expired: (\d+), reminded: (\d+)/.exec(r.stdout);
  if (r.code !== 0 || !m) throw new Error(`expire-vouchers exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return { expired: Number(m[1]), reminded: Number(m[2]) };
}

const iso = (d) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
const isoDay = (d) => new Date(d).toISOString().slice(0, 10);
const DAY = 24 * 3600 * 1000;
/** "2026-01-31" + 1 month → "2026-02-28" (clamped to the month's last day). */
function addMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const ids = (list) => list.map((x) => Number(x)).join(', ');

/**
 * A business programme for every service and one voucher per entry of `grants` ({customerId,
 * valueCents, validUntil}), each with its grant entry, written the way a grant decision writes them. The programme's budget
 * is the sum of the grants plus `headroomCents`. → {programmeId, vouchers: [{id, customerId,
 * valueCents, validUntil}]}.
 */
function grantVouchers(dbUrl, { now, grants, headroomCents = 0, name = 'Kilpailutesti' }) {
  const at = iso(now);
  const today = isoDay(now);
  const budget = grants.reduce((s, g) => s + g.valueCents, 0) + headroomCents;
  const maxPerCustomer = Math.max(...Object.values(grants.reduce((m, g) => {
    m[g.customerId] = (m[g.customerId] || 0) + g.valueCents;
    return m;
  }, {})));
  const [[programmeId]] = sql(dbUrl, `INSERT INTO voucher_programmes (name, customer_type, denominations,
      max_per_customer_cents, validity_months, budget_cents, application_start, application_end, created_at, updated_at)
    VALUES (${q(`${name} ${process.pid}`)}, 'business', '250000,500000', ${maxPerCustomer}, 6, ${budget},
      ${q(today)}, ${q(isoDay(Date.parse(now) + 30 * DAY))}, ${q(at)}, ${q(at)}) RETURNING id`);
  // It may buy every service of the market (a programme's vouchers buy only what it names).
  sql(dbUrl, `INSERT INTO voucher_programme_services (programme_id, service_description_id)
    SELECT ${programmeId}, id FROM service_descriptions`);
  const vouchers = grants.map((g) => {
    const [[id]] = sql(dbUrl, `INSERT INTO vouchers (customer_id, value_cents, valid_from, valid_until, status, created_at, programme_id)
      VALUES (${g.customerId}, ${g.valueCents}, ${q(today)}, ${q(g.validUntil)}, 'active', ${q(at)}, ${programmeId}) RETURNING id`);
    sql(dbUrl, `INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at)
      VALUES (${id}, NULL, 'grant', ${g.valueCents}, ${q(at)})`);
    return { id: Number(id), customerId: g.customerId, valueCents: g.valueCents, validUntil: g.validUntil };
  });
  return { programmeId: Number(programmeId), budgetCents: budget, vouchers };
}

/**
 * The same through the product's API when it has one (POST /programmes as the organizer, then per
 * voucher a counsellor's application on the customer's behalf and the organizer's grant), else
 * grantVouchers' SQL. `at` is an optional clock time per grant (a {set(time)} clock needed): a
 * grant made earlier ends earlier, since validity runs from the grant. `call(role, method, path,
 * body)` sends and validates. → {how: 'api'|'sql', programmeId, budgetCents, vouchers: [{id,
 * customerId, valueCents, validUntil}]}.
 */
async function makeVouchers({ dbUrl, doc, call, clock, now, grants, headroomCents = 0, name }) {
  const viaApi = doc.paths['/programmes'] && doc.paths['/programmes'].post
    && doc.paths['/voucher-applications'] && doc.paths['/voucher-applications'].post
    && doc.paths['/voucher-applications/{id}/grant'];
  if (!viaApi) {
    // Validity is set directly: the grant times only decide it.
    const g2 = grants.map((g) => ({ ...g, validUntil: g.validUntil || addMonths(isoDay(g.at || now), 6) }));
    return { how: 'sql', ...grantVouchers(dbUrl, { now, grants: g2, headroomCents, name }) };
  }
  const ok = (r, status, what) => {
    if (!r || r.status !== status) throw new Error(`${what}: HTTP ${r && r.status} ${r && r.text.slice(0, 500)}`);
    return r.json;
  };
  const services = sql(dbUrl, 'SELECT id FROM service_descriptions ORDER BY id').map(([id]) => Number(id));
  const perCustomer = {};
  for (const g of grants) perCustomer[g.customerId] = (perCustomer[g.customerId] || 0) + g.valueCents;
  const times = grants.map((g) => Date.parse(g.at || now));
  const budget = grants.reduce((x, g) => x + g.valueCents, 0) + headroomCents;
  const programme = ok(await call('admin', 'POST', '/api/v1/programmes', {
    name: `${name || 'Kilpailutesti'} ${process.pid}`, customer_type: 'business',
    denominations_cents: [...new Set(grants.map((g) => g.valueCents))], max_per_customer_cents: Math.max(...Object.values(perCustomer)),
    validity_months: 6, budget_cents: budget, service_description_ids: services,
    application_start: isoDay(Math.min(...times) - DAY), application_end: isoDay(Math.max(...times) + 30 * DAY),
  }), 201, 'POST /programmes');
  const vouchers = [];
  for (const g of grants) {
    if (g.at) clock.set(g.at);
    const app = ok(await call('counsellor', 'POST', '/api/v1/voucher-applications', {
      programme_id: programme.id, customer: { customer_id: g.customerId }, requested_cents: g.valueCents, purpose: 'Kasvun kehittäminen',
    }), 201, 'POST /voucher-applications');
    const granted = ok(await call('admin', 'POST', `/api/v1/voucher-applications/${app.id}/grant`, { denomination_cents: g.valueCents }),
      200, 'grant');
    const [[validUntil, customerId, value]] = sql(dbUrl, `SELECT valid_until, customer_id, value_cents FROM vouchers WHERE id = ${Number(granted.voucher_id)}`);
    if (Number(customerId) !== g.customerId || Number(value) !== g.valueCents) throw new Error(`grant ${app.id}: voucher ${granted.voucher_id} is not what was granted`);
    vouchers.push({ id: Number(granted.voucher_id), customerId: g.customerId, valueCents: g.valueCents, validUntil });
  }
  if (clock) clock.set(now);
  return { how: 'api', programmeId: programme.id, budgetCents: budget, vouchers };
}

/** Per voucher id: the SQL sums of its entries by kind, its status and value. */
function voucherSums(dbUrl, voucherIds) {
  const rows = sql(dbUrl, `SELECT v.id, v.status, v.value_cents,
      COALESCE(SUM(CASE WHEN e.kind = 'grant' THEN e.amount_cents END), 0),
      COALESCE(SUM(CASE WHEN e.kind = 'reserve' THEN e.amount_cents END), 0),
      COALESCE(SUM(CASE WHEN e.kind = 'release' THEN e.amount_cents END), 0),
      COALESCE(SUM(CASE WHEN e.kind = 'spend' THEN e.amount_cents END), 0),
      COALESCE(SUM(CASE WHEN e.kind = 'expire' THEN e.amount_cents END), 0),
      COALESCE(SUM(CASE WHEN e.kind = 'cancel' THEN e.amount_cents END), 0)
    FROM vouchers v LEFT JOIN ledger_entries e ON e.voucher_id = v.id
    WHERE v.id IN (${ids(voucherIds)}) GROUP BY v.id, v.status, v.value_cents ORDER BY v.id`);
  const out = new Map();
  for (const [id, status, value, grant, reserve, release, spend, expire, cancel] of rows) {
    const n = (x) => Number(x);
    const reserved = n(reserve) - n(release) - n(spend);
    out.set(n(id), {
      status, value: n(value), granted: n(grant), reserved, spent: n(spend), expired: n(expire), cancelled: n(cancel),
      available: n(grant) - reserved - n(spend) - n(expire) - n(cancel),
    });
  }
  return out;
}

/** Orders on these vouchers → Map id → {voucherId, status, price}. */
function ordersOn(dbUrl, voucherIds) {
  const out = new Map();
  for (const [id, voucherId, status, price] of sql(dbUrl,
    `SELECT id, voucher_id, status, price_cents FROM orders WHERE voucher_id IN (${ids(voucherIds)}) ORDER BY id`)) {
    out.set(Number(id), { voucherId: Number(voucherId), status, price: Number(price) });
  }
  return out;
}

/** Entries on these vouchers → [{id, voucherId, orderId|null, kind, amount}]. */
function entriesOn(dbUrl, voucherIds) {
  return sql(dbUrl, `SELECT id, voucher_id, order_id, kind, amount_cents FROM ledger_entries
    WHERE voucher_id IN (${ids(voucherIds)}) ORDER BY id`).map(([id, v, o, kind, amount]) => ({
    id: Number(id), voucherId: Number(v), orderId: o === '' ? null : Number(o), kind, amount: Number(amount),
  }));
}

/** Audit actions per order id ("order.place", "order.accept", "order.expire", ...). */
function orderAudit(dbUrl, orderIds) {
  const out = new Map();
  if (orderIds.length === 0) return out;
  for (const [entityId, action] of sql(dbUrl, `SELECT entity_id, action FROM audit_log
      WHERE entity = 'order' AND entity_id IN (${orderIds.map((x) => q(x)).join(', ')}) ORDER BY id`)) {
    const k = Number(entityId);
    if (!out.has(k)) out.set(k, []);
    out.get(k).push(action);
  }
  return out;
}

/** Order events (the life cycle's history) per order id → [{action, from, to}] in id order. */
function orderEvents(dbUrl, orderIds) {
  const out = new Map();
  if (orderIds.length === 0) return out;
  for (const [orderId, action, from, to] of sql(dbUrl, `SELECT order_id, action, COALESCE(from_status, ''), to_status
      FROM order_events WHERE order_id IN (${ids(orderIds)}) ORDER BY id`)) {
    const k = Number(orderId);
    if (!out.has(k)) out.set(k, []);
    out.get(k).push({ action, from: from || null, to });
  }
  return out;
}

/** Problems with one order's events against its status: '' when they tell its story. */
function eventStory(events = [], status) {
  if (events.length === 0 || events[0].action !== 'place' || events[0].from !== null || events[0].to !== 'requested') {
    return `does not start with place → requested: ${JSON.stringify(events)}`;
  }
  for (let i = 1; i < events.length; i++) {
    if (events[i].from !== events[i - 1].to) return `event ${i} starts from ${events[i].from}, not ${events[i - 1].to}`;
  }
  if (events.at(-1).to !== status) return `the last event ends in ${events.at(-1).to}, the order is ${status}`;
  return '';
}

/** A small seeded PRNG (mulberry32): the same seed gives the same choices. */
function randomSource(seed = Number(process.env.PT_RACE_SEED) || (Date.now() % 2147483647)) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, pick: (list) => list[Math.floor(next() * list.length)] };
}

/** Counts by key ("place 201", "accept 409", ...), printed in a stable order. */
function tally() {
  const counts = new Map();
  return {
    add(key) { counts.set(key, (counts.get(key) || 0) + 1); },
    get: (key) => counts.get(key) || 0,
    keys: () => [...counts.keys()],
    text: () => [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`).join(', '),
  };
}

/** Runs `task(i)` for i in 0..n-1 with at most `width` running at once. */
async function pool(n, width, task) {
  let next = 0;
  const worker = async () => { for (let i = next++; i < n; i = next++) await task(i); };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
}

module.exports = {
  BIN, cli, ledgerCheck, expireVouchers, grantVouchers, makeVouchers, voucherSums, ordersOn, entriesOn, orderAudit,
  orderEvents, eventStory, randomSource, tally, pool, iso, isoDay, addMonths, DAY,
};
