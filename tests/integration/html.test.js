'use strict';
// Server-rendered HTML flows driven with a cookie-keeping form client (no JavaScript).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { browserish, csrfFrom, login, DEMO } = require('./harness');

let c; // API context (same server) for setup and cross-checks
let cards; let me; let activeVoucher; let ownCard2500;

before(async () => {
  c = await apiContext();
  cards = await c.all(null, '/api/v1/product-cards');
  me = (await c.call('provider', 'GET', '/api/v1/me')).json;
  activeVoucher = (await c.all('customer', '/api/v1/vouchers')).find((v) => v.status === 'active');
  ownCard2500 = cards.find((x) => x.provider.id === me.provider_id && x.price_cents === 250000);
  assert.ok(activeVoucher && ownCard2500);
});
after(async () => { if (c) await c.server.stop(); });

const cardCount = (html) => (html.match(/<article\b[^>]*\bclass\s*=\s*"[^"]*\bproduct-card\b[^"]*"/g) || []).length;
const cardLinks = (html) => [...html.matchAll(/href\s*=\s*"\/catalog\/(\d+)"/g)].map((m) => Number(m[1]));
const hasAlert = (html) => /role\s*=\s*"alert"/.test(html);
const fieldError = (html, field) => new RegExp(`data-field-error\\s*=\\s*"${field}"`).test(html);
const htmlLang = (html) => (/<html\b[^>]*\blang\s*=\s*"([^"]+)"/i.exec(html) || [])[1];
const decode = (s) => s.replace(/&amp;/g, '&').replace(/&#0*39;|&#x0*27;|&apos;/g, "'").replace(/&quot;/g, '"');

test('/ redirects to the catalog; catalog renders 20 cards a page', async () => {
  const b = browserish(c.baseUrl);
  const root = await b.get('/');
  assert.ok([301, 302, 303, 307, 308].includes(root.status), `GET / → ${root.status}`);
  assert.match(root.location, /^(http:\/\/127\.0\.0\.1:\d+)?\/catalog$/);
  const p1 = await b.get('/catalog');
  assert.equal(p1.status, 200);
  assert.match(p1.headers.get('content-type'), /^text\/html/);
  assert.equal(cardCount(p1.text), 20);
  const p2 = await b.get('/catalog?page=2');
  assert.equal(cardCount(p2.text), 10);
  const ids = new Set([...cardLinks(p1.text), ...cardLinks(p2.text)]);
  assert.deepEqual([...ids].sort((x, y) => x - y), cards.map((x) => x.id).sort((x, y) => x - y));
  assert.match(p1.text, /name\s*=\s*"q"/);
  assert.match(p1.text, /<select\b[^>]*name\s*=\s*"service"/);
  assert.match(p1.text, /<select\b[^>]*name\s*=\s*"lang"/);
});

test('catalog search and filters agree with the API', async () => {
  const b = browserish(c.baseUrl);
  const s = await b.get('/catalog?q=markkinointi');
  assert.equal(s.status, 200);
  assert.match(s.text, /Markkinoinnin kehittäminen/);
  const apiHits = (await c.call(null, 'GET', '/api/v1/product-cards?q=markkinointi&page_size=100')).json.total;
  assert.equal(cardCount(s.text), Math.min(20, apiHits));

  const sdId = cards[0].service_description.id;
  const f = await b.get(`/catalog?service=${sdId}`);
  const expected = cards.filter((x) => x.service_description.id === sdId);
  assert.equal(cardCount(f.text), Math.min(20, expected.length));
  for (const id of cardLinks(f.text)) assert.ok(expected.some((x) => x.id === id), `card ${id} belongs to service ${sdId}`);

  const en = await b.get('/catalog?lang=en');
  const enCards = cards.filter((x) => x.languages.includes('en'));
  assert.equal(cardCount(en.text), Math.min(20, enCards.length));
  const none = await b.get('/catalog?q=zyxwvutsrqponm');
  assert.equal(none.status, 200);
  assert.equal(cardCount(none.text), 0);
});

test('card page; unknown card 404 with an alert; no order form for anonymous', async () => {
  const b = browserish(c.baseUrl);
  const card = cards[5];
  const r = await b.get(`/catalog/${card.id}`);
  assert.equal(r.status, 200);
  assert.ok(decode(r.text).includes(card.title));
  assert.ok(decode(r.text).includes(card.provider.name));
  assert.doesNotMatch(r.text, /<form\b[^>]*action\s*=\s*"\/orders"/);
  const missing = await b.get('/catalog/987654');
  assert.equal(missing.status, 404);
  assert.ok(hasAlert(missing.text));
});

test('login: wrong password shows the message; CSRF missing → 403; session cookie is HttpOnly', async () => {
  const b = browserish(c.baseUrl);
  const page = await b.get('/login');
  assert.equal(page.status, 200);
  assert.ok(b.cookies.has('pt_csrf'), 'pt_csrf cookie before login');
  const token = csrfFrom(page.text);
  const wrong = await b.postForm('/login', { email: DEMO.provider.email, password: 'not-it', csrf_token: token, next: '' });
  assert.ok([401, 422].includes(wrong.status), `wrong password → 401/422, got ${wrong.status}`);
  assert.ok(hasAlert(wrong.text) || /data-field-error/.test(wrong.text));
  assert.ok(decode(wrong.text).includes(DEMO.provider.email), 'the email is kept in the form');
  assert.ok(!wrong.text.includes('not-it'), 'the password is not echoed');

  const noCsrf = await b.postForm('/login', { email: DEMO.provider.email, password: DEMO.provider.password, next: '' });
  assert.equal(noCsrf.status, 403);
  assert.ok(hasAlert(noCsrf.text));
  const badCsrf = await b.postForm('/login', { email: DEMO.provider.email, password: DEMO.provider.password, csrf_token: 'forged', next: '' });
  assert.equal(badCsrf.status, 403);
  assert.ok(!b.cookies.has('pt_session'));

  const ok = await b.postForm('/login', { email: DEMO.provider.email, password: DEMO.provider.password, csrf_token: csrfFrom((await b.get('/login')).text), next: '/orders' });
  assert.equal(ok.status, 303);
  assert.match(ok.location, /\/orders$/);
  const setCookie = ok.headers.getSetCookie().find((x) => x.startsWith('pt_session='));
  assert.ok(setCookie, 'pt_session set');
  assert.match(setCookie, /;\s*HttpOnly/i);
  assert.match(setCookie, /;\s*SameSite=(Lax|Strict)/i);
});

let orderId;
test('customer orders via the card form → 303 /orders/{id}; CSRF missing → 403', async () => {
  const b = browserish(c.baseUrl);
  await login(b, DEMO.customer.email, DEMO.customer.password);
  const page = await b.get(`/catalog/${ownCard2500.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<form\b[^>]*action\s*=\s*"\/orders"/);
  assert.match(page.text, new RegExp(`<option\\b[^>]*value\\s*=\\s*"${activeVoucher.id}"`));
  const fields = { product_card_id: String(ownCard2500.id), voucher_id: String(activeVoucher.id) };
  const noCsrf = await b.postForm('/orders', fields);
  assert.equal(noCsrf.status, 403);
  const r = await b.postForm('/orders', { ...fields, csrf_token: csrfFrom(page.text) });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const m = /\/orders\/(\d+)$/.exec(r.location || '');
  assert.ok(m, `location ${r.location}`);
  orderId = Number(m[1]);
  const shown = await b.get(`/orders/${orderId}`);
  assert.equal(shown.status, 200);
  assert.ok(decode(shown.text).includes(ownCard2500.title));
  const o = (await c.call('customer', 'GET', `/api/v1/orders/${orderId}`)).json;
  assert.equal(o.status, 'requested');
  assert.equal(o.voucher_id, activeVoucher.id);
  const vouchers = await b.get('/vouchers');
  assert.equal(vouchers.status, 200);
  assert.match(vouchers.text, new RegExp(`href\\s*=\\s*"/vouchers/${activeVoucher.id}"`));
  const vpage = await b.get(`/vouchers/${activeVoucher.id}`);
  assert.equal(vpage.status, 200);
  assert.match(vpage.text, /2[\s\u00a0.]?500(,00)?/, 'reserved amount shown');
});

test('provider accepts via form, then declines another order via form', async () => {
  const p = browserish(c.baseUrl);
  await login(p, DEMO.provider.email, DEMO.provider.password);
  const list = await p.get('/orders');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`href\\s*=\\s*"/orders/${orderId}"`));
  const page = await p.get(`/orders/${orderId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`action\\s*=\\s*"/orders/${orderId}/accept"`));
  assert.equal((await p.postForm(`/orders/${orderId}/accept`, {})).status, 403);
  const acc = await p.postForm(`/orders/${orderId}/accept`, { csrf_token: csrfFrom(page.text) });
  assert.equal(acc.status, 303);
  assert.match(acc.location, new RegExp(`/orders/${orderId}$`));
  const o = (await c.call('provider', 'GET', `/api/v1/orders/${orderId}`)).json;
  assert.equal(o.status, 'accepted');
  assert.ok((await p.get(`/orders/${orderId}`)).text.includes(o.contract_number));

  const second = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: ownCard2500.id, voucher_id: activeVoucher.id });
  assert.equal(second.status, 201, second.text);
  const page2 = await p.get(`/orders/${second.json.id}`);
  const shortReason = await p.postForm(`/orders/${second.json.id}/decline`, { reason: 'x', csrf_token: csrfFrom(page2.text) });
  assert.ok(shortReason.status === 422 && fieldError(shortReason.text, 'reason'), `short reason → 422 data-field-error, got ${shortReason.status}`);
  const dec = await p.postForm(`/orders/${second.json.id}/decline`, { reason: 'Ei vapaita aikoja', csrf_token: csrfFrom(page2.text) });
  assert.equal(dec.status, 303);
  const d = (await c.call('provider', 'GET', `/api/v1/orders/${second.json.id}`)).json;
  assert.equal(d.status, 'declined');
  assert.equal(d.decline_reason, 'Ei vapaita aikoja');
  const v = (await c.call('customer', 'GET', `/api/v1/vouchers/${activeVoucher.id}`)).json;
  assert.equal(v.balance.available_cents, 250000);

  const third = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: ownCard2500.id, voucher_id: activeVoucher.id });
  const cust = browserish(c.baseUrl);
  await login(cust, DEMO.customer.email, DEMO.customer.password);
  const page3 = await cust.get(`/orders/${third.json.id}`);
  const can = await cust.postForm(`/orders/${third.json.id}/cancel`, { csrf_token: csrfFrom(page3.text) });
  assert.equal(can.status, 303);
  assert.equal((await c.call('customer', 'GET', `/api/v1/orders/${third.json.id}`)).json.status, 'cancelled');
  const foreign = await cust.postForm(`/orders/${third.json.id}/accept`, { csrf_token: csrfFrom(page3.text) });
  assert.ok([403, 404, 409].includes(foreign.status) && hasAlert(foreign.text), `customer accept → 4xx alert, got ${foreign.status}`);
});

