'use strict';
// Issue 5 through the UI, as people click and type: programmes, voucher applications and decisions,
// vouchers with their balance history, and the order life cycle (accept, decline, cancel, start/end/report).
// One server for the file; each test uses its own voucher (or puts the shared demo voucher back as it was).
const assert = require('node:assert/strict');
const { setupBrowserSuite, browserTest, demoData, loginAs, orderCard, submitForm, text, norm, api, DEMO } = require('./helpers');
const { freshBusinessId } = require('../integration/providers-fixtures');

const env = setupBrowserSuite();
let data;
const load = async () => {
  if (data) return data;
  data = await demoData(env.baseUrl);
  // A 2 500 € card of the demo provider (provider@ must be able to accept it) and a second one for the same price.
  const own = data.cards.filter((c) => c.provider.id === data.provider.provider_id && c.price_cents === 250000);
  assert.ok(own.length >= 1, 'the demo provider has a 2 500 € card');
  data.card = own[0];
  return data;
};

const CONTRACT = /^TS-(\d{4})-\d{6}$/;
const EUR = (euros) => `${euros.toLocaleString('fi-FI').replace(/\s/g, ' ')},00 €`;  // 2500 → "2 500,00 €"

// "2 500,00 €", "−2 500,00 €", "+2 500,00 €" → cents.
function cents(s) {
  const t = norm(s).replace(/\u2212/g, '-').replace(/[^0-9,+-]/g, '').replace(',', '.');
  assert.match(t, /^[+-]?\d+(\.\d{2})?$/, `an amount: "${s}"`);
  return Math.round(Number(t) * 100);
}

const idFrom = (page) => Number(new URL(page.url()).pathname.split('/').filter(Boolean)[1]);

async function voucherPage(page, voucherId) {
  const res = await page.goto(`/vouchers/${voucherId}`);
  assert.equal(res.status(), 200, `voucher ${voucherId} page`);
  const rows = await page.locator('tr.ledger-row').evaluateAll((trs) => trs.map((tr) => ({
    kind: tr.dataset.kind,
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim()),
    order: tr.querySelector('a[href^="/orders/"]')?.getAttribute('href') || null,
    contract: tr.querySelector('.contract-number')?.textContent.trim() || null,
    availableAfter: Number(tr.dataset.availableAfterCents),
  })));
  return {
    available: cents(await text(page.locator('dd.voucher-available'))),
    reserved: cents(await text(page.locator('dd.voucher-reserved'))),
    programme: await text(page.locator('dd.voucher-programme')),
    rows,
  };
}

// The customer side of an order page: status, contract number (or null), time line actions.
async function orderPage(page, orderId) {
  const res = await page.goto(`/orders/${orderId}`);
  assert.equal(res.status(), 200, `order ${orderId} page`);
  const contract = page.locator('[data-testid=contract-number]');
  return {
    status: await text(page.locator('[data-testid=order-status]')),
    contract: (await contract.count()) ? await text(contract) : null,
    actions: await page.locator('li.timeline__event').evaluateAll((lis) => lis.map((li) => li.dataset.action)),
  };
}

// The provider opens the order from the order list (as a person would) and presses one of its buttons.
async function providerDoes(page, orderId, step) {
  await Promise.all([page.waitForURL('**/orders'), page.click('nav a[href="/orders"]')]);
  await Promise.all([page.waitForURL(`**/orders/${orderId}`), page.click(`tr.order-row[data-order-id="${orderId}"] a`)]);
  assert.equal(await submitForm(page, `form[action="/orders/${orderId}/${step}"]`), 303, `provider: ${step}`);
  assert.equal(new URL(page.url()).pathname, `/orders/${orderId}`);
}

// Both delivery reports of an ended order, filed and submitted through the API (issue 6).
async function fileReports(token, orderId) {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
  const must = async (method, p, body) => {
    const r = await api(env.baseUrl, method, `/api/v1/orders/${orderId}/${p}`, { token, body });
    assert.equal(r.status, 200, `${method} ${p}: ${r.text.slice(0, 300)}`);
  };
  await must('PUT', 'service-report', {
    starting_situation: 'Lähtötilanne', goal: 'Tavoite', meetings: [{ date: day, minutes: 60, actions: 'Tapaaminen' }],
    concrete_actions: 'Toimenpiteet', employment_findings: 'Havainnot', follow_up_plan: 'Jatko', follow_up_schedule: 'Kuukauden päästä',
  });
  await must('POST', 'service-report/submit');
  await must('PUT', 'billing-report', { delivery_confirmed: true });
  await must('POST', 'billing-report/submit');
}

