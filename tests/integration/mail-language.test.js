'use strict';
// E-mail in the recipient's language: a signed-in user's choice of UI language is kept
// (users.language) and the mails written to them afterwards use it; everyone else gets Finnish.
// Real server, real SMTP receiver.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, apiToken, api, browserish, csrfFrom, login, DEMO, REPO } = require('./harness');
const { sharedMailReceiver } = require('./mail-harness');

// A public URL of our own: the receiver is shared, so our mails are the ones linking here.
const PUBLIC = `https://lang-${crypto.randomBytes(4).toString('hex')}.test.example`;
const texts = (lang) => require(`${REPO}/i18n/${lang}.orders.json`);
// A subject template as a pattern: placeholders match anything.
const subjectPattern = (template) =>
  new RegExp(`^${template.split(/\{\{[^}]+\}\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);

let server; let mail; let customer; let provider; let card; let voucher;

before(async () => {
  mail = await sharedMailReceiver();
  server = await startServer({ smtp: mail, env: { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_PUBLIC_URL: PUBLIC } });
  customer = await apiToken(server.baseUrl, DEMO.customer.email, DEMO.customer.password);
  provider = await apiToken(server.baseUrl, DEMO.provider.email, DEMO.provider.password);
  const vouchers = await api(server.baseUrl, 'GET', '/api/v1/vouchers', { token: customer });
  voucher = vouchers.json.items.find((v) => v.status === 'active' && v.balance.available_cents >= 250000);
  assert.ok(voucher, 'the demo customer has an active voucher');
  // A card of provider@'s own organization, so that provider@ is told of the order.
  const me = (await api(server.baseUrl, 'GET', '/api/v1/me', { token: provider })).json;
  const cards = await api(server.baseUrl, 'GET', '/api/v1/product-cards?page_size=100');
  card = cards.json.items.find((c) => c.price_cents === 250000 && c.provider.id === me.provider_id);
  assert.ok(card, `a 2 500 € card of provider ${me.provider_id}`);
});
after(async () => { if (server) await server.stop(); });

async function placeOrder() {
  const res = await api(server.baseUrl, 'POST', '/api/v1/orders',
    { token: customer, body: { product_card_id: card.id, voucher_id: voucher.id } });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

// The signed-in language switch is a POST form in the page header (CSRF-protected).
async function setLanguage(email, password, lang) {
  const client = browserish(server.baseUrl);
  await login(client, email, password);
  const page = await client.get('/orders');
  assert.match(page.text, /<form method="post" action="\/lang"/);
  const res = await client.postForm('/lang', { set: lang, back: '/orders', csrf_token: csrfFrom(page.text) });
  assert.equal(res.status, 303, res.text);
  assert.equal(res.location, '/orders');
  assert.equal(client.cookies.get('pt_lang'), lang);
  return client;
}

test('a provider user who switched to English gets the new-order mail in English; switching back gives Finnish', async () => {
  await setLanguage(DEMO.provider.email, DEMO.provider.password, 'en');
  const first = await placeOrder();
  const [en] = await mail.waitForMail({ to: DEMO.provider.email, where: (m) => m.text.includes(`${PUBLIC}/orders/${first.id}`) });
  assert.match(en.subject, subjectPattern(texts('en')['mail.order_placed.subject']), en.subject);
  assert.doesNotMatch(en.subject, subjectPattern(texts('fi')['mail.order_placed.subject']));

  await setLanguage(DEMO.provider.email, DEMO.provider.password, 'fi');
  const second = await placeOrder();
  const [fi] = await mail.waitForMail({ to: DEMO.provider.email, where: (m) => m.text.includes(`${PUBLIC}/orders/${second.id}`) });
  assert.match(fi.subject, subjectPattern(texts('fi')['mail.order_placed.subject']), fi.subject);
  // Clean up: both orders cancelled so the voucher's money is free again.
  for (const o of [first, second]) {
    const c = await api(server.baseUrl, 'POST', `/api/v1/orders/${o.id}/cancel`, { token: customer, body: {} });
    assert.equal(c.status, 200, c.text);
  }
});

test('the customer, who kept Finnish, hears of the acceptance in Finnish while the provider uses English', async () => {
  await setLanguage(DEMO.provider.email, DEMO.provider.password, 'en');
  const order = await placeOrder();
  const accepted = await api(server.baseUrl, 'POST', `/api/v1/orders/${order.id}/accept`, { token: provider });
  assert.equal(accepted.status, 200, accepted.text);
  const [m] = await mail.waitForMail({ where: (x) => x.text.includes(`${PUBLIC}/orders/${order.id}`) && x.subject.includes(accepted.json.contract_number) });
  assert.match(m.subject, subjectPattern(texts('fi')['mail.order_accepted.subject']), m.subject);
  // The price in a Finnish mail is written the Finnish way.
  assert.match(m.text, /2\s500,00\s€/u, m.text);
  await setLanguage(DEMO.provider.email, DEMO.provider.password, 'fi');
});

test('a GET link or a POST without the CSRF token does not change the mail language of a signed-in user', async () => {
  const client = browserish(server.baseUrl);
  await login(client, DEMO.provider.email, DEMO.provider.password);
  const link = await client.get('/lang?set=en&back=/orders');
  assert.equal(link.status, 303);
  const forged = await client.postForm('/lang', { set: 'en', back: '/orders' });
  assert.equal(forged.status, 403, forged.text);
  const order = await placeOrder();
  const [m] = await mail.waitForMail({ to: DEMO.provider.email, where: (x) => x.text.includes(`${PUBLIC}/orders/${order.id}`) });
  assert.match(m.subject, subjectPattern(texts('fi')['mail.order_placed.subject']), m.subject);
  const c = await api(server.baseUrl, 'POST', `/api/v1/orders/${order.id}/cancel`, { token: customer, body: {} });
  assert.equal(c.status, 200, c.text);
});

test('an anonymous language switch only sets the cookie', async () => {
  const client = browserish(server.baseUrl);
  const res = await client.get('/lang?set=en&back=/catalog');
  assert.equal(res.status, 303);
  assert.equal(client.cookies.get('pt_lang'), 'en');
});
