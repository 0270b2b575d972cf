'use strict';
// Shared by providers.test.js and bad-input-providers.test.js: valid Finnish identifiers made on
// the fly (so each registration is new), a registration form, direct SQL for what the API
// does not show (audit rows, an invitation's expiry), and invitation links read from the mail
// that really arrived over SMTP (the outbox API hides them).
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { api } = require('./harness');
const { apiContext } = require('./context');
const { sharedMailReceiver } = require('./mail-harness');

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];
/** "NNNNNNN-T" with a correct modulus-11 check digit, or null when the seven digits have none. */
function businessIdFrom(seven) {
  const sum = [...seven].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  const r = sum % 11;
  if (r === 1) return null;
  return `${seven}-${r === 0 ? 0 : 11 - r}`;
}
const used = new Set(['2260181-9', '2083016-7', '1318609-4', '1909960-2', '1824628-7', '3482199-0', '3518190-5', '2786579-2', '2432319-7', '1757491-6']);
function freshBusinessId() {
  for (;;) {
    const seven = String(crypto.randomInt(1000000, 9999999));
    const id = businessIdFrom(seven);
    if (id && !used.has(id)) { used.add(id); return id; }
  }
}
const ovtFor = (id) => `0037${id.replace('-', '')}`;
/** A Finnish IBAN with correct check digits for 14 random digits. */
function freshIban() {
  const bban = Array.from({ length: 14 }, () => crypto.randomInt(0, 10)).join('');
  const num = BigInt(`${bban}1518` + '00'); // "FI" → 15 18, check digits 00, moved to the end
  const check = 98n - (num % 97n);
  return `FI${String(check).padStart(2, '0')}${bban}`;
}
const spacedIban = (iban) => iban.replace(/(.{4})/g, '$1 ').trim();

let seq = 0;
/** Every field of /register, valid; override any of them. */
function registration(over = {}) {
  const n = `${process.pid}-${++seq}-${crypto.randomBytes(3).toString('hex')}`;
  const businessId = over.business_id || freshBusinessId();
  return {
    business_id: businessId,
    name: `Testituottaja ${n} Oy`,
    municipality: 'Jyväskylä',
    street_address: 'Väinönkatu 1',
    postal_code: '40100',
    post_office: 'Jyväskylä',
    contact_name: 'Tiina Testaaja',
    phone: '+358 40 123 4567',
    email: `info-${n}@testituottaja.fi`,
    ovt: ovtFor(businessId),
    einvoice_operator: '003721291126',
    iban: spacedIban(freshIban()),
    website: 'https://testituottaja.fi',
    description: 'Testiorganisaatio.\nToinen rivi.',
    user_name: 'Tiina Testaaja',
    user_email: `tiina-${n}@testituottaja.fi`,
    password: 'Tuottaja-salasana-1',
    ...over,
  };
}
const PROFILE_FIELDS = ['name', 'municipality', 'street_address', 'postal_code', 'post_office', 'contact_name', 'phone', 'email', 'ovt', 'einvoice_operator', 'iban', 'website', 'description'];
const profileOf = (p) => Object.fromEntries(PROFILE_FIELDS.map((k) => [k, p[k]]));

/** Rows of a query as arrays of strings, on the test server's own database (SQLite or PostgreSQL). */
function sqlCommand(dbUrl, query) {
  if (dbUrl.startsWith('sqlite:')) return ['sqlite3', ['-batch', '-noheader', '-cmd', '.timeout 5000', '-separator', '\t', dbUrl.slice('sqlite:'.length), query]];
  return ['psql', [dbUrl, '-X', '-q', '-At', '-F', '\t', '-c', query]];
}
function sql(dbUrl, query) {
  const out = execFileSync(...sqlCommand(dbUrl, query), { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** Mails in the outbox: GET /api/v1/outbox as the admin, or the table when that API is not there. */
async function outbox(c) {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await api(c.baseUrl, 'GET', `/api/v1/outbox?page=${page}&page_size=100`, { token: c.tokens.admin });
    if (r.status === 404 && page === 1) {
      const raw = execFileSync(...sqlCommand(c.server.dbUrl, 'SELECT id, kind, to_address, body_text FROM outbox ORDER BY id'), { encoding: 'utf8' });
      return [{ id: 0, kind: 'raw', to: '', body_text: raw }];
    }
    if (r.status !== 200) throw new Error(`GET /api/v1/outbox: HTTP ${r.status} ${r.text.slice(0, 300)}`);
    items.push(...r.json.items);
    if (items.length >= r.json.total || r.json.items.length === 0) return items;
  }
}

/** apiContext whose server delivers its mail to the shared SMTP receiver, kept as c.mail. */
async function mailingContext() {
  const mail = await sharedMailReceiver();
  const c = await apiContext({ smtp: mail });
  c.mail = mail;
  return c;
}

/**
 * The secret of the newest invitation mail that arrived for `email` (an address unique to the
 * test: the receiver is shared) → {token, mail: {subject, text, ...}}. `count`: wait for that many.
 */
async function invitationToken(c, email, { count = 1 } = {}) {
  const mails = await c.mail.waitForMail({ to: email, count });
  const newest = mails[mails.length - 1];
  const links = [...newest.text.matchAll(/\/invitations\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g)];
  if (!links.length) throw new Error(`no link in mail body:\n${newest.text}`);
  return { token: links[links.length - 1][1], mail: newest };
}

module.exports = { businessIdFrom, freshBusinessId, ovtFor, freshIban, spacedIban, registration, PROFILE_FIELDS, profileOf, sql, outbox, mailingContext, invitationToken };
