'use strict';
// Issue 4 end to end in Chromium: a provider registers, applies to the published call with an attachment,
// the organizer approves, the provider publishes a card and it appears in the filtered catalog. A rejected
// provider sees the reason and cannot publish.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { setupBrowserSuite, browserTest, loginAs, text, DEMO } = require('./helpers');

const env = setupBrowserSuite();

// A valid Y-tunnus (weights 7 9 10 5 8 4 2, mod 11; remainder 1 has no check digit).
function businessId() {
  for (;;) {
    const d = String(1000000 + crypto.randomInt(8999999));
    const sum = [7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(d[i]), 0);
    const r = sum % 11;
    if (r === 1) continue;
    return `${d}-${r === 0 ? 0 : 11 - r}`;
  }
}

// A Finnish IBAN with correct mod-97 check digits for a random account number.
function iban() {
  const bban = String(crypto.randomInt(10 ** 6, 10 ** 7 - 1)) + String(crypto.randomInt(10 ** 6, 10 ** 7 - 1));  // 14 digits
  const check = 98n - (BigInt(`${bban}151800`) % 97n);  // "FI00" → F=15 I=18 00
  return `FI${String(check).padStart(2, '0')}${bban}`;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function register(page, suffix) {
  const bid = businessId();
  const user = { email: `owner-${suffix}@provider.example`, password: 'Provider-test-1234' };
  await page.goto('/register');
  const fields = {
    business_id: bid, name: `Testituottaja ${suffix} Oy`, municipality: 'Jyväskylä', street_address: 'Kauppakatu 1',
    postal_code: '40100', post_office: 'Jyväskylä', contact_name: 'Tea Testaaja', phone: '+358 40 123 4567',
    email: `info-${suffix}@provider.example`, ovt: `0037${bid.replace('-', '')}`, einvoice_operator: '003721291126',
    iban: iban(), user_name: 'Tea Testaaja', user_email: user.email, password: user.password,
  };
  for (const [name, value] of Object.entries(fields)) await page.fill(`form[action="/register"] [name="${name}"]`, value);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/provider/organization'),
    page.click('form[action="/register"] button[type=submit]'),
  ]);
  assert.ok(await page.locator('[data-testid=signed-in-as]').isVisible(), 'signed in after registering');
  return user;
}

// Opens the published call, applies for its first service, answers every requirement (a PDF where asked)
// and submits. Returns the application id.
async function applyToCall(page) {
  await page.goto('/calls');
  await Promise.all([page.waitForURL(/\/calls\/\d+$/), page.locator('main a[href^="/calls/"]').first().click()]);
  await Promise.all([page.waitForURL(/\/applications\/\d+$/), page.locator('[data-testid=apply]').first().click()]);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const requirements = page.locator('#answers-form [data-requirement]');
  const n = await requirements.count();
  assert.ok(n >= 1, 'the call has requirements');
  for (let i = 0; i < n; i++) {
    const code = await requirements.nth(i).getAttribute('data-requirement');
    await page.fill(`#answer_${code}`, `Vastaus vaatimukseen ${code}.`);
    await page.setInputFiles(`#file_${code}`, { name: `liite-${code}.pdf`, mimeType: 'application/pdf', buffer: PDF });
  }
  await Promise.all([page.waitForURL(`**/applications/${id}`), page.click('#answers-form button[type=submit]')]);
  assert.ok(await page.locator('[data-testid=attachment-link]').count() >= 1, 'the attachment is stored and linked');
  await Promise.all([page.waitForURL(`**/applications/${id}`), page.click('[data-testid=submit-application]')]);
  assert.equal(await text(page.locator('[data-testid=application-status]')), 'Lähetetty');
  return id;
}

