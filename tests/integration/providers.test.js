'use strict';
// Provider organizations end to end: self-service registration signs the user in, the profile is
// edited (HTML and API, audited before/after), a colleague is invited by mail and joins with the
// link from the mail that arrived over SMTP (the outbox shows it without the secret); limits on
// invitations; scope (another provider's profile is 404) and the organizer's list.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { api, apiToken, browserish, csrfFrom, login, DEMO } = require('./harness');
const { registration, profileOf, sql, mailingContext, invitationToken, freshIban, spacedIban } = require('./providers-fixtures');

let c;
before(async () => { c = await mailingContext(); });
after(async () => { if (c) await c.server.stop(); });

// Invited addresses are unique: the SMTP receiver is shared by test files (and SQLite/PostgreSQL runs).
const rnd = () => crypto.randomBytes(4).toString('hex');
const decode = (s) => s.replace(/&amp;/g, '&').replace(/&#0*39;|&#x0*27;|&apos;/g, "'").replace(/&quot;/g, '"');
const fieldError = (html, field) => new RegExp(`data-field-error\\s*=\\s*"${field}"`).test(html);
const inputValue = (html, name) => {
  const tag = (html.match(/<input\b[^>]*>/gi) || []).find((t) => new RegExp(`\\bname\\s*=\\s*"${name}"`).test(t));
  const m = tag && /\bvalue\s*=\s*"([^"]*)"/.exec(tag);
  return m ? decode(m[1]) : undefined;
};
const audit = (action, entityId) => sql(c.server.dbUrl,
  `SELECT actor_user_id, before_json, after_json FROM audit_log WHERE action = '${action}' AND entity_id = '${entityId}' ORDER BY id`);

async function register(b, form) {
  const page = await b.get('/register');
  assert.equal(page.status, 200);
  return b.postForm('/register', { ...form, csrf_token: csrfFrom(page.text) });
}

// State shared by the flow below (the tests run in order).
const reg = registration();
let providerId; let ownerToken; let owner;

test('registration creates the organization and its first user, signs in and mails the user', async () => {
  const b = browserish(c.baseUrl);
  const page = await b.get('/register');
  assert.equal(page.status, 200);
  for (const f of ['business_id', 'name', 'postal_code', 'ovt', 'einvoice_operator', 'iban', 'website', 'user_email', 'password'])
    assert.match(page.text, new RegExp(`name\\s*=\\s*"${f}"`), `field ${f}`);
  assert.match(page.text, /<datalist id="einvoice-operators">/);

  const r = await register(b, reg);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.match(r.location, /^\/provider\/organization\?done=registered$/);
  const cookie = r.headers.getSetCookie().find((x) => x.startsWith('pt_session='));
  assert.ok(cookie && /HttpOnly/i.test(cookie), 'signed in with an HttpOnly session cookie');

  const org = await b.get(r.location);
  assert.equal(org.status, 200);
  assert.ok(decode(org.text).includes(reg.name));
  assert.match(org.text, new RegExp(`data-testid="business-id">${reg.business_id}<`));
  assert.match(org.text, /role="status"/, 'success message');
  assert.ok(decode(org.text).includes(reg.user_email), 'the user is listed');

  ownerToken = await apiToken(c.baseUrl, reg.user_email, reg.password);
  owner = (await c.call(ownerToken, 'GET', '/api/v1/me')).json;
  assert.equal(owner.role, 'provider_user');
  const me = (await c.call(ownerToken, 'GET', '/api/v1/provider')).json;
  providerId = me.id;
  assert.equal(owner.provider_id, providerId);
  assert.equal(me.business_id, reg.business_id);
  assert.equal(me.iban, reg.iban.replace(/ /g, ''), 'IBAN stored compact');
  assert.equal(me.ovt, reg.ovt);
  assert.equal(me.description, reg.description);
  assert.deepEqual(me.users.map((u) => u.email), [reg.user_email]);
  assert.deepEqual(me.invitations, []);

  const mails = (await api(c.baseUrl, 'GET', '/api/v1/outbox?page_size=100', { token: c.tokens.admin }));
  if (mails.status === 200) {
    const mail = mails.json.items.find((m) => m.kind === 'provider.registered' && m.to === reg.user_email);
    assert.ok(mail, 'registration mail in the outbox');
    assert.ok(mail.subject.includes(reg.name));
    assert.ok(mail.body_text.includes(reg.business_id));
  } else {
    const rows = sql(c.server.dbUrl, `SELECT subject FROM outbox WHERE kind = 'provider.registered' AND to_address = '${reg.user_email}'`);
    assert.equal(rows.length, 1);
  }

  const created = audit('provider.register', providerId);
  assert.equal(created.length, 1);
  assert.equal(Number(created[0][0]), owner.id);
  assert.equal(JSON.parse(created[0][2]).business_id, reg.business_id);
  assert.equal(audit('user.create', owner.id).length, 1);
});

