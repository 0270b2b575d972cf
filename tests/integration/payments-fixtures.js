'use strict';
// Approved invoices for the payment tests (payments.test.js, bad-input-payments.test.js). The invoice
// run and approval are another helper's part of issue 6, so an invoice is made the way they leave it:
// an order driven to `reported` through the API, then with SQL the order `invoiced`, its reservation
// spent in the ledger (what approval does) and an invoice row in the given status. The ledger check
// passes on what this leaves.
const crypto = require('node:crypto');
const { finnishDate, isoNow, makeVoucher, orderDriver, sql } = require('./orders-fixtures');

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** Sets up a voucher and a card of the demo provider; → {invoice(opts), me}. */
async function invoiceFactory(c) {
  const me = {};
  for (const r of ['admin', 'provider', 'customer']) me[r] = (await c.call(r, 'GET', '/api/v1/me')).json;
  const cards = await c.all(null, '/api/v1/product-cards');
  const card = cards.find((x) => x.provider.id === me.provider.provider_id && x.price_cents === 250000);
  if (!card) throw new Error('the demo provider has a 2 500 € card');
  const voucherId = makeVoucher(c.server.dbUrl, me.customer.customer_id, 100000000);
  const drive = orderDriver(c, { card: () => card.id, voucher: () => voucherId });

  /**
   * An invoice of a fresh order: status 'approved' (default) or another, gross in cents (default the
   * price, 0 % VAT), issued `issueDate` (default today). → {id, number, orderId, gross}
   */
  async function invoice({ status = 'approved', gross = 250000, issueDate = finnishDate(), kind = 'invoice' } = {}) {
    const o = await drive.reach.reported();
    const url = c.server.dbUrl;
    const now = isoNow();
    sql(url, `UPDATE orders SET status = 'invoiced', updated_at = ${q(now)} WHERE id = ${o.id}`);
    sql(url, `INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at) VALUES (${voucherId}, ${o.id}, 'spend', ${o.price_cents}, ${q(now)})`);
    const number = `T${Date.now() % 1e8}-${crypto.randomBytes(3).toString('hex')}`;
    const [[id]] = sql(url, 'INSERT INTO invoices (kind, number, order_id, provider_id, issue_date, due_date, reference_number, buyer_reference, '
      + 'net_cents, vat_cents, gross_cents, status, seller_json, buyer_json, created_at, updated_at) VALUES '
      + `(${q(kind)}, ${q(number)}, ${o.id}, ${o.provider.id}, ${q(issueDate)}, ${q(finnishDate(new Date(), 21))}, '12344', 'Testi', `
      + `${gross}, 0, ${gross}, ${q(status)}, '{}', '{}', ${q(now)}, ${q(now)}) RETURNING id`);
    return { id: Number(id), number, orderId: o.id, gross };
  }
  return { invoice, me, voucherId };
}

/** "1 250,50" style amount for the CSV from cents. */
const fiAmount = (cents) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
/** "15.12.2026" from "2026-12-15". */
const fiDate = (iso) => { const [y, m, d] = iso.split('-'); return `${Number(d)}.${Number(m)}.${y}`; };

module.exports = { invoiceFactory, fiAmount, fiDate, finnishDate, sql };
