'use strict';
// Bad input against every provider form and endpoint: always a 4xx with a message beside the
// field (HTML: data-field-error; API: problem+json errors.<field>), never a 5xx, and nothing in
// the data changes (snapshot before and after).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { api, browserish, csrfFrom, login, DEMO } = require('./harness');
const { uniqueAddress } = require('./mail-harness');
const { registration, profileOf, sql, PROFILE_FIELDS, mailingContext, invitationToken } = require('./providers-fixtures');

const SQL = "' OR 1=1 --";
const SCRIPT = '<script>alert(1)</script>';
const NUL = 'ab\u0000cd';
const LONG = 'x'.repeat(10000);
const TWO_MB = 'y'.repeat(2 * 1024 * 1024);
const JSON_CT = { 'content-type': 'application/json' };

let c; let demo; let clients; let liveToken; let liveEmail; let before_;

// Bad values per field; each must be refused with a message on that field.
const BAD = {
  business_id: ['', '2260181-8', 'FI22601819', '226018-19', SCRIPT, NUL, LONG, SQL],
  name: ['', 'A', LONG, NUL, 'rivi\nvaihto', '\u0007bell'],
  municipality: ['', 'J', LONG, NUL],
  street_address: ['', LONG, NUL],
  postal_code: ['', '401', '401000', '4010a', SCRIPT, SQL, '40 100'],
  post_office: ['', LONG, 'a\tb'],
  contact_name: ['', LONG, NUL],
  phone: ['', 'abc', '1234', '+358+40123', SQL, LONG],
  email: ['', 'x', 'a@b', 'a@@b.fi', SCRIPT, 'a b@c.fi', LONG],
  ovt: ['', '1234', '003712345678', '003720830167', '0037226018199!', LONG],
  einvoice_operator: ['', 'ab', 'NDEA-FIHH', SQL, LONG],
  iban: ['', 'FI00', 'FI21 1234 5600 0007 86', 'XX12', '1234567890', SCRIPT, LONG],
  website: ['yritys.fi', 'ftp://yritys.fi', 'javascript:alert(1)', 'https://user@yritys.fi', 'https://localhost', SCRIPT, LONG],
  description: [LONG, NUL],
  user_name: ['', 'A', LONG, NUL],
  user_email: ['', 'x', 'a@b', SCRIPT],
  password: ['', 'short', 'x'.repeat(201)],
};
const WRONG_TYPES = { number: 123, array: ['a'], object: { a: 'b' }, bool: true, null: null };

before(async () => {
  c = await mailingContext();
  demo = (await c.call('provider', 'GET', '/api/v1/provider')).json;
  clients = { anon: browserish(c.baseUrl), provider: browserish(c.baseUrl) };
  await login(clients.provider, DEMO.provider.email, DEMO.provider.password);
  // A live invitation, so the acceptance form's own checks are reached.
  liveEmail = uniqueAddress('live-invitation');
  const inv = await c.call('provider', 'POST', '/api/v1/provider/invitations', { email: liveEmail });
  assert.equal(inv.status, 201, inv.text);
  liveToken = (await invitationToken(c, liveEmail)).token;
});
after(async () => { if (c) await c.server.stop(); });

async function snapshot() {
  const providers = await c.all('admin', '/api/v1/providers');
  const own = (await c.call('provider', 'GET', '/api/v1/provider')).json;
  const counts = sql(c.server.dbUrl, 'SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM provider_invitations), '
    + "(SELECT COUNT(*) FROM audit_log WHERE action LIKE 'provider%'), (SELECT COUNT(*) FROM outbox)");
  return { providers, own, counts };
}

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') || '');
const fieldError = (html, field) => new RegExp(`data-field-error\\s*=\\s*"${field}"`).test(html);

async function expectProblem(res, method, path, field) {
  const info = `HTTP ${res.status} ${res.headers.get('content-type')} ${res.text.slice(0, 300)}`;
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  assert.ok(isProblem(res), `problem+json: ${info}`);
  assert.equal(res.json.status, res.status, info);
  assert.ok(res.json.detail || Object.keys(res.json.errors || {}).length, `message: ${info}`);
  if (field) assert.ok(res.json.errors && res.json.errors[field], `errors.${field}: ${info}`);
  c.v.checkRes(method, path, res);
}