test('a taken Y-tunnus or e-mail is refused beside its field; the form keeps what was typed', async () => {
  const b = browserish(c.baseUrl);
  const again = registration({ business_id: reg.business_id, ovt: reg.ovt });
  const r = await register(b, again);
  assert.equal(r.status, 409, r.text.slice(0, 300));
  assert.ok(fieldError(r.text, 'business_id'));
  assert.equal(inputValue(r.text, 'name'), again.name, 'typed name kept');
  assert.equal(inputValue(r.text, 'iban'), again.iban, 'typed IBAN kept');
  assert.equal(inputValue(r.text, 'password'), '', 'password not echoed');
  assert.ok(!r.text.includes(again.password));
  assert.ok(!b.cookies.has('pt_session'));

  const demo = registration({ business_id: '2260181-9', ovt: '003722601819' });
  const r2 = await register(b, demo);
  assert.equal(r2.status, 409);
  assert.ok(fieldError(r2.text, 'business_id'));

  for (const email of [DEMO.customer.email, reg.user_email.toUpperCase()]) {
    const r3 = await register(b, registration({ user_email: email }));
    assert.equal(r3.status, 409, `e-mail ${email}`);
    assert.ok(fieldError(r3.text, 'user_email'));
  }
  const total = (await c.call('admin', 'GET', '/api/v1/providers')).json.total;
  assert.equal(total, 11, 'ten demo providers and the one registered');
});

test('the profile is edited through the form; the change is audited with before and after', async () => {
  const b = browserish(c.baseUrl);
  await login(b, reg.user_email, reg.password);
  const page = await b.get('/provider/organization');
  assert.equal(page.status, 200);
  assert.equal(inputValue(page.text, 'phone'), reg.phone);
  assert.equal(inputValue(page.text, 'business_id'), undefined, 'the Y-tunnus is not editable');
  const newIban = freshIban();
  const changed = { ...profileOf(reg), phone: '014 123 456', website: 'http://uusi.testituottaja.fi/palvelut', iban: spacedIban(newIban).toLowerCase() };
  const r = await b.postForm('/provider/organization', { ...changed, csrf_token: csrfFrom(page.text) });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.match(r.location, /done=saved/);
  const me = (await c.call(ownerToken, 'GET', '/api/v1/provider')).json;
  assert.equal(me.phone, '014 123 456');
  assert.equal(me.website, 'http://uusi.testituottaja.fi/palvelut');
  assert.equal(me.iban, newIban);
  assert.equal(me.business_id, reg.business_id);
  assert.ok(me.updated_at >= me.created_at);

  const rows = audit('provider.update', providerId);
  assert.equal(rows.length, 1);
  assert.equal(Number(rows[0][0]), owner.id);
  assert.equal(JSON.parse(rows[0][1]).phone, reg.phone);
  assert.equal(JSON.parse(rows[0][2]).phone, '014 123 456');

  // A bad value is shown beside its field and nothing is saved.
  const bad = await b.postForm('/provider/organization', { ...changed, postal_code: '401', csrf_token: csrfFrom(page.text) });
  assert.equal(bad.status, 422);
  assert.ok(fieldError(bad.text, 'postal_code'));
  assert.equal(inputValue(bad.text, 'postal_code'), '401', 'typed value kept');
  assert.equal((await c.call(ownerToken, 'GET', '/api/v1/provider')).json.postal_code, '40100');
  assert.equal(audit('provider.update', providerId).length, 1);
});