// Opens the programme from /programmes and follows its "apply" button.
async function openApplyForm(page, programmeName) {
  await Promise.all([page.waitForURL('**/programmes'), page.click('nav a[href="/programmes"]')]);
  const item = page.locator('li.programme-item', { hasText: programmeName });
  assert.equal(await item.count(), 1, `${programmeName} listed on /programmes`);
  assert.equal(await text(item.locator('.programme-status')), 'haku auki');
  await Promise.all([page.waitForURL(/\/programmes\/\d+\/apply$/), item.locator('a.programme-apply').click()]);
  assert.match(await text(page.locator('h1')), new RegExp(programmeName));
}

// The organizer finds a submitted application through the list's filter and opens it.
async function organizerOpensApplication(page, applicationId) {
  await Promise.all([page.waitForURL('**/voucher-applications'), page.click('nav a[href="/voucher-applications"]')]);
  await page.selectOption('select#status', 'submitted');
  await Promise.all([page.waitForURL(/status=submitted/), page.click('form.filters button[type=submit]')]);
  const row = page.locator(`tr.voucher-application-row[data-application-id="${applicationId}"]`);
  assert.equal(await row.count(), 1, `application ${applicationId} among the submitted ones`);
  assert.equal(await text(row.locator('.application-status')), 'Käsiteltävänä');
  await Promise.all([page.waitForURL(`**/voucher-applications/${applicationId}`), row.locator('a').first().click()]);
}

// The de minimis inputs of the apply form (three fiscal years), in page order.
const deMinimisInputs = (page) => page.locator('fieldset#de_minimis input');