function expectFieldMessage(res, field, status = 422) {
  const info = `HTTP ${res.status} ${res.text.replace(/\s+/g, ' ').slice(0, 400)}`;
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  if (status) assert.equal(res.status, status, info);
  assert.ok(fieldError(res.text, field), `data-field-error="${field}": ${info}`);
  assert.ok(!res.text.includes(SCRIPT), 'script text comes back escaped');
}

test('snapshot before', async () => {
  before_ = await snapshot();
  assert.equal(before_.providers.length, 10);
});

test('registration form: every field', async (t) => {
  for (const [field, values] of Object.entries(BAD)) {
    for (const value of values) {
      await t.test(`${field} = ${JSON.stringify(value).slice(0, 40)}`, async () => {
        const b = browserish(c.baseUrl);
        const page = await b.get('/register');
        const form = registration({ [field]: value });
        if (field === 'business_id') form.ovt = '003722601819'; // keep the OVT out of it
        const res = await b.postForm('/register', { ...form, csrf_token: csrfFrom(page.text) });
        expectFieldMessage(res, field);
        assert.ok(!b.cookies.has('pt_session'));
        if (field !== 'password' && value) assert.ok(!res.text.includes('Tuottaja-salasana-1'), 'password never echoed');
      });
    }
  }
  await t.test('bytes that are not UTF-8 → 400 with a message', async () => {
    const b = browserish(c.baseUrl);
    const page = await b.get('/register');
    const raw = `name=%FF%FE&csrf_token=${encodeURIComponent(csrfFrom(page.text))}`;
    const res = await b.postForm('/register', null, { raw });
    assert.equal(res.status, 400);
    assert.match(res.text, /role="alert"/);
  });
  await t.test('no CSRF token → 403', async () => {
    const res = await browserish(c.baseUrl).postForm('/register', registration());
    assert.equal(res.status, 403);
  });
  await t.test('a signed-in user cannot skip CSRF either', async () => {
    const res = await clients.provider.postForm('/register', registration());
    assert.equal(res.status, 403);
  });
});

test('profile form: every field', async (t) => {
  const page = await clients.provider.get('/provider/organization');
  const token = csrfFrom(page.text);
  for (const field of PROFILE_FIELDS) {
    for (const value of BAD[field]) {
      await t.test(`${field} = ${JSON.stringify(value).slice(0, 40)}`, async () => {
        const res = await clients.provider.postForm('/provider/organization', { ...profileOf(demo), [field]: value, csrf_token: token });
        expectFieldMessage(res, field);
      });
    }
  }
  await t.test('no CSRF token → 403', async () => {
    assert.equal((await clients.provider.postForm('/provider/organization', profileOf(demo))).status, 403);
  });
  await t.test('anonymous → 401, customer → 403', async () => {
    const anon = browserish(c.baseUrl);
    const p = await anon.get('/login');
    const res = await anon.postForm('/provider/organization', { ...profileOf(demo), csrf_token: csrfFrom(p.text) });
    assert.equal(res.status, 401);
    const cu = browserish(c.baseUrl);
    await login(cu, DEMO.customer.email, DEMO.customer.password);
    const cp = await cu.get('/vouchers');
    const r2 = await cu.postForm('/provider/organization', { ...profileOf(demo), csrf_token: csrfFrom(cp.text) });
    assert.equal(r2.status, 403);
  });
});

test('invitation form: the e-mail', async (t) => {
  const page = await clients.provider.get('/provider/organization');
  const token = csrfFrom(page.text);
  for (const value of [...BAD.email, '\u0000@x.fi']) {
    await t.test(`email = ${JSON.stringify(value).slice(0, 40)}`, async () => {
      const res = await clients.provider.postForm('/provider/organization/invitations', { email: value, csrf_token: token });
      expectFieldMessage(res, 'email');
    });
  }
  await t.test('has an account → 409 beside the field', async () => {
    const res = await clients.provider.postForm('/provider/organization/invitations', { email: DEMO.counsellor.email, csrf_token: token });
    expectFieldMessage(res, 'email', 409);
  });
  await t.test('an open invitation to the address → 409 beside the field', async () => {
    const res = await clients.provider.postForm('/provider/organization/invitations', { email: liveEmail, csrf_token: token });
    expectFieldMessage(res, 'email', 409);
  });
  await t.test('revoke: bad ids → 404', async () => {
    for (const id of ['abc', '0', '-1', '99999999999999999999', '987654']) {
      const res = await clients.provider.postForm(`/provider/organization/invitations/${id}/revoke`, { csrf_token: token });
      assert.equal(res.status, 404, `id ${id}`);
      assert.match(res.text, /role="alert"/);
    }
  });
});