let colleagueEmail;
test('a colleague is invited, joins with the link from the mail and sees the same organization', async () => {
  const b = browserish(c.baseUrl);
  await login(b, reg.user_email, reg.password);
  const page = await b.get('/provider/organization');
  colleagueEmail = `kollega-${providerId}-${rnd()}@testituottaja.fi`;
  const r = await b.postForm('/provider/organization/invitations', { email: colleagueEmail, csrf_token: csrfFrom(page.text) });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const listed = await b.get('/provider/organization');
  assert.ok(listed.text.includes(colleagueEmail), 'pending invitation listed');
  const me = (await c.call(ownerToken, 'GET', '/api/v1/provider')).json;
  assert.equal(me.invitations.length, 1);
  assert.equal(me.invitations[0].status, 'pending');
  assert.equal(me.invitations[0].invited_by.id, owner.id);
  const days = (Date.parse(me.invitations[0].expires_at) - Date.parse(me.invitations[0].created_at)) / 86400000;
  assert.equal(days, 7);

  const { token, mail } = await invitationToken(c, colleagueEmail);
  assert.ok(mail.subject.includes(reg.name), mail.subject);
  assert.equal(audit('provider_invitation.create', me.invitations[0].id).length, 1);

  const col = browserish(c.baseUrl);
  const form = await col.get(`/invitations/${token}`);
  assert.equal(form.status, 200);
  assert.ok(decode(form.text).includes(reg.name));
  assert.ok(form.text.includes(colleagueEmail));
  const weak = await col.postForm(`/invitations/${token}`, { user_name: 'Kalle Kollega', password: 'short', csrf_token: csrfFrom(form.text) });
  assert.equal(weak.status, 422);
  assert.ok(fieldError(weak.text, 'password'));
  assert.equal(inputValue(weak.text, 'user_name'), 'Kalle Kollega');
  const joined = await col.postForm(`/invitations/${token}`, { user_name: 'Kalle Kollega', password: 'Kollega-salasana-1', csrf_token: csrfFrom(form.text) });
  assert.equal(joined.status, 303, joined.text.slice(0, 300));
  assert.match(joined.location, /^\/provider\/organization\?done=joined$/);
  assert.ok(col.cookies.has('pt_session'));
  const seen = await col.get('/provider/organization');
  assert.equal(seen.status, 200);
  assert.match(seen.text, new RegExp(`data-testid="business-id">${reg.business_id}<`));

  const colToken = await apiToken(c.baseUrl, colleagueEmail, 'Kollega-salasana-1');
  const theirs = (await c.call(colToken, 'GET', '/api/v1/provider')).json;
  assert.equal(theirs.id, providerId);
  assert.deepEqual(theirs.users.map((u) => u.email).sort(), [colleagueEmail, reg.user_email].sort());
  assert.deepEqual(theirs.invitations, [], 'no longer pending');
  assert.equal(audit('provider_invitation.accept', me.invitations[0].id).length, 1);

  // Used up: the link answers 410 now, for reading and for posting.
  assert.equal((await browserish(c.baseUrl).get(`/invitations/${token}`)).status, 410);
  const again = await col.postForm(`/invitations/${token}`, { user_name: 'Toinen', password: 'Kollega-salasana-2', csrf_token: csrfFrom(seen.text) });
  assert.equal(again.status, 410);
});