browserTest(env, 'organizer creates a programme; the customer applies, gets 2 500 €, orders with it; the provider accepts', async ({ newPage }) => {
  const { card } = await load();
  const name = 'Digiloikka 2027';

  // The organizer creates the programme in the form; a bad budget first is flagged beside the field.
  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await Promise.all([admin.waitForURL('**/admin/programmes'), admin.click('nav a[href="/admin/programmes"]')]);
  await Promise.all([admin.waitForURL('**/admin/programmes/new'), admin.click('main a[href="/admin/programmes/new"]')]);
  await admin.fill('#name', name);
  await admin.check('input[name=customer_type][value=business]');
  await admin.fill('#denominations', '2 500, 5 000');
  await admin.fill('#max_per_customer', '5 000');
  await admin.fill('#validity_months', '6');
  await admin.fill('#budget', 'paljon');
  const boxes = admin.locator('input[name=service_description_ids]');
  assert.ok(await boxes.count() >= 3, 'service descriptions offered');
  for (const box of await boxes.all()) await box.check();
  await admin.uncheck('input[name=de_minimis]');
  assert.equal(await submitForm(admin, 'form.programme-form'), 422);
  const budgetError = admin.locator('[data-field-error=budget]');
  assert.equal(await budgetError.count(), 1, 'message beside the budget');
  assert.equal(await budgetError.evaluate((el) => !!el.closest('.hds-text-input')?.querySelector('input#budget')), true);
  assert.equal(await admin.inputValue('#name'), name, 'the name is kept');
  assert.equal(await admin.inputValue('#budget'), 'paljon', 'what was typed is kept');
  assert.equal(await admin.locator('input[name=service_description_ids]:checked').count(), await boxes.count(), 'choices kept');

  await admin.fill('#budget', '100 000');
  assert.equal(await submitForm(admin, 'form.programme-form'), 303);
  assert.match(new URL(admin.url()).pathname, /^\/admin\/programmes\/\d+$/);
  assert.equal(await text(admin.locator('[role=status]')), 'Ohjelma tallennettu.');
  assert.equal(await text(admin.locator('dd.programme-budget')), EUR(100000));
  assert.equal(await text(admin.locator('dd.programme-allocated')), EUR(0));

  // The customer finds it on /programmes and applies, wishing for 2 500 €.
  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  await openApplyForm(customer, name);
  assert.equal(await deMinimisInputs(customer).count(), 0, 'no de minimis questions in this programme');
  assert.match(await text(customer.locator('main')), /Haet asiakkaalle: Kahvila Kuppi Oy/);
  await customer.check('#requested-250000');
  await customer.fill('#purpose', 'Verkkokaupan rakentaminen');
  assert.equal(await submitForm(customer, '#apply-form'), 303);
  assert.match(new URL(customer.url()).pathname, /^\/voucher-applications\/\d+$/);
  const applicationId = idFrom(customer);
  assert.equal(await text(customer.locator('[data-testid=application-status]')), 'Käsiteltävänä');

  // The organizer opens it, sees the figures, grants 2 500 €.
  await organizerOpensApplication(admin, applicationId);
  assert.equal(await text(admin.locator('[data-testid=remaining-budget]')), EUR(100000));
  assert.equal(await text(admin.locator('[data-testid=remaining-cap]')), EUR(5000));
  await admin.check('#grant-form input[name=denomination_cents][value="250000"]');
  assert.equal(await submitForm(admin, '#grant-form'), 303);
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Myönnetty');
  assert.equal(await admin.locator('#grant-form').count(), 0, 'no second decision');

  // The customer sees the decision, follows the link to the voucher: 2 500 € available, the grant in its history.
  await customer.reload();
  assert.equal(await text(customer.locator('[data-testid=application-status]')), 'Myönnetty');
  assert.match(await text(customer.locator('[data-testid=decision]')), new RegExp(EUR(2500)));
  await Promise.all([customer.waitForURL(/\/vouchers\/\d+$/), customer.click('[data-testid=voucher-link]')]);
  const voucherId = idFrom(customer);
  let v = await voucherPage(customer, voucherId);
  assert.equal(v.programme, name);
  assert.deepEqual([v.available, v.reserved], [250000, 0]);
  assert.deepEqual(v.rows.map((r) => r.kind), ['grant']);
  await customer.goto('/vouchers');
  const row = customer.locator(`tr.voucher-row[data-voucher-id="${voucherId}"]`);
  assert.equal(await text(row.locator('.voucher-programme')), name);
  assert.equal(await text(row.locator('.voucher-available')), EUR(2500));

  // Ordering from the card page with the new voucher reserves the price at once.
  assert.equal(await orderCard(customer, card.id, voucherId), 303);
  const orderId = idFrom(customer);
  let o = await orderPage(customer, orderId);
  assert.equal(o.status, 'odottaa hyväksyntää');
  assert.equal(o.contract, null);
  v = await voucherPage(customer, voucherId);
  assert.deepEqual([v.available, v.reserved], [0, 250000]);

  // The provider accepts; the customer sees the contract number and the reservation in the voucher's history.
  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  await providerDoes(provider, orderId, 'accept');
  assert.equal(await text(provider.locator('[data-testid=order-status]')), 'hyväksytty');
  o = await orderPage(customer, orderId);
  assert.equal(o.status, 'hyväksytty');
  const m = CONTRACT.exec(o.contract || '');
  assert.ok(m, `contract number TS-YYYY-NNNNNN, got ${o.contract}`);
  assert.equal(Number(m[1]), new Date().getFullYear());
  assert.deepEqual(o.actions, ['place', 'accept']);
  v = await voucherPage(customer, voucherId);
  assert.deepEqual([v.available, v.reserved], [0, 250000]);
  const reserve = v.rows.find((r) => r.kind === 'reserve');
  assert.ok(reserve, 'a reservation in the history');
  assert.equal(reserve.order, `/orders/${orderId}`);
  assert.equal(reserve.contract, o.contract);
  assert.ok(reserve.cells.includes(EUR(2500)) && reserve.cells.includes(`\u2212${EUR(2500)}`), reserve.cells.join(' | '));
  assert.equal(reserve.availableAfter, 0);

  // The organizer's programme figures follow the grant.
  await admin.goto('/admin/programmes');
  const prow = admin.locator('tr.programme-row', { hasText: name });
  assert.equal(await text(prow.locator('.programme-allocated')), EUR(2500));
  assert.equal(await text(prow.locator('.programme-unallocated')), EUR(97500));
});