test('invitation acceptance form: name and password', async (t) => {
  const page = await clients.anon.get(`/invitations/${liveToken}`);
  assert.equal(page.status, 200);
  const token = csrfFrom(page.text);
  for (const [field, values] of [['user_name', BAD.user_name], ['password', BAD.password]]) {
    for (const value of values) {
      await t.test(`${field} = ${JSON.stringify(value).slice(0, 40)}`, async () => {
        const fields = { user_name: 'Kelpo Nimi', password: 'Kelpo-salasana-1', [field]: value, csrf_token: token };
        const res = await clients.anon.postForm(`/invitations/${liveToken}`, fields);
        expectFieldMessage(res, field);
        assert.ok(!clients.anon.cookies.has('pt_session'));
      });
    }
  }
  await t.test('no CSRF → 403; unknown token → 404', async () => {
    assert.equal((await clients.anon.postForm(`/invitations/${liveToken}`, { user_name: 'Kelpo Nimi', password: 'Kelpo-salasana-1' })).status, 403);
    const res = await clients.anon.postForm(`/invitations/${'B'.repeat(43)}`, { user_name: 'Kelpo Nimi', password: 'Kelpo-salasana-1', csrf_token: token });
    assert.equal(res.status, 404);
  });
});

function bodyCases(path, base) {
  const valid = JSON.stringify(base);
  return [
    ['bad JSON', '{"a":', JSON_CT], ['trailing garbage', `${valid} x`, JSON_CT], ['empty body', '', JSON_CT],
    ['JSON null', 'null', JSON_CT], ['JSON array', '[]', JSON_CT], ['JSON string', '"text"', JSON_CT], ['JSON number', '42', JSON_CT],
    ['nested 20 000 deep', '['.repeat(20000) + ']'.repeat(20000), JSON_CT],
    ['lone surrogate escape', valid.replace(/"[^"]*"(?=[,}])/, '"\\ud800"'), JSON_CT],
    ['2 MB body', JSON.stringify({ ...base, padding: TWO_MB }), JSON_CT],
    ['text/plain', valid, { 'content-type': 'text/plain' }],
    ['no content type', Buffer.from(valid), {}],
    ['form-encoded', new URLSearchParams(Object.entries(base).map(([k, v]) => [k, String(v)])).toString(), { 'content-type': 'application/x-www-form-urlencoded' }],
    ['empty object', '{}', JSON_CT],
  ];
}

test('PUT /api/v1/provider: body and every field', async (t) => {
  const path = '/api/v1/provider';
  for (const [name, raw, headers] of bodyCases(path, profileOf(demo))) {
    await t.test(name, async () => {
      const res = await api(c.baseUrl, 'PUT', path, { token: c.tokens.provider, raw, headers });
      await expectProblem(res, 'PUT', path);
    });
  }
  for (const field of PROFILE_FIELDS) {
    await t.test(`${field} missing`, async () => {
      const body = profileOf(demo);
      delete body[field];
      await expectProblem(await c.call('provider', 'PUT', path, body, { validate: false }), 'PUT', path, field);
    });
    for (const [n, v] of Object.entries(WRONG_TYPES)) {
      await t.test(`${field} ${n}`, async () => {
        await expectProblem(await c.call('provider', 'PUT', path, { ...profileOf(demo), [field]: v }, { validate: false }), 'PUT', path, field);
      });
    }
    for (const v of BAD[field]) {
      if ((field === 'website' || field === 'description') && v === '') continue;
      await t.test(`${field} = ${JSON.stringify(v).slice(0, 40)}`, async () => {
        await expectProblem(await c.call('provider', 'PUT', path, { ...profileOf(demo), [field]: v }, { validate: false }), 'PUT', path, field);
      });
    }
  }
  for (const v of ['2083016-7', 123, null, '']) {
    await t.test(`business_id ${JSON.stringify(v)} (not its own)`, async () => {
      await expectProblem(await c.call('provider', 'PUT', path, { ...profileOf(demo), business_id: v }, { validate: false }), 'PUT', path, 'business_id');
    });
  }
  await t.test('roles: customer 403, anonymous 401, bad token 401', async () => {
    await expectProblem(await c.call('customer', 'PUT', path, profileOf(demo), { validate: false }), 'PUT', path);
    await expectProblem(await c.call(null, 'PUT', path, profileOf(demo), { validate: false }), 'PUT', path);
    await expectProblem(await c.call('pt_forged-token-value', 'PUT', path, profileOf(demo), { validate: false }), 'PUT', path);
  });
});

test('POST /api/v1/provider/invitations: body and the e-mail', async (t) => {
  const path = '/api/v1/provider/invitations';
  for (const [name, raw, headers] of bodyCases(path, { email: 'ok@example.fi' })) {
    await t.test(name, async () => {
      const res = await api(c.baseUrl, 'POST', path, { token: c.tokens.provider, raw, headers });
      await expectProblem(res, 'POST', path);
    });
  }
  await t.test('email missing', async () => {
    await expectProblem(await c.call('provider', 'POST', path, { mail: 'ok@example.fi' }, { validate: false }), 'POST', path, 'email');
  });
  for (const [n, v] of Object.entries(WRONG_TYPES)) {
    await t.test(`email ${n}`, async () => {
      await expectProblem(await c.call('provider', 'POST', path, { email: v }, { validate: false }), 'POST', path, 'email');
    });
  }
  for (const v of [...BAD.email, DEMO.admin.email, DEMO.admin.email.toUpperCase(), liveEmail, liveEmail.toUpperCase()]) {
    await t.test(`email = ${JSON.stringify(v).slice(0, 40)}`, async () => {
      await expectProblem(await c.call('provider', 'POST', path, { email: v }, { validate: false }), 'POST', path, 'email');
    });
  }
  await t.test('roles: admin 403, anonymous 401', async () => {
    await expectProblem(await c.call('admin', 'POST', path, { email: 'ok@example.fi' }, { validate: false }), 'POST', path);
    await expectProblem(await c.call(null, 'POST', path, { email: 'ok@example.fi' }, { validate: false }), 'POST', path);
  });
  await t.test('revoke: bad ids → 404; a body that is not JSON → 415', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999', '987654']) {
      const p = `/api/v1/provider/invitations/${id}/revoke`;
      await expectProblem(await api(c.baseUrl, 'POST', p, { token: c.tokens.provider }), 'POST', p);
    }
    const p = '/api/v1/provider/invitations/1/revoke';
    const res = await api(c.baseUrl, 'POST', p, { token: c.tokens.provider, raw: 'x', headers: { 'content-type': 'text/plain' } });
    assert.equal(res.status, 415);
    await expectProblem(res, 'POST', p);
  });
});

