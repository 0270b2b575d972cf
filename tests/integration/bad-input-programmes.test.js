'use strict';
// Bad input against every field of the voucher programme API (POST and PUT) and the admin forms (new
// and edit): always a 4xx with a message (beside the field where there is one), never a 5xx, and
// nothing changes (snapshot of the programmes and their audit records before and after). Unknown ids
// answer 404, other roles 403, anonymous writes 401.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { api, browserish, csrfFrom, login, DEMO } = require('./harness');
const { sql } = require('./providers-fixtures');

const SQL = "' OR 1=1 --";
const SCRIPT = '<script>alert(1)</script>';
const NUL = 'ab\u0000cd';
const BELL = 'ab\u0007cd';
const LONG = 'x'.repeat(10000);
const BAD_BYTES = { 'C3 28': [0xc3, 0x28], FF: [0xff], 'surrogate ED A0 80': [0xed, 0xa0, 0x80], 'overlong C0 AF': [0xc0, 0xaf] };
const JSON_CT = { 'content-type': 'application/json' };

let c; let admin; let csrf; let sdIds; let pid; let before_;

before(async () => {
  c = await apiContext();
  sdIds = (await c.all(null, '/api/v1/service-descriptions')).map((s) => s.id);
  pid = (await c.all(null, '/api/v1/programmes')).find((p) => p.name === 'Hyvinvointiseteli').id;
  admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  csrf = csrfFrom((await admin.get('/admin/programmes/new')).text);
});
after(async () => { if (c) await c.server.stop(); });

async function snapshot() {
  return {
    programmes: await c.all('admin', '/api/v1/programmes'),
    audit: sql(c.server.dbUrl, "SELECT COUNT(*) FROM audit_log WHERE entity = 'voucher_programme'")[0][0],
    services: sql(c.server.dbUrl, 'SELECT programme_id, service_description_id FROM voucher_programme_services ORDER BY 1, 2'),
  };
}

// ---- API ----

// A person programme like the demo's Hyvinvointiseteli, so PUT on it is valid as it stands.
const validBody = () => ({
  name: 'Hyvinvointiseteli', customer_type: 'person', denominations_cents: [20000, 40000], max_per_customer_cents: 40000,
  validity_months: 3, budget_cents: 2000000, service_description_ids: [sdIds[1], sdIds[2]], application_start: '2026-01-01',
  application_end: '2027-12-31', de_minimis: false, de_minimis_ceiling_cents: 30000000, fiscal_year_start_month: 1,
});
const eleven = Array.from({ length: 11 }, (_, i) => (i + 1) * 1000);
const WRONG_NUMBERS = [['string', '100'], ['fraction', 1.5], ['float exponent', 1e30], ['array', [1]], ['object', { a: 1 }],
  ['bool', true], ['beyond int64', '__BIG__'], ['int64 max', '__MAX__'], ['null', null]];