browserTest(env, 'a counsellor applies for a new business by Y-tunnus, orders on its behalf; the provider accepts', async ({ newPage }) => {
  const { card } = await load();
  const businessId = freshBusinessId();
  const counsellor = await newPage();
  await loginAs(counsellor, DEMO.counsellor);
  await openApplyForm(counsellor, 'Kasvuseteli 2026');
  assert.equal(await counsellor.inputValue('select#customer_id'), '', 'a new customer by default');
  await counsellor.fill('#business_id', businessId);
  await counsellor.fill('#customer_name', 'Selaintesti Oy');
  await counsellor.fill('#customer_email', `selain-${businessId}@customer.example`);
  await counsellor.check('#requested-500000');
  const years = deMinimisInputs(counsellor);
  assert.equal(await years.count(), 3, 'de minimis: current and two previous fiscal years');
  await years.nth(0).fill('12 000');
  assert.equal(await submitForm(counsellor, '#apply-form'), 303);
  const applicationId = idFrom(counsellor);
  assert.equal(await text(counsellor.locator('[data-testid=applicant]')), 'Olli Omavalmentaja (asiakkaan puolesta)');
  assert.match(await text(counsellor.locator('main')), new RegExp(`Selaintesti Oy \\(${businessId}\\)`));
  assert.match(await text(counsellor.locator('[data-testid=declaration]')), /12 000,00 €/);

  // The organizer grants 2 500 € although 5 000 € was wished for.
  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await organizerOpensApplication(admin, applicationId);
  assert.equal(await admin.locator('#grant-form input[value="500000"]').isChecked(), true, 'the wish is preselected');
  await admin.check('#grant-form input[name=denomination_cents][value="250000"]');
  assert.equal(await submitForm(admin, '#grant-form'), 303);
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Myönnetty');

  await counsellor.reload();
  await Promise.all([counsellor.waitForURL(/\/vouchers\/\d+$/), counsellor.click('[data-testid=voucher-link]')]);
  const voucherId = idFrom(counsellor);
  let v = await voucherPage(counsellor, voucherId);
  assert.equal(v.programme, 'Kasvuseteli 2026');
  assert.deepEqual([v.available, v.reserved], [250000, 0]);

  // The counsellor orders on the business's behalf from the card page.
  await counsellor.goto(`/catalog/${card.id}`);
  assert.match(await text(counsellor.locator(`select#voucher_id option[value="${voucherId}"]`)), /Selaintesti Oy/);
  assert.equal(await orderCard(counsellor, card.id, voucherId), 303);
  const orderId = idFrom(counsellor);
  const main = await text(counsellor.locator('main'));
  assert.match(main, /Olli Omavalmentaja \(asiakkaan puolesta\)/);
  assert.match(main, /Selaintesti Oy/);

  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  await providerDoes(provider, orderId, 'accept');
  const o = await orderPage(counsellor, orderId);
  assert.equal(o.status, 'hyväksytty');
  assert.match(o.contract || '', CONTRACT);
  v = await voucherPage(counsellor, voucherId);
  assert.deepEqual([v.available, v.reserved], [0, 250000]);
  assert.equal(v.rows.find((r) => r.kind === 'reserve')?.contract, o.contract);
});