test('organizer creates a service description via form; a bad one re-renders with field errors', async () => {
  const b = browserish(c.baseUrl);
  await login(b, DEMO.admin.email, DEMO.admin.password);
  const page = await b.get('/admin/service-descriptions');
  assert.equal(page.status, 200);
  const good = { code: 'form-created', name_fi: 'Lomakkeella luotu', name_en: 'Created by form', description_fi: 'Kuvaus', description_en: 'Description', csrf_token: csrfFrom(page.text) };
  const r = await b.postForm('/admin/service-descriptions', good);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(r.location, /\/admin\/service-descriptions$/);
  assert.ok((await b.get('/admin/service-descriptions')).text.includes('form-created'));
  const sds = await c.all(null, '/api/v1/service-descriptions');
  assert.ok(sds.some((x) => x.code === 'form-created' && x.name_en === 'Created by form'));

  const bad = await b.postForm('/admin/service-descriptions', { ...good, code: 'Huono Koodi', name_fi: 'x', name_en: 'Kept value 123' });
  assert.equal(bad.status, 422);
  assert.ok(fieldError(bad.text, 'code'), 'data-field-error="code"');
  assert.ok(fieldError(bad.text, 'name_fi'), 'data-field-error="name_fi"');
  assert.ok(bad.text.includes('Kept value 123'), 'entered values are kept');
  const dup = await b.postForm('/admin/service-descriptions', good);
  assert.ok([409, 422].includes(dup.status) && (fieldError(dup.text, 'code') || hasAlert(dup.text)), `duplicate → 409/422, got ${dup.status}`);
  assert.equal((await c.all(null, '/api/v1/service-descriptions')).length, sds.length);

  const cust = browserish(c.baseUrl);
  await login(cust, DEMO.customer.email, DEMO.customer.password);
  const forbidden = await cust.get('/admin/service-descriptions');
  assert.equal(forbidden.status, 403);
  assert.ok(hasAlert(forbidden.text));
});