/** field → list of [name, bad value, error field (default: the field)] */
function fieldCases() {
  return {
    name: [['number', 123], ['array', ['a']], ['object', { a: 'b' }], ['bool', false], ['null', null], ['empty', ''], ['blank', '   '],
      ['201 chars', 'n'.repeat(201)], ['10 000 chars', LONG], ['NUL', NUL], ['bell', BELL], ['newline', 'a\nb'], ['tab', 'a\tb'],
      ['C1 control', 'a\u0085b']],
    customer_type: [['unknown', 'company'], ['upper case', 'Business'], ['empty', ''], ['number', 1], ['null', null], ['SQL', SQL], ['script', SCRIPT]],
    denominations_cents: [['empty', []], ['zero', [0]], ['negative', [-20000]], ['fraction', [20000.5]], ['text item', ['20000']],
      ['not a list', 20000], ['object', { a: 1 }], ['null item', [null]], ['huge', [1e30]], ['over the bound', [1000000000001]],
      ['beyond int64', '__BIGLIST__'], ['duplicate', [20000, 20000]], ['over the customer cap', [20000, 80000]], ['eleven', eleven],
      ['null', null]],
    max_per_customer_cents: [['zero', 0], ['negative', -1], ['over the bound', 1000000000001], ...WRONG_NUMBERS],
    validity_months: [['zero', 0], ['61', 61], ['negative', -1], ['a billion', 1000000000], ['string', '3'], ['fraction', 3.5],
      ['null', null], ['beyond int64', '__BIG__']],
    budget_cents: [['zero', 0], ['negative', -5], ['below the smallest denomination', 10000], ['over the bound', 1000000000001], ...WRONG_NUMBERS],
    service_description_ids: [['empty', []], ['unknown', [999999]], ['one unknown', [sdIds[0], 987654]], ['duplicate', [sdIds[0], sdIds[0]]],
      ['text id', [String(sdIds[0])]], ['zero', [0]], ['negative', [-1]], ['fraction', [1.5]], ['not a list', 'all'],
      ['number', sdIds[0]], ['201 ids', Array.from({ length: 201 }, (_, i) => i + 1)], ['null', null]],
    application_start: [['month 13', '2026-13-01'], ['30 February', '2026-02-30'], ['two-digit year', '26-01-01'], ['timestamp', '2026-01-01T00:00:00Z'],
      ['empty', ''], ['number', 20260101], ['null', null], ['SQL', SQL], ['Finnish format', '1.1.2026']],
    application_end: [['before the start', '2025-12-31'], ['month 0', '2027-00-10'], ['text', 'huomenna'], ['null', null], ['bool', true]],
    de_minimis: [['for a person programme', true], ['string', 'true'], ['number', 1]],
    de_minimis_ceiling_cents: [['zero', 0], ['negative', -1], ['string', '30000000'], ['fraction', 0.5], ['over the bound', 1000000000001]],
    fiscal_year_start_month: [['zero', 0], ['13', 13], ['negative', -1], ['string', '1'], ['fraction', 1.5], ['huge', 1000000]],
  };
}

/** A JSON text with `value` at `field`, replacing the markers for numbers JSON.stringify cannot write. */
function bodyText(b) {
  return JSON.stringify(b).replace('"__BIG__"', '99999999999999999999999').replace('"__MAX__"', '9223372036854775807')
    .replace('"__BIGLIST__"', '[18446744073709551615]');
}
function jsonWithBytes(b, field, bytes) {
  const marker = 'BYTES_HERE';
  const [head, tail] = JSON.stringify({ ...b, [field]: marker }).split(marker);
  return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
}