browserTest(env, 'the provider declines with a reason; the customer sees the reason and the money back', async ({ newPage }) => {
  const { card, activeVoucher } = await load();
  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  const before = await voucherPage(customer, activeVoucher.id);
  assert.equal(await orderCard(customer, card.id, activeVoucher.id), 303);
  const orderId = idFrom(customer);
  assert.equal((await voucherPage(customer, activeVoucher.id)).available, before.available - 250000);

  // Declining without a reason is refused beside the reason field; then with one.
  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  await Promise.all([provider.waitForURL('**/orders'), provider.click('nav a[href="/orders"]')]);
  await Promise.all([provider.waitForURL(`**/orders/${orderId}`), provider.click(`tr.order-row[data-order-id="${orderId}"] a`)]);
  const declineForm = `form[action="/orders/${orderId}/decline"]`;
  assert.equal(await submitForm(provider, declineForm), 422);
  const err = provider.locator(`${declineForm} [data-field-error=reason]`);
  assert.equal(await err.count(), 1, 'message beside the reason');
  assert.match(await text(err), /Kirjoita hylkäämisen syy/);
  assert.equal(await text(provider.locator('[data-testid=order-status]')), 'odottaa hyväksyntää', 'nothing happened');
  const reason = 'Kalenteri on täynnä tammikuun loppuun.';
  await provider.fill(`${declineForm} textarea[name=reason]`, reason);
  assert.equal(await submitForm(provider, declineForm), 303);
  assert.equal(await text(provider.locator('[data-testid=order-status]')), 'hylätty');

  const o = await orderPage(customer, orderId);
  assert.equal(o.status, 'hylätty');
  assert.equal(await text(customer.locator('[data-testid=decline-reason]')), reason);
  assert.deepEqual(o.actions, ['place', 'decline']);
  assert.equal(await text(customer.locator('li.timeline__event[data-action=decline] [data-testid=event-reason]')), reason);
  assert.equal(await customer.locator('form[action$="/cancel"]').count(), 0, 'a declined order cannot be cancelled');

  const after = await voucherPage(customer, activeVoucher.id);
  assert.deepEqual([after.available, after.reserved], [before.available, before.reserved], 'the money is available again');
  const mine = after.rows.filter((r) => r.order === `/orders/${orderId}`);
  assert.deepEqual(mine.map((r) => r.kind), ['reserve', 'release']);
  assert.ok(mine[1].cells.includes(`+${EUR(2500)}`), mine[1].cells.join(' | '));
  assert.equal(mine[1].availableAfter, before.available);
});

browserTest(env, 'the customer cancels a requested order; the organizer cancels an accepted one by agreement', async ({ newPage }) => {
  const { card, activeVoucher } = await load();
  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  const before = await voucherPage(customer, activeVoucher.id);

  // Before acceptance the customer may cancel, the reason is optional.
  assert.equal(await orderCard(customer, card.id, activeVoucher.id), 303);
  const first = idFrom(customer);
  const cancelFirst = `form[action="/orders/${first}/cancel"]`;
  assert.match(await text(customer.locator(`${cancelFirst} label`)), /vapaaehtoinen/);
  assert.equal(await submitForm(customer, cancelFirst), 303);
  let o = await orderPage(customer, first);
  assert.equal(o.status, 'peruttu');
  assert.deepEqual(o.actions, ['place', 'cancel']);

  // After acceptance the customer no longer can; the organizer cancels by agreement, with a reason.
  assert.equal(await orderCard(customer, card.id, activeVoucher.id), 303);
  const second = idFrom(customer);
  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  await providerDoes(provider, second, 'accept');
  o = await orderPage(customer, second);
  assert.equal(o.status, 'hyväksytty');
  assert.equal(await customer.locator('form[action$="/cancel"]').count(), 0, 'no cancel button for the customer after acceptance');

  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await Promise.all([admin.waitForURL('**/orders'), admin.click('nav a[href="/orders"]')]);
  await Promise.all([admin.waitForURL(`**/orders/${second}`), admin.click(`tr.order-row[data-order-id="${second}"] a`)]);
  const cancelSecond = `form[action="/orders/${second}/cancel"]`;
  assert.match(await text(admin.locator(`${cancelSecond} button`)), /Peru sopimuksella/);
  // The browser asks for the (required) reason; a too short one is refused by the server beside the field.
  await admin.fill(`${cancelSecond} textarea[name=reason]`, 'ok');
  assert.equal(await submitForm(admin, cancelSecond), 422);
  const err = admin.locator(`${cancelSecond} [data-field-error=reason]`);
  assert.match(await text(err), /vähintään 3 merkkiä/);
  assert.equal(await admin.inputValue(`${cancelSecond} textarea[name=reason]`), 'ok', 'what was typed is kept');
  assert.equal(await text(admin.locator('[data-testid=order-status]')), 'hyväksytty');
  const reason = 'Asiakas ja palveluntuottaja sopivat perumisesta puhelimessa.';
  await admin.fill(`${cancelSecond} textarea[name=reason]`, reason);
  assert.equal(await submitForm(admin, cancelSecond), 303);
  assert.equal(await text(admin.locator('[data-testid=order-status]')), 'peruttu');

  o = await orderPage(customer, second);
  assert.equal(o.status, 'peruttu');
  assert.match(o.contract || '', CONTRACT, 'the contract number stays on a cancelled order');
  assert.deepEqual(o.actions, ['place', 'accept', 'cancel']);
  assert.equal(await text(customer.locator('li.timeline__event[data-action=cancel] [data-testid=event-reason]')), reason);

  // Both reservations are released in the voucher's history, and the balance is what it was.
  const after = await voucherPage(customer, activeVoucher.id);
  assert.deepEqual([after.available, after.reserved], [before.available, before.reserved]);
  for (const id of [first, second]) {
    const mine = after.rows.filter((r) => r.order === `/orders/${id}`);
    assert.deepEqual(mine.map((r) => r.kind), ['reserve', 'release'], `order ${id} in the history`);
  }
  assert.equal(after.rows.length, before.rows.length + 4);
});