test('language switch to English changes the UI; Accept-Language is honoured', async () => {
  const b = browserish(c.baseUrl);
  const fi = await b.get('/catalog');
  assert.equal(htmlLang(fi.text), 'fi');
  const sw = await b.get('/lang?set=en&back=/catalog');
  assert.ok([302, 303].includes(sw.status), `lang switch → ${sw.status}`);
  assert.match(sw.location, /^(http:\/\/127\.0\.0\.1:\d+)?\/catalog$/);
  assert.equal(b.cookies.get('pt_lang'), 'en');
  const en = await b.get('/catalog');
  assert.equal(htmlLang(en.text), 'en');
  const strip = (h) => h.replace(/<article[\s\S]*?<\/article>/g, '');
  assert.notEqual(strip(en.text), strip(fi.text), 'UI text differs');
  const evil = await b.get('/lang?set=en&back=https://evil.example/');
  assert.ok(!/^(https?:)?\/\/(?!127\.0\.0\.1)/.test(evil.location || ''), `no open redirect: ${evil.location}`);

  const anon = browserish(c.baseUrl);
  const viaHeader = await anon.get('/catalog', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  assert.equal(htmlLang(viaHeader.text), 'en');
  const viaHeaderFi = await anon.get('/catalog', { headers: { 'accept-language': 'fi-FI,fi;q=0.9' } });
  assert.equal(htmlLang(viaHeaderFi.text), 'fi');
});

test('security headers on HTML pages', async () => {
  const r = await browserish(c.baseUrl).get('/catalog');
  const csp = r.headers.get('content-security-policy') || '';
  assert.match(csp, /default-src/);
  assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
  const xfo = r.headers.get('x-frame-options') || '';
  assert.ok(/^(DENY|SAMEORIGIN)$/i.test(xfo) || /frame-ancestors\s+('none'|'self')/.test(csp), `frame protection: XFO=${xfo} CSP=${csp}`);
  assert.ok(r.headers.get('referrer-policy'), 'Referrer-Policy');
  assert.equal((r.headers.get('x-content-type-options') || '').toLowerCase(), 'nosniff');
});

test('logout ends the session', async () => {
  const b = browserish(c.baseUrl);
  await login(b, DEMO.customer.email, DEMO.customer.password);
  const page = await b.get('/orders');
  assert.equal(page.status, 200);
  const out = await b.postForm('/logout', { csrf_token: csrfFrom(page.text) });
  assert.equal(out.status, 303);
  const after = await b.get('/orders');
  assert.ok([302, 303, 401].includes(after.status), `after logout /orders → ${after.status}`);
});

test('/healthz and /readyz', async () => {
  const h = await fetch(`${c.baseUrl}/healthz`);
  assert.equal(h.status, 200);
  assert.match(h.headers.get('content-type'), /^text\/plain/);
  assert.equal((await h.text()).trim(), 'ok');
  const r = await fetch(`${c.baseUrl}/readyz`);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { status: 'ready' });
});