test('invitations: API, revoke, expiry, unknown links, addresses that have an account', async () => {
  const email = `api-kutsu-${providerId}-${rnd()}@testituottaja.fi`;
  const r = await c.call(ownerToken, 'POST', '/api/v1/provider/invitations', { email });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.email, email);
  assert.ok(!('token' in r.json), 'the secret is only in the mail');
  const { token } = await invitationToken(c, email);
  assert.equal((await browserish(c.baseUrl).get(`/invitations/${token}`)).status, 200);
  const rev = await c.call(ownerToken, 'POST', `/api/v1/provider/invitations/${r.json.id}/revoke`);
  assert.equal(rev.status, 200, rev.text);
  assert.equal(rev.json.status, 'expired');
  assert.equal((await browserish(c.baseUrl).get(`/invitations/${token}`)).status, 410);
  assert.equal((await c.call(ownerToken, 'POST', `/api/v1/provider/invitations/${r.json.id}/revoke`)).status, 404, 'twice');
  assert.equal(audit('provider_invitation.revoke', r.json.id).length, 1);
  // Another provider cannot revoke this organization's invitations.
  const r2 = await c.call(ownerToken, 'POST', '/api/v1/provider/invitations', { email: `toinen-${providerId}@testituottaja.fi` });
  assert.equal((await c.call('provider', 'POST', `/api/v1/provider/invitations/${r2.json.id}/revoke`)).status, 404);

  // Revoke through the page as well.
  const b = browserish(c.baseUrl);
  await login(b, reg.user_email, reg.password);
  const page = await b.get('/provider/organization');
  assert.match(page.text, new RegExp(`action="/provider/organization/invitations/${r2.json.id}/revoke"`));
  const rv = await b.postForm(`/provider/organization/invitations/${r2.json.id}/revoke`, { csrf_token: csrfFrom(page.text) });
  assert.equal(rv.status, 303);
  assert.equal((await c.call(ownerToken, 'GET', '/api/v1/provider')).json.invitations.length, 0);

  // Expired: a week has passed (moved in the database; the server's clock is real).
  const old = `vanha-${providerId}-${rnd()}@testituottaja.fi`;
  const r3 = await c.call(ownerToken, 'POST', '/api/v1/provider/invitations', { email: old });
  sql(c.server.dbUrl, `UPDATE provider_invitations SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ${r3.json.id}`);
  const expired = await browserish(c.baseUrl).get(`/invitations/${(await invitationToken(c, old)).token}`);
  assert.equal(expired.status, 410);
  assert.match(expired.text, /role="alert"/);

  const anon = browserish(c.baseUrl);
  for (const bad of ['A'.repeat(43), 'short', 'x'.repeat(200), '..%2F..%2Fetc']) {
    const res = await anon.get(`/invitations/${bad}`);
    assert.equal(res.status, 404, `token ${bad}`);
    assert.match(res.text, /role="alert"/);
  }

  for (const taken of [DEMO.customer.email, reg.user_email, colleagueEmail]) {
    const res = await c.call(ownerToken, 'POST', '/api/v1/provider/invitations', { email: taken });
    assert.equal(res.status, 409, taken);
    assert.ok(res.json.errors.email);
  }
  // HTML: the refusal sits beside the field.
  const refused = await b.postForm('/provider/organization/invitations', { email: DEMO.provider.email, csrf_token: csrfFrom(page.text) });
  assert.equal(refused.status, 409);
  assert.ok(fieldError(refused.text, 'email'));
});

test('the outbox shows invitation mails without their secret (API and page); the mail itself has it', async () => {
  const email = `salainen-${providerId}-${rnd()}@testituottaja.fi`;
  const r = await c.call(ownerToken, 'POST', '/api/v1/provider/invitations', { email });
  assert.equal(r.status, 201, r.text);
  const { token } = await invitationToken(c, email);

  const list = await c.call('admin', 'GET', '/api/v1/outbox?page_size=100');
  assert.equal(list.status, 200, list.text);
  const shown = list.json.items.find((m) => m.kind === 'provider.invitation' && m.to === email);
  assert.ok(shown, 'the invitation mail is listed');
  assert.ok(!list.text.includes(token), 'no token anywhere in the outbox API answer');
  assert.ok(shown.body_text.includes('/invitations/\u2026'), shown.body_text);
  assert.ok(shown.body_text.includes(reg.name), 'the rest of the body is shown');
  // Whatever status the mail has by now: every filter.
  for (const status of ['pending', 'sent', 'failed']) {
    const page = await c.call('admin', 'GET', `/api/v1/outbox?status=${status}&page_size=100`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes(token), status);
  }
  const admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const html = await admin.get('/admin/outbox?page_size=100');
  assert.equal(html.status, 200);
  assert.ok(html.text.includes(email), 'the page lists the mail');
  assert.ok(!html.text.includes(token), 'no token on the outbox page');

  // The stored body keeps the link for sending, and the link works.
  const stored = sql(c.server.dbUrl, `SELECT body_text FROM outbox WHERE to_address = '${email}'`).flat().join('\n');
  assert.ok(stored.includes(`/invitations/${token}`));
  assert.equal((await browserish(c.baseUrl).get(`/invitations/${token}`)).status, 200);
});