browserTest(env, 'the organizer rejects an application with a reason; the customer sees the reason', async ({ newPage }) => {
  await load();
  const customer = await newPage();
  await loginAs(customer, DEMO.customer);
  await openApplyForm(customer, 'Kasvuseteli 2026');
  // The demo customer has used its 5 000 € of this programme already; it may still apply.
  assert.equal(await deMinimisInputs(customer).count(), 3);
  await customer.fill('#purpose', 'Toinen seteli kansainvälistymiseen');
  assert.equal(await submitForm(customer, '#apply-form'), 303);
  const applicationId = idFrom(customer);

  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await organizerOpensApplication(admin, applicationId);
  assert.equal(await text(admin.locator('[data-testid=remaining-cap]')), EUR(0));
  assert.equal(await admin.locator('#grant-form input[name=denomination_cents]:not([disabled])').count(), 0, 'nothing grantable');
  assert.equal(await admin.locator('#grant-form button[type=submit]').count(), 0, 'no grant button when nothing can be granted');
  const reason = 'Yrityksen enimmäismäärä tästä ohjelmasta on jo myönnetty.';
  await admin.fill('#reject-form textarea[name=reason]', reason);
  assert.equal(await submitForm(admin, '#reject-form'), 303);
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Hylätty');

  await Promise.all([customer.waitForURL('**/voucher-applications'), customer.click('nav a[href="/voucher-applications"]')]);
  const row = customer.locator(`tr.voucher-application-row[data-application-id="${applicationId}"]`);
  assert.equal(await text(row.locator('.application-status')), 'Hylätty');
  await Promise.all([customer.waitForURL(`**/voucher-applications/${applicationId}`), row.locator('a').first().click()]);
  assert.equal(await text(customer.locator('[data-testid=reject-reason]')), reason);
  assert.equal(await text(customer.locator('[data-testid=decision]')), 'Hakemus on hylätty.');
  assert.equal(await customer.locator('#grant-form, #reject-form').count(), 0, 'the customer cannot decide');
});

