'use strict';
// Shared by invoices.test.js and bad-input-invoices.test.js: an order driven to `reported` through
// the API, its service description's price model and VAT set with SQL, and an approved billing
// report written with SQL (the reports API is another part of issue 6), so the invoice run has
// something to bill. Also the Finnish reference check digit, computed independently here.
const { sql } = require('./providers-fixtures');
const { finnishDate, isoNow, makeVoucher, orderDriver } = require('./orders-fixtures');

const q = (s) => (s === null || s === undefined ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);

/** The 7-3-1 check digit of a digit string (NOTES.md). */
function checkDigit731(base) {
  const w = [7, 3, 1];
  let sum = 0;
  [...base].reverse().forEach((d, i) => { sum += Number(d) * w[i % 3]; });
  return (10 - (sum % 10)) % 10;
}
const validReference = (ref) => /^[0-9]{4,20}$/.test(ref) && checkDigit731(ref.slice(0, -1)) === Number(ref.slice(-1));

/** Half away from zero, integer cents: n / d. */
const roundHalfAway = (n, d) => Math.sign(n) * Math.floor((Math.abs(n) * 2 + d) / (2 * d));

/** The current Finnish local month "YYYY-MM". */
const currentMonth = () => finnishDate().slice(0, 7);

/**
 * Everything a test needs from the demo: the demo provider, its cards, another provider's card,
 * and the demo customer. Sets the organizer's payment terms and address for stable invoices.
 */
async function invoiceWorld(c, { paymentTermsDays = 14 } = {}) {
  const me = (await c.call('provider', 'GET', '/api/v1/me')).json;
  const customerId = (await c.call('customer', 'GET', '/api/v1/me')).json.customer_id;
  const cards = await c.all('customer', '/api/v1/product-cards');
  const own = cards.filter((x) => x.provider.id === me.provider_id);
  const other = cards.filter((x) => x.provider.id !== me.provider_id);
  if (!own.length) throw new Error('the demo provider has no published cards');
  sql(c.server.dbUrl, `UPDATE organizers SET payment_terms_days = ${paymentTermsDays}, street_address = 'Vapaudenkatu 32', `
    + `postal_code = '40100', post_office = 'Jyväskylä'`);
  return { me, customerId, own, other, paymentTermsDays };
}

/** Sets a service description's price model (JSON object) and VAT. */
function setService(c, serviceId, { priceModel, vatRateBp = 0, vatCategory = 'E', exemptionReason = '' }) {
  sql(c.server.dbUrl, `UPDATE service_descriptions SET price_model = ${q(JSON.stringify(priceModel))}, vat_rate_bp = ${vatRateBp}, `
    + `vat_category = ${q(vatCategory)}, vat_exemption_reason = ${q(exemptionReason)} WHERE id = ${serviceId}`);
}

/** Writes (or rewrites) the order's billing report as approved now. */
function approveBillingReport(c, orderId, { meetings = [], bonusCode = null, bonusStatus = null } = {}) {
  const now = isoNow();
  sql(c.server.dbUrl, `DELETE FROM billing_reports WHERE order_id = ${orderId}`);
  sql(c.server.dbUrl, 'INSERT INTO billing_reports (order_id, status, meetings, delivery_confirmed, bonus_code, bonus_evidence, '
    + 'bonus_status, due_on, submitted_at, decided_at, created_at, updated_at) VALUES '
    + `(${orderId}, 'approved', ${q(JSON.stringify(meetings))}, 1, ${q(bonusCode)}, ${q(bonusCode ? 'Työsopimus liitteenä' : '')}, `
    + `${q(bonusStatus)}, ${q(finnishDate(new Date(), 7))}, ${q(now)}, ${q(now)}, ${q(now)}, ${q(now)})`);
}

/**
 * A reported order of `card` on a fresh voucher of the demo customer (10 000 €), with an approved
 * billing report. → the order JSON.
 */
async function reportedOrder(c, world, card, report = {}) {
  const voucherId = makeVoucher(c.server.dbUrl, world.customerId, 1000000);
  const { reach, must } = orderDriver(c, { card: () => card.id, voucher: () => voucherId });
  let order;
  if (card.provider.id === world.me.provider_id) {
    order = await reach.reported();
  } else {
    // Another provider has no demo user: accepted and reported with SQL, with a contract number.
    const placed = await reach.requested();
    const [[adminId]] = sql(c.server.dbUrl, "SELECT id FROM users WHERE role = 'organizer_admin' ORDER BY id LIMIT 1");
    const number = `TS-${finnishDate().slice(0, 4)}-9${String(placed.id).padStart(5, '0')}`;
    sql(c.server.dbUrl, `UPDATE orders SET status = 'reported' WHERE id = ${placed.id}`);
    sql(c.server.dbUrl, `INSERT INTO order_contracts (number, order_id, accepted_at, accepted_by_user_id) VALUES ('${number}', ${placed.id}, '${isoNow()}', ${adminId})`);
    order = await must('admin', 'GET', `/api/v1/orders/${placed.id}`);
  }
  approveBillingReport(c, order.id, report);
  return order;
}

/** The order's ledger entries as [{kind, amount}] in id order. */
function ledgerOf(c, orderId) {
  return sql(c.server.dbUrl, `SELECT kind, amount_cents FROM ledger_entries WHERE order_id = ${orderId} ORDER BY id`)
    .map(([kind, amount]) => ({ kind, amount: Number(amount) }));
}

module.exports = { invoiceWorld, setService, approveBillingReport, reportedOrder, ledgerOf, checkDigit731, validReference,
  roundHalfAway, currentMonth, q };