test('scope: a provider sees only its own organization; the organizer sees every one', async () => {
  assert.equal((await c.call('provider', 'GET', `/api/v1/providers/${providerId}`)).status, 404);
  const ownDemo = (await c.call('provider', 'GET', '/api/v1/provider')).json;
  assert.equal((await c.call('provider', 'GET', `/api/v1/providers/${ownDemo.id}`)).status, 200);
  const list = (await c.call('provider', 'GET', '/api/v1/providers')).json;
  assert.equal(list.total, 1);
  assert.equal(list.items[0].id, ownDemo.id);

  const p = browserish(c.baseUrl);
  await login(p, DEMO.provider.email, DEMO.provider.password);
  const other = await p.get(`/admin/providers/${providerId}`);
  assert.equal(other.status, 404);
  assert.match(other.text, /role="alert"/);
  assert.equal((await p.get(`/admin/providers/${ownDemo.id}`)).status, 200);

  const all = await c.all('admin', '/api/v1/providers');
  assert.equal(all.length, 11);
  const mine = all.find((x) => x.id === providerId);
  assert.equal(mine.user_count, 2);
  assert.equal(mine.business_id, reg.business_id);
  assert.equal(mine.admission_count, 0);
  const detail = (await c.call('admin', 'GET', `/api/v1/providers/${providerId}`)).json;
  assert.equal(detail.users.length, 2);
  assert.equal((await c.call('admin', 'GET', '/api/v1/providers/987654')).status, 404);
  assert.equal((await c.call('admin', 'GET', '/api/v1/provider')).status, 404, 'the organizer has no organization');

  const a = browserish(c.baseUrl);
  await login(a, DEMO.admin.email, DEMO.admin.password);
  const listPage = await a.get('/admin/providers');
  assert.equal(listPage.status, 200);
  assert.equal((listPage.text.match(/class="provider-row"/g) || []).length, 11);
  assert.match(listPage.text, new RegExp(`href="/admin/providers/${providerId}"`));
  const one = await a.get(`/admin/providers/${providerId}`);
  assert.equal(one.status, 200);
  assert.match(one.text, new RegExp(`data-testid="business-id">${reg.business_id}<`));
  assert.equal((await a.get('/provider/organization')).status, 302, 'organizer goes to the list');

  assert.equal((await c.call('customer', 'GET', '/api/v1/providers')).status, 403);
  assert.equal((await c.call(null, 'GET', '/api/v1/providers')).status, 401);
  assert.equal((await c.call('customer', 'PUT', '/api/v1/provider', profileOf(reg))).status, 403);
  assert.equal((await c.call('admin', 'POST', '/api/v1/provider/invitations', { email: 'x@y.fi' })).status, 403);
  const anon = browserish(c.baseUrl);
  const redirect = await anon.get('/provider/organization');
  assert.equal(redirect.status, 303);
  assert.match(redirect.location, /^\/login\?next=/);
});

test('API PUT: demo details are valid as seeded; a new name reaches the catalog search; Y-tunnus is fixed', async () => {
  const demo = (await c.call('provider', 'GET', '/api/v1/provider')).json;
  for (const f of ['street_address', 'postal_code', 'post_office', 'contact_name', 'phone', 'ovt', 'einvoice_operator', 'iban'])
    assert.ok(demo[f], `demo provider has ${f}`);
  const same = await c.call('provider', 'PUT', '/api/v1/provider', profileOf(demo));
  assert.equal(same.status, 200, `seeded details pass the same checks: ${same.text}`);
  assert.equal(same.json.iban, demo.iban);

  const word = `Uusinimi${Date.now()}`;
  const before = (await c.call(null, 'GET', `/api/v1/product-cards?q=${word}`)).json.total;
  assert.equal(before, 0);
  const renamed = await c.call('provider', 'PUT', '/api/v1/provider', { ...profileOf(demo), name: `${word} Oy` });
  assert.equal(renamed.status, 200, renamed.text);
  const hits = (await c.call(null, 'GET', `/api/v1/product-cards?q=${word}&page_size=100`)).json;
  assert.ok(hits.total > 0, 'cards are found by the new provider name');
  assert.ok(hits.items.every((x) => x.provider.id === demo.id && x.provider.name === `${word} Oy`));
  assert.equal((await c.call('provider', 'PUT', '/api/v1/provider', { ...profileOf(demo), business_id: demo.business_id })).status, 200);
  const moved = await c.call('provider', 'PUT', '/api/v1/provider', { ...profileOf(demo), business_id: reg.business_id });
  assert.equal(moved.status, 422);
  assert.ok(moved.json.errors.business_id);
  assert.equal((await c.call('provider', 'GET', '/api/v1/provider')).json.business_id, demo.business_id);
  const text = await c.call('provider', 'PUT', '/api/v1/provider', profileOf(demo), { headers: { 'content-type': 'text/plain' }, raw: JSON.stringify(profileOf(demo)) });
  assert.equal(text.status, 415);
});