browserTest(env, 'register → apply with an attachment → approve → publish → the card is in the filtered catalog', async ({ newPage }) => {
  const suffix = crypto.randomBytes(3).toString('hex');
  const provider = await newPage();
  await register(provider, suffix);
  await provider.goto('/provider/cards/new');
  assert.equal(await provider.locator('[data-testid=not-admitted]').count(), 1, 'not admitted before the decision');
  const applicationId = await applyToCall(provider);

  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await admin.goto(`/applications/${applicationId}`);
  const download = admin.waitForEvent('download');
  await admin.locator('[data-testid=attachment-link]').first().click();
  assert.match((await download).suggestedFilename(), /\.pdf$/, 'the organizer downloads the attachment as a file');
  await Promise.all([admin.waitForURL(`**/applications/${applicationId}`), admin.click('[data-testid=approve]')]);
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Hyväksytty');

  await provider.goto(`/applications/${applicationId}`);
  assert.equal(await provider.locator('[data-testid=decision]').count(), 1, 'the provider sees the decision');
  assert.match(await text(provider.locator('[data-testid=brochure-due]')), /^\d{4}-\d{2}-\d{2}/);

  // Publish a card under the admission.
  const title = `Selainkortti ${suffix}`;
  await provider.goto('/provider/cards/new');
  assert.equal(await provider.locator('[data-testid=not-admitted]').count(), 0);
  await provider.selectOption('#service_description_id', { index: 0 });
  await provider.fill('#title', title);
  await provider.fill('#summary', `Tiivistelmä ${suffix}`);
  await provider.fill('#description', 'Kuvaus palvelusta, joka toteutetaan etänä.');
  await provider.fill('#price', '2500');
  await provider.check('input[name=languages][value=fi]');
  await provider.selectOption('#delivery_mode', 'remote');
  await provider.fill('#duration', '6 viikkoa');
  await provider.selectOption('#areas', '179');
  await Promise.all([provider.waitForURL((u) => u.pathname === '/provider/cards'), provider.click('form.form button[type=submit]')]);
  const row = provider.locator('tr', { hasText: title });
  await Promise.all([provider.waitForURL((u) => u.pathname === '/provider/cards'),
    row.locator('form[action$="/publish"] button').click()]);

  // The public catalog, filtered by municipality, delivery mode and price, finds it; another delivery mode does not.
  const visitor = await newPage();
  await visitor.goto(`/catalog?q=${encodeURIComponent(suffix)}&municipality=179&delivery_mode=remote&price_min=2000&price_max=3000`);
  assert.equal(await visitor.locator('main').getByText(title).count(), 1, 'the new card is in the filtered catalog');
  await visitor.goto(`/catalog?q=${encodeURIComponent(suffix)}&delivery_mode=on_site`);
  assert.equal(await visitor.locator('main').getByText(title).count(), 0, 'a different delivery mode filters it out');
  assert.ok((await text(visitor.locator('main'))).length > 0);
});

browserTest(env, 'a rejected provider sees the reason and cannot publish', async ({ newPage }) => {
  const suffix = crypto.randomBytes(3).toString('hex');
  const provider = await newPage();
  await register(provider, suffix);
  const applicationId = await applyToCall(provider);

  const admin = await newPage();
  await loginAs(admin, DEMO.admin);
  await admin.goto(`/applications/${applicationId}`);
  // A reason is required: an empty one is refused beside the field.
  await admin.locator('#reason').evaluate((el) => el.removeAttribute('required'));
  await Promise.all([admin.waitForLoadState(), admin.click('[data-testid=reject]')]);
  assert.equal(await admin.locator('[data-field-error=reason]').count(), 1, 'missing reason is shown beside the field');
  await admin.fill('#reason', 'Vastuuvakuutuksen todistus puuttuu.');
  await Promise.all([admin.waitForURL(`**/applications/${applicationId}`), admin.click('[data-testid=reject]')]);
  assert.equal(await text(admin.locator('[data-testid=application-status]')), 'Hylätty');

  await provider.goto(`/applications/${applicationId}`);
  assert.equal(await text(provider.locator('[data-testid=rejection-reason]')), 'Vastuuvakuutuksen todistus puuttuu.');
  await provider.goto('/provider/cards/new');
  assert.equal(await provider.locator('[data-testid=not-admitted]').count(), 1, 'no service to publish under');
  assert.equal(await provider.locator('#service_description_id option').count(), 0);
});