function apiCases() {
  const cases = [];
  const targets = [
    { name: 'POST /programmes', method: 'POST', path: () => '/api/v1/programmes' },
    { name: 'PUT /programmes/{id}', method: 'PUT', path: () => `/api/v1/programmes/${pid}` },
  ];
  for (const t of targets) {
    const add = (n, extra) => cases.push({ name: `${t.name}: ${n}`, method: t.method, path: t.path, role: 'admin', ...extra });
    for (const [f, list] of Object.entries(fieldCases())) {
      for (const [n, v, key] of list) {
        const b = { ...validBody(), [f]: v };
        const errorField = key || f;
        if (f === 'de_minimis' && n === 'for a person programme') add(`${f} ${n}`, { raw: bodyText(b), headers: JSON_CT, field: 'de_minimis' });
        else add(`${f} ${n}`, { raw: bodyText(b), headers: JSON_CT, field: errorField });
      }
    }
    for (const f of ['name', 'customer_type', 'denominations_cents', 'max_per_customer_cents', 'validity_months', 'budget_cents',
      'service_description_ids', 'application_start', 'application_end']) {
      const b = validBody();
      delete b[f];
      add(`${f} missing`, { body: b, field: f });
    }
    for (const [n, bytes] of Object.entries(BAD_BYTES)) add(`name invalid UTF-8 ${n}`, { raw: jsonWithBytes(validBody(), 'name', bytes), headers: JSON_CT });
    for (const k of ['id', 'status', 'allocated_cents', 'services', 'Name', 'extra']) add(`unknown key ${k}`, { body: { ...validBody(), [k]: 1 }, field: k });
    for (const [n, raw] of [['bad JSON', '{"name":'], ['trailing garbage', '{"name":"x"} x'], ['empty body', ''], ['JSON null', 'null'],
      ['JSON array', '[]'], ['JSON string', '"text"'], ['JSON number', '42'], ['nested 20 000 deep', '['.repeat(20000) + ']'.repeat(20000)],
      ['lone surrogate escape', '{"name":"\\ud800"}']]) add(n, { raw, headers: JSON_CT });
    add('text/plain content type', { raw: JSON.stringify(validBody()), headers: { 'content-type': 'text/plain' } });
    add('form-encoded', { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    // Person programmes cannot be de minimis; a business one may, with the same ceiling rules.
    add('de minimis ceiling 0 on a business programme', { body: { ...validBody(), customer_type: 'business', de_minimis: true, de_minimis_ceiling_cents: 0 }, field: 'de_minimis_ceiling_cents' });
    for (const role of ['customer', 'provider', 'counsellor']) add(`by ${role}`, { role, body: validBody(), status: 403 });
    add('anonymous', { role: null, body: validBody(), status: 401 });
    add('bad token', { role: null, token: 'nonsense', body: validBody(), status: 401 });
  }
  for (const v of ['999999', 'abc', '-1', '0', '1.5', '1e3', '99999999999999999999', encodeURIComponent(SQL), '%FF']) {
    cases.push({ name: `PUT /programmes/${v}`, method: 'PUT', path: () => `/api/v1/programmes/${v}`, role: 'admin', body: validBody(), status: v === '%FF' ? undefined : 404 });
    cases.push({ name: `GET /programmes/${v}`, method: 'GET', path: () => `/api/v1/programmes/${v}`, role: null, status: v === '%FF' ? undefined : 404 });
  }
  for (const q of ['page=0', 'page=abc', 'page_size=101', 'page_size=-1', 'page=1&page=2']) {
    cases.push({ name: `GET /programmes?${q}`, method: 'GET', path: () => `/api/v1/programmes?${q}`, role: null, status: 400 });
  }
  return cases;
}

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') || '');

async function runApi(cs) {
  const p = cs.path();
  const token = cs.token || (cs.role ? c.tokens[cs.role] : undefined);
  const res = await api(c.baseUrl, cs.method, p, { token, body: cs.body, raw: cs.raw, headers: cs.headers });
  const info = `HTTP ${res.status} ${res.headers.get('content-type')} ${res.text.slice(0, 300)}`;
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  if (cs.status) assert.equal(res.status, cs.status, info);
  if (cs.field) assert.ok([422, 409].includes(res.status), `422 with a field: ${info}`);
  assert.ok(isProblem(res), `problem+json: ${info}`);
  assert.equal(res.json.status, res.status, info);
  assert.ok((typeof res.json.detail === 'string' && res.json.detail.length > 0) || Object.keys(res.json.errors || {}).length > 0, `message: ${info}`);
  if (cs.field) assert.ok(res.json.errors && res.json.errors[cs.field], `errors[${cs.field}]: ${info}`);
  assert.ok(!res.text.includes(SCRIPT), `no raw script echoed: ${info}`);
  c.v.checkRes(cs.method, p, res);
}

// ---- HTML forms ----

const validPairs = () => [
  ['name', 'Hyvinvointiseteli'], ['customer_type', 'person'], ['denominations', '200, 400'], ['max_per_customer', '400'],
  ['validity_months', '3'], ['budget', '20 000'], ['service_description_ids', String(sdIds[1])], ['service_description_ids', String(sdIds[2])],
  ['application_start', '2026-01-01'], ['application_end', '2027-12-31'], ['de_minimis_ceiling', '300 000'], ['fiscal_year_start_month', '1'],
];
const replace = (pairs, name, values) => pairs.filter(([k]) => k !== name).concat(values.map((v) => [name, v]));

function formCases() {
  const cases = [];
  const targets = [
    { name: 'POST /admin/programmes/new', path: () => '/admin/programmes/new' },
    { name: 'POST /admin/programmes/{id}', path: () => `/admin/programmes/${pid}` },
  ];
  for (const t of targets) {
    const add = (n, pairs, field, extra = {}) => cases.push({ name: `${t.name}: ${n}`, path: t.path, pairs, field, ...extra });
    const v = validPairs();
    for (const [n, x] of [['empty', ''], ['blank', '   '], ['201 chars', 'n'.repeat(201)], ['NUL', NUL], ['bell', BELL], ['newline', 'a\nb'],
      ['C1 control', 'a\u0085b']]) add(`name ${n}`, replace(v, 'name', [x]), 'name');
    add('name missing', replace(v, 'name', []), 'name');
    for (const [n, bytes] of Object.entries(BAD_BYTES)) add(`name raw bytes ${n}`, replace(v, 'name', []), null, { bytes: ['name', bytes] });
    for (const x of ['', 'company', SCRIPT]) add(`customer_type ${x || 'empty'}`, replace(v, 'customer_type', [x]), 'customer_type');
    for (const x of ['', 'abc', '-100', '0', '2500,5000', '200.555', '1e3', '200, 200', '200, 800', eleven.map(String).join(', '), '99999999999', SQL, '200 €€'])
      add(`denominations ${x.slice(0, 30) || 'empty'}`, replace(v, 'denominations', [x]), 'denominations');
    for (const x of ['', 'abc', '0', '-5', '1e3', '99999999999']) add(`max_per_customer ${x || 'empty'}`, replace(v, 'max_per_customer', [x]), 'max_per_customer');
    for (const x of ['', '0', '61', '-1', 'kolme', '3.5', '99999999999999999999']) add(`validity_months ${x || 'empty'}`, replace(v, 'validity_months', [x]), 'validity_months');
    for (const x of ['', '0', '100', 'abc', '-20 000', '99999999999']) add(`budget ${x || 'empty'}`, replace(v, 'budget', [x]), 'budget');
    add('no service descriptions', replace(v, 'service_description_ids', []), 'service_description_ids');
    for (const x of ['999999', 'abc', '0', '-1', SQL]) add(`service description ${x}`, replace(v, 'service_description_ids', [x]), 'service_description_ids');
    add('service description twice', replace(v, 'service_description_ids', [String(sdIds[1]), String(sdIds[1])]), 'service_description_ids');
    for (const x of ['', '2026-13-01', '2026-02-30', 'huomenna', '1.1.2026']) add(`application_start ${x || 'empty'}`, replace(v, 'application_start', [x]), 'application_start');
    add('application period reversed', replace(v, 'application_end', ['2025-12-31']), 'application_end');
    add('application_end empty', replace(v, 'application_end', ['']), 'application_end');
    add('de minimis for a person programme', replace(v, 'de_minimis', ['1']), 'de_minimis');
    add('de minimis yes', replace(v, 'de_minimis', ['yes']), 'de_minimis');
    for (const x of ['0', 'abc', '-1']) add(`de_minimis_ceiling ${x}`, replace(v, 'de_minimis_ceiling', [x]), 'de_minimis_ceiling');
    for (const x of ['', '0', '13', 'x']) add(`fiscal_year_start_month ${x || 'empty'}`, replace(v, 'fiscal_year_start_month', [x]), 'fiscal_year_start_month');
    add('no csrf', v, null, { csrf: false, status: 403 });
    add('JSON content type', null, null, { raw: JSON.stringify(Object.fromEntries(v)), headers: { 'content-type': 'application/json' } });
  }
  for (const x of ['999999', 'abc', '-1', '0', '99999999999999999999', encodeURIComponent(SQL)]) {
    cases.push({ name: `POST /admin/programmes/${x}`, path: () => `/admin/programmes/${x}`, pairs: validPairs(), status: 404 });
    cases.push({ name: `GET /admin/programmes/${x}`, method: 'GET', path: () => `/admin/programmes/${x}`, status: 404 });
    cases.push({ name: `GET /programmes/${x}`, method: 'GET', path: () => `/programmes/${x}`, status: 404 });
  }
  return cases;
}

const hasMessage = (html) => /role\s*=\s*"alert"/.test(html) || /data-field-error\s*=\s*"[^"]+"/.test(html);

async function runForm(cs, client = admin, token = csrf) {
  const p = cs.path();
  let res;
  if (cs.method === 'GET') {
    res = await client.get(p);
  } else if (cs.raw !== undefined) {
    res = await client.postForm(p, null, { raw: cs.raw, headers: { ...cs.headers, 'x-csrf-token': token } });
  } else {
    const pairs = cs.csrf === false ? cs.pairs : cs.pairs.concat([['csrf_token', token]]);
    let body = new URLSearchParams(pairs).toString();
    if (cs.bytes) body = Buffer.concat([Buffer.from(`${body}&${cs.bytes[0]}=ab`), Buffer.from(cs.bytes[1])]);
    res = await client.postForm(p, null, { raw: body });
  }
  const info = `HTTP ${res.status} ${res.headers.get('content-type')} ${res.text.replace(/\s+/g, ' ').slice(0, 300)}`;
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  if (cs.status) assert.equal(res.status, cs.status, info);
  if (cs.field) assert.ok([422, 409].includes(res.status), `422 with a field: ${info}`);
  assert.ok(hasMessage(res.text), `role="alert" or data-field-error: ${info}`);
  assert.ok(!res.text.includes(SCRIPT), `script text must come back escaped: ${info}`);
  if (cs.csrf !== false && cs.raw === undefined && cs.method !== 'GET') assert.notEqual(res.status, 403, `valid CSRF refused: ${info}`);
  if (cs.field) assert.ok(new RegExp(`data-field-error="${cs.field}"`).test(res.text), `data-field-error="${cs.field}": ${info}`);
}

test('the valid bodies are valid (so each case fails for its own reason)', async () => {
  const snap = await snapshot();
  let r = await c.call('admin', 'PUT', `/api/v1/programmes/${pid}`, validBody());
  assert.equal(r.status, 200, r.text);
  r = await c.call('admin', 'POST', '/api/v1/programmes', { ...validBody(), name: 'Fuzz probe' });
  assert.equal(r.status, 201, r.text);
  const f = await admin.postForm(`/admin/programmes/${pid}`, null, { raw: new URLSearchParams(validPairs().concat([['csrf_token', csrf]])).toString() });
  assert.equal(f.status, 303, f.text.slice(0, 500));
  const n = await admin.postForm('/admin/programmes/new', null, { raw: new URLSearchParams(replace(validPairs(), 'name', ['Fuzz form probe']).concat([['csrf_token', csrf]])).toString() });
  assert.equal(n.status, 303, n.text.slice(0, 500));
  assert.equal((await snapshot()).programmes.length, snap.programmes.length + 2);
  before_ = await snapshot();
});

test('API bad-input table (POST, PUT, ids, paging, roles)', async (t) => {
  const cases = apiCases();
  assert.ok(cases.length > 250, `table has ${cases.length} cases`);
  for (const cs of cases) await t.test(cs.name, () => runApi(cs));
});

test('form bad-input table (new and edit)', async (t) => {
  const cases = formCases();
  assert.ok(cases.length > 140, `table has ${cases.length} cases`);
  for (const cs of cases) await t.test(cs.name, () => runForm(cs));
});

test('the forms refuse other roles (403) and the anonymous (401)', async () => {
  for (const role of ['customer', 'provider', 'counsellor']) {
    const b = browserish(c.baseUrl);
    await login(b, DEMO[role].email, DEMO[role].password);
    const token = csrfFrom((await b.get('/programmes')).text);
    assert.equal((await b.get('/admin/programmes')).status, 403, role);
    assert.equal((await b.get('/admin/programmes/new')).status, 403, role);
    for (const p of ['/admin/programmes/new', `/admin/programmes/${pid}`]) {
      const r = await b.postForm(p, null, { raw: new URLSearchParams(validPairs().concat([['csrf_token', token]])).toString() });
      assert.equal(r.status, 403, `${role} ${p}`);
    }
  }
  const anon = browserish(c.baseUrl);
  const token = csrfFrom((await anon.get('/login')).text);
  const r = await anon.postForm('/admin/programmes/new', null, { raw: new URLSearchParams(validPairs().concat([['csrf_token', token]])).toString() });
  assert.equal(r.status, 401);
});

test('nothing changed', async () => {
  assert.deepEqual(await snapshot(), before_);
});