test('GET /api/v1/providers: ids and paging', async (t) => {
  for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999', '987654', '%00']) {
    await t.test(`id ${id}`, async () => {
      const p = `/api/v1/providers/${id}`;
      await expectProblem(await api(c.baseUrl, 'GET', p, { token: c.tokens.admin }), 'GET', p);
    });
  }
  for (const q of ['page=0', 'page=-1', 'page=abc', 'page_size=0', 'page_size=101', 'page=1&page=2', 'page=%FF']) {
    await t.test(q, async () => {
      const p = `/api/v1/providers?${q}`;
      await expectProblem(await api(c.baseUrl, 'GET', p, { token: c.tokens.admin }), 'GET', p);
    });
  }
  await t.test('HTML list paging → 400 page; unknown id → 404 page', async () => {
    const a = browserish(c.baseUrl);
    await login(a, DEMO.admin.email, DEMO.admin.password);
    for (const q of ['page=0', 'page_size=1000', 'page=x']) {
      const res = await a.get(`/admin/providers?${q}`);
      assert.equal(res.status, 400, q);
      assert.match(res.text, /role="alert"/);
    }
    for (const id of ['abc', '0', '987654']) {
      const res = await a.get(`/admin/providers/${id}`);
      assert.equal(res.status, 404, id);
      assert.match(res.text, /role="alert"/);
    }
  });
});

test('snapshot after: nothing changed; server still ready', async () => {
  assert.deepEqual(await snapshot(), before_);
  assert.equal((await fetch(`${c.baseUrl}/readyz`)).status, 200);
});