browserTest(env, 'bad input: a bad de minimis amount, a grant without a value, a reject without a reason', async ({ newPage }) => {
  await load();
  const counsellor = await newPage();
  await loginAs(counsellor, DEMO.counsellor);
  await counsellor.goto('/voucher-applications');
  const countBefore = await text(counsellor.locator('[data-testid=application-count]'));

  await openApplyForm(counsellor, 'Kasvuseteli 2026');
  const businessId = freshBusinessId();
  await counsellor.fill('#business_id', businessId);
  await counsellor.fill('#customer_name', 'Virhetesti Oy');
  await counsellor.fill('#customer_email', `virhe-${businessId}@customer.example`);
  await counsellor.check('#requested-250000');
  await counsellor.fill('#purpose', 'Markkinointisuunnitelma');
  const years = deMinimisInputs(counsellor);
  const badName = await years.nth(1).getAttribute('name');
  await years.nth(1).fill('paljon');
  assert.equal(await submitForm(counsellor, '#apply-form'), 422);
  assert.ok(await counsellor.locator('[role=alert]').isVisible(), 'a summary at the top');
  const err = counsellor.locator(`[data-field-error="${badName}"]`);
  assert.equal(await err.count(), 1, `message for ${badName}`);
  assert.match(await text(err), /Anna summa euroina/);
  assert.equal(await err.evaluate((el, n) => !!el.closest('.hds-text-input')?.querySelector(`input[name="${n}"]`), badName), true,
    'beside its field');
  assert.equal(await counsellor.locator('[data-field-error]').count(), 1, 'only that field is flagged');
  assert.equal(await counsellor.inputValue(`input[name="${badName}"]`), 'paljon', 'the bad amount is kept');
  assert.equal(await counsellor.inputValue('#business_id'), businessId);
  assert.equal(await counsellor.inputValue('#customer_name'), 'Virhetesti Oy');
  assert.equal(await counsellor.inputValue('#customer_email'), `virhe-${businessId}@customer.example`);
  assert.equal(await counsellor.inputValue('#purpose'), 'Markkinointisuunnitelma');
  assert.equal(await counsellor.isChecked('#requested-250000'), true, 'the wish is kept');
  await counsellor.goto('/voucher-applications');
  assert.equal(await text(counsellor.locator('[data-testid=application-count]')), countBefore, 'nothing was filed');

  // A wrong Y-tunnus check digit is flagged beside the Y-tunnus, and the rest is kept.
  await openApplyForm(counsellor, 'Kasvuseteli 2026');
  const wrong = businessId.slice(0, -1) + String((Number(businessId.slice(-1)) + 1) % 10);
  await counsellor.fill('#business_id', wrong);
  await counsellor.fill('#customer_name', 'Virhetesti Oy');
  await counsellor.fill('#purpose', 'Markkinointisuunnitelma');
  assert.equal(await submitForm(counsellor, '#apply-form'), 422);
  assert.match(await text(counsellor.locator('[data-field-error=business_id]')), /Y-tunnus ei kelpaa/);
  assert.equal(await counsellor.inputValue('#business_id'), wrong);
  assert.equal(await counsellor.inputValue('#purpose'), 'Markkinointisuunnitelma');

  // Corrected, with no wish for a value: filed.
  await counsellor.fill('#business_id', businessId);
  await counsellor.fill('#customer_email', `virhe-${businessId}@customer.example`);
  await counsellor.check('#requested-none');
  assert.equal(await submitForm(counsellor, '#apply-form'), 303);
  const applicationId = idFrom(counsellor);

  // The organizer presses "grant" without choosing a value, then "reject" without a reason, then a too short one.
  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await organizerOpensApplication(admin, applicationId);
  assert.equal(await admin.locator('#grant-form input[name=denomination_cents]:checked').count(), 0, 'no value chosen');
  assert.equal(await submitForm(admin, '#grant-form'), 422);
  const grantErr = admin.locator('#grant-form [data-field-error=denomination_cents]');
  assert.equal(await text(grantErr), 'Valitse myönnettävä arvo.');
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Käsiteltävänä', 'nothing decided');

  assert.equal(await submitForm(admin, '#reject-form'), 422);
  assert.equal(await text(admin.locator('#reject-form [data-field-error=reason]')), 'Kirjoita hylkäämisen perustelu.');
  await admin.fill('#reject-form textarea[name=reason]', 'ei');
  assert.equal(await submitForm(admin, '#reject-form'), 422);
  assert.equal(await text(admin.locator('#reject-form [data-field-error=reason]')), 'Perustelun on oltava vähintään 3 merkkiä.');
  assert.equal(await admin.inputValue('#reject-form textarea[name=reason]'), 'ei', 'what was typed is kept');
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Käsiteltävänä', 'nothing decided');

  // The forms still work after the refusals.
  await admin.check('#grant-form input[name=denomination_cents][value="500000"]');
  assert.equal(await submitForm(admin, '#grant-form'), 303);
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Myönnetty');
});