// Last: it registers one more organization, which the counts above do not expect.
test('invitations are limited: no second open one to the same address, at most 20 per provider in 24 hours', async () => {
  const own = registration();
  const b = browserish(c.baseUrl);
  assert.equal((await register(b, own)).status, 303);
  const token = await apiToken(c.baseUrl, own.user_email, own.password);
  const pid = (await c.call(token, 'GET', '/api/v1/provider')).json.id;
  const outboxCount = () => Number(sql(c.server.dbUrl, 'SELECT COUNT(*) FROM outbox')[0][0]);
  const invitationCount = () => Number(sql(c.server.dbUrl, `SELECT COUNT(*) FROM provider_invitations WHERE provider_id = ${pid}`)[0][0]);
  const invite = (email) => c.call(token, 'POST', '/api/v1/provider/invitations', { email });

  // The same address again while the first invitation is open: 409, also in another letter case.
  const first = `kerran-${rnd()}@testituottaja.fi`;
  const r1 = await invite(first);
  assert.equal(r1.status, 201, r1.text);
  const before = [outboxCount(), invitationCount()];
  for (const again of [first, first.toUpperCase()]) {
    const res = await invite(again);
    assert.equal(res.status, 409, res.text);
    assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
    assert.ok(res.json.errors.email, res.text);
  }
  const page = await b.get('/provider/organization');
  const dup = await b.postForm('/provider/organization/invitations', { email: first, csrf_token: csrfFrom(page.text) });
  assert.equal(dup.status, 409);
  assert.ok(fieldError(dup.text, 'email'), 'message beside the field');
  assert.match(dup.text, new RegExp(`id="invite-email"[^>]*value="${first.replace(/\./g, '\\.')}"`), 'typed address kept');
  assert.deepEqual([outboxCount(), invitationCount()], before, 'nothing stored, nothing mailed');
  // Once revoked, the address may be invited again.
  assert.equal((await c.call(token, 'POST', `/api/v1/provider/invitations/${r1.json.id}/revoke`)).status, 200);
  assert.equal((await invite(first)).status, 201, 'again after revoking');

  // 2 made so far; 18 more fill the 24 hours' quota (revoked ones count: their mail went out).
  for (let i = 0; i < 18; i++) {
    const res = await invite(`massa-${i}-${rnd()}@testituottaja.fi`);
    assert.equal(res.status, 201, `invitation ${i + 3}: ${res.text}`);
  }
  const full = [outboxCount(), invitationCount()];
  const over = await invite(`liikaa-${rnd()}@testituottaja.fi`);
  assert.equal(over.status, 429, over.text);
  assert.match(over.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(over.json.status, 429);
  assert.ok(over.json.errors.email, over.text);
  const page2 = await b.get('/provider/organization');
  const html = await b.postForm('/provider/organization/invitations', { email: `liikaa-${rnd()}@testituottaja.fi`, csrf_token: csrfFrom(page2.text) });
  assert.equal(html.status, 429);
  assert.ok(fieldError(html.text, 'email'), 'message beside the field');
  assert.match(html.text, /role="alert"/);
  assert.deepEqual([outboxCount(), invitationCount()], full, 'nothing stored, nothing mailed');
  // Another provider is not held back by this one's quota.
  const other = await c.call('provider', 'POST', '/api/v1/provider/invitations', { email: `muu-${rnd()}@testituottaja.fi` });
  assert.equal(other.status, 201, other.text);

  // A day later (moved in the database; the server's clock is real) the quota is free again.
  sql(c.server.dbUrl, `UPDATE provider_invitations SET created_at = '2020-01-01T00:00:00Z' WHERE provider_id = ${pid}`);
  assert.equal((await invite(`huomenna-${rnd()}@testituottaja.fi`)).status, 201);
});
