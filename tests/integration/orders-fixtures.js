'use strict';
// Shared by orders-lifecycle.test.js and bad-input-orders.test.js: vouchers and programmes made
// with SQL (the programme API is another part of issue 5), orders driven to a status through the
// API, Finnish local dates, and a CSV reader for the export (';' separator, RFC 4180 quoting).
const fs = require('node:fs');
const path = require('node:path');
const { sql } = require('./providers-fixtures');
const { REPO } = require('./harness');

/** "YYYY-MM-DD" of the Finnish local day of `t` (plus `days`). */
function finnishDate(t = new Date(), days = 0) {
  const d = new Date(new Date(t).getTime() + days * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
const isoNow = () => new Date().toISOString().slice(0, 19) + 'Z';
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** A fresh active voucher of the customer with its grant entry; returns its id. */
function makeVoucher(dbUrl, customerId, valueCents, programmeId = null) {
  const now = isoNow();
  const [[id]] = sql(dbUrl, `INSERT INTO vouchers (customer_id, value_cents, valid_from, valid_until, status, created_at, programme_id) `
    + `VALUES (${customerId}, ${valueCents}, ${q(finnishDate())}, ${q(finnishDate(new Date(), 300))}, 'active', ${q(now)}, ${programmeId ?? 'NULL'}) RETURNING id`);
  sql(dbUrl, `INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at) VALUES (${id}, NULL, 'grant', ${valueCents}, ${q(now)})`);
  return Number(id);
}

/** A programme whose vouchers may buy only the given service descriptions; returns its id. */
function makeProgramme(dbUrl, serviceIds) {
  const now = isoNow();
  const [[id]] = sql(dbUrl, 'INSERT INTO voucher_programmes (name, customer_type, denominations, max_per_customer_cents, validity_months, '
    + `budget_cents, application_start, application_end, created_at, updated_at) VALUES ('Testiohjelma ${Date.now()}', 'business', '250000', `
    + `500000, 6, 100000000, '2026-01-01', '2030-12-31', ${q(now)}, ${q(now)}) RETURNING id`);
  for (const s of serviceIds) sql(dbUrl, `INSERT INTO voucher_programme_services (programme_id, service_description_id) VALUES (${id}, ${s})`);
  return Number(id);
}

/** The UI texts of a language as the server has them (i18n/<lang>.json and <lang>.*.json merged). */
function texts(lang = 'fi') {
  const dir = path.join(REPO, 'i18n');
  const out = {};
  for (const f of fs.readdirSync(dir)) if (f === `${lang}.json` || (f.startsWith(`${lang}.`) && f.endsWith('.json'))) Object.assign(out, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  return out;
}

/**
 * Orders driven along the life cycle through the API. `c` is an apiContext; `card` and `voucher`
 * what is ordered with. reach[status]() → the order JSON in that status. invoiced and paid belong
 * to issue 6, so they are set with SQL from reported.
 */
function orderDriver(c, { card, voucher, orderer = 'customer' }) {
  const must = async (role, method, p, body, status = 200) => {
    const r = await c.call(role, method, p, body);
    if (r.status !== status) throw new Error(`${role} ${method} ${p}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
    return r.json;
  };
  const place = () => must(orderer, 'POST', '/api/v1/orders', { product_card_id: card(), voucher_id: voucher() }, 201);
  const step = async (o, role, action, body) => must(role, 'POST', `/api/v1/orders/${o.id}/${action}`, body);
  const viaSql = async (o, status) => {
    sql(c.server.dbUrl, `UPDATE orders SET status = '${status}' WHERE id = ${o.id}`);
    return must('admin', 'GET', `/api/v1/orders/${o.id}`);
  };
  // Issue 6: an order is reported only with both delivery reports in. Here they are written with
  // SQL (reports.test.js files them through the API), so `report` stays the provider's own step.
  const reportsIn = (o) => {
    const now = isoNow();
    for (const t of ['service_reports', 'billing_reports'])
      sql(c.server.dbUrl, `INSERT INTO ${t} (order_id, status, due_on, submitted_at, created_at, updated_at) `
        + `VALUES (${o.id}, 'submitted', ${q(finnishDate(new Date(), 7))}, ${q(now)}, ${q(now)}, ${q(now)}) ON CONFLICT (order_id) DO NOTHING`);
    return o;
  };
  const reach = {
    requested: place,
    accepted: async () => step(await reach.requested(), 'provider', 'accept'),
    in_progress: async () => step(await reach.accepted(), 'provider', 'start'),
    ended: async () => step(await reach.in_progress(), 'provider', 'end'),
    reported: async () => step(reportsIn(await reach.ended()), 'provider', 'report'),
    declined: async () => step(await reach.requested(), 'provider', 'decline', { reason: 'Kalenteri on täynnä' }),
    cancelled: async () => step(await reach.requested(), 'customer', 'cancel', {}),
    invoiced: async () => viaSql(await reach.reported(), 'invoiced'),
    paid: async () => viaSql(await reach.reported(), 'paid'),
  };
  return { reach, step, must, reportsIn };
}

/** Rows of a ';'-separated CSV text (RFC 4180 quoting, CRLF rows); throws on a malformed quote. */
function parseCsv(text, sep = ';') {
  const rows = [];
  let row = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; if (i < text.length && text[i] !== sep && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`); continue; }
      cell += ch; i++; continue;
    }
    if (ch === '"' && cell === '') { quoted = true; i++; continue; }
    if (ch === sep) { row.push(cell); cell = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    if (ch === '\n') throw new Error(`bare LF outside quotes at ${i}`);
    cell += ch; i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length) throw new Error('last row has no CRLF');
  return rows;
}

module.exports = { finnishDate, isoNow, makeVoucher, makeProgramme, texts, orderDriver, parseCsv, sql };