browserTest(env, 'the provider starts, ends and reports the service; the time line shows each step with its time', async ({ newPage }) => {
  const { card, tokens } = await load();
  // A counsellor orders for another demo business (its own 5 000 € voucher), so no other test's voucher is touched.
  const all = (await api(env.baseUrl, 'GET', '/api/v1/vouchers?page_size=100', { token: tokens.counsellor })).json.items;
  const voucher = all.find((x) => x.customer.name === 'Tilitoimisto Tase Oy' && x.status === 'active');
  assert.ok(voucher, 'Tilitoimisto Tase Oy has an active voucher');
  const counsellor = await newPage();
  await loginAs(counsellor, DEMO.counsellor);
  assert.equal(await orderCard(counsellor, card.id, voucher.id), 303);
  const orderId = idFrom(counsellor);

  const provider = await newPage();
  await loginAs(provider, DEMO.provider);
  const steps = [['accept', 'hyväksytty'], ['start', 'käynnissä'], ['end', 'päättynyt']];
  for (const [step, status] of steps) {
    await providerDoes(provider, orderId, step);
    assert.equal(await text(provider.locator('[data-testid=order-status]')), status, `after ${step}`);
  }
  // Issue 6: no manual "report" button; the order is reported once both delivery reports are in.
  assert.equal(await provider.locator(`form[action="/orders/${orderId}/report"]`).count(), 0);
  await fileReports(tokens.provider, orderId);
  await provider.reload();
  assert.equal(await text(provider.locator('[data-testid=order-status]')), 'raportoitu', 'after both reports');
  assert.equal(await provider.locator('.actions form').count(), 0, 'nothing more for the provider once reported');

  const o = await orderPage(counsellor, orderId);
  assert.equal(o.status, 'raportoitu');
  assert.deepEqual(o.actions, ['place', 'accept', 'start', 'end', 'report']);
  const events = await counsellor.locator('li.timeline__event').evaluateAll((lis) => lis.map((li) => ({
    at: li.querySelector('time')?.getAttribute('datetime'),
    shown: li.querySelector('time')?.textContent.trim(),
    text: li.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim(),
  })));
  const names = ['Tilattu', 'Hyväksytty', 'Palvelu aloitettu', 'Palvelu päättynyt', 'Raportoitu'];
  let previous = 0;
  events.forEach((e, i) => {
    const t = Date.parse(e.at);
    assert.ok(Number.isFinite(t), `event ${i} has a machine-readable time: ${e.at}`);
    assert.ok(t >= previous, 'in time order');
    assert.ok(Math.abs(Date.now() - t) < 10 * 60 * 1000, `event ${i} happened just now: ${e.at}`);
    previous = t;
    assert.match(e.shown, /\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}/, `event ${i} shows its date: "${e.shown}"`);
    assert.ok(e.text.includes(names[i]), `event ${i}: "${e.text}" names ${names[i]}`);
  });
  assert.match(events[0].text, /Olli Omavalmentaja \(omavalmentaja\)/, 'who did it, in which role');
  for (const e of events.slice(1)) assert.match(e.text, /Pekka Palveluntuottaja \(palveluntuottaja\)/, 'who did it');

  // The provider's order list filters by status; the CSV link carries the same filter.
  await Promise.all([provider.waitForURL('**/orders'), provider.click('nav a[href="/orders"]')]);
  await provider.selectOption('select#status', 'reported');
  await Promise.all([provider.waitForURL(/status=reported/), provider.click('form.filters button[type=submit]')]);
  const rows = provider.locator('tr.order-row');
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.orderId)));
  assert.ok(ids.includes(orderId), `order ${orderId} among the reported ones`);
  for (const s of await rows.locator('.order-status').allTextContents()) assert.equal(norm(s), 'raportoitu');
  const csvHref = await provider.getAttribute('[data-testid=orders-csv]', 'href');
  assert.match(csvHref, /^\/orders\/export\.csv\?status=reported$/);
  const csv = await provider.request.get(csvHref);
  assert.equal(csv.status(), 200);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, ids.length + 1, 'a header and one line per listed order');
  assert.ok(lines.slice(1).some((l) => l.startsWith(`${orderId}`) && CONTRACT.test(l.split(/[;,]/)[1])), lines.join('\n'));
});
