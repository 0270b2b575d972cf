'use strict';
// Bad input against every new field of the service description frame, on the API (POST and PUT) and
// the admin forms (create and edit), and against the code-list endpoint: always a 4xx with a message
// (beside the field where there is one), never a 5xx, and nothing changes (snapshot before and after).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { api, browserish, csrfFrom, login, DEMO } = require('./harness');

const SQL = "' OR 1=1 --";
const SCRIPT = '<script>alert(1)</script>';
const NUL = 'ab\u0000cd';
const BELL = 'ab\u0007cd';
const LONG = 'x'.repeat(10000);
const TWO_MB = 'y'.repeat(2 * 1024 * 1024);
const BAD_BYTES = { 'C3 28': [0xc3, 0x28], FF: [0xff], 'surrogate ED A0 80': [0xed, 0xa0, 0x80], 'overlong C0 AF': [0xc0, 0xaf] };
const WRONG_STRINGS = { number: 123, array: ['a'], object: { a: 'b' }, bool: false, null: null, '10 000 chars': LONG, NUL };
const JSON_CT = { 'content-type': 'application/json' };
const MARK = 'MARK_7f3a';

let c; let sdId; let admin; let csrf; let before_;

before(async () => {
  c = await apiContext();
  sdId = (await c.all(null, '/api/v1/service-descriptions')).find((x) => x.code === 'job-search-coaching').id;
  admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  csrf = csrfFrom((await admin.get('/admin/service-descriptions')).text);
});
after(async () => { if (c) await c.server.stop(); });

async function snapshot() {
  const sds = await c.all(null, '/api/v1/service-descriptions');
  const lists = {};
  for (const s of ['service_class', 'target_group', 'life_event', 'municipality']) lists[s] = (await c.call(null, 'GET', `/api/v1/classifications/${s}`)).json;
  return { sds, lists };
}

// ---- API ----

const validBody = {
  code: 'fuzz-frame', name_fi: 'Kelvollinen nimi', name_sv: 'Giltigt namn', name_en: 'Valid name',
  description_fi: 'Kuvaus', description_sv: 'Beskrivning', description_en: 'Description',
  goal: 'Tavoite', content_limits: 'Rajaus', languages: ['fi', 'sv'],
  price_model: { kind: 'fixed', values: [250000, 500000], bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] },
  classification: { service_class: ['P11'], target_group: ['KR2'], life_event: ['KE8'], municipality: ['179'] },
};
const fixed = (extra) => ({ kind: 'fixed', values: [250000], ...extra });
const bonus = (extra) => fixed({ bonuses: [{ code: 'b1', amount: 100, evidence: 'e', ...extra }] });
const manyCodes = Array.from({ length: 401 }, (_, i) => String(i).padStart(3, '0'));

/** field → list of [name, bad value, error key] (error key: the field the message must be under). */
const FIELD_CASES = {
  languages: [['string', 'fi'], ['empty', []], ['unknown', ['de']], ['upper case', ['FI']], ['twice', ['fi', 'fi']],
    ['number item', [1]], ['null item', [null]], ['null', null], ['object', { fi: true }], ['script', [SCRIPT]]],
  price_model: [['null', null], ['string', 'fixed'], ['array', []], ['empty object', {}], ['unknown kind', { kind: 'monthly', values: [1] }],
    ['no values', { kind: 'fixed' }], ['values not a list', fixed({ values: 250000 })], ['empty values', fixed({ values: [] })],
    ['zero value', fixed({ values: [0] })], ['negative value', fixed({ values: [-250000] })], ['fraction', fixed({ values: [2500.5] })],
    ['value as text', fixed({ values: ['250000'] })], ['huge value', fixed({ values: [1e30] })], ['over the bound', fixed({ values: [1000000001] })],
    ['eleven values', fixed({ values: Array.from({ length: 11 }, (_, i) => (i + 1) * 100) })], ['extra key', fixed({ rate: 100 })],
    ['hourly without cap', { kind: 'hourly', rate: 9000 }], ['hourly zero rate', { kind: 'hourly', rate: 0, cap: 100 }],
    ['cap below rate', { kind: 'hourly', rate: 9000, cap: 100 }], ['hourly rate as text', { kind: 'hourly', rate: '90', cap: 100000 }],
    ['bonuses not a list', fixed({ bonuses: {} })], ['bonus not an object', fixed({ bonuses: ['b'] })],
    ['bonus without code', bonus({ code: undefined })], ['bonus empty code', bonus({ code: '' })], ['bonus code with spaces', bonus({ code: 'BAD CODE' })],
    ['bonus code SQL', bonus({ code: SQL })], ['bonus zero amount', bonus({ amount: 0 })], ['bonus fraction', bonus({ amount: 1.5 })],
    ['bonus evidence number', bonus({ evidence: 5 })], ['bonus evidence NUL', bonus({ evidence: NUL })], ['bonus evidence 1001 chars', bonus({ evidence: 'e'.repeat(1001) })],
    ['bonus extra key', bonus({ note: 'x' })], ['duplicate bonus codes', fixed({ bonuses: [{ code: 'a', amount: 1 }, { code: 'a', amount: 2 }] })],
    ['eleven bonuses', fixed({ bonuses: Array.from({ length: 11 }, (_, i) => ({ code: `b${i}`, amount: 100 })) })]],
  classification: [['null', null, 'classification'], ['array', [], 'classification'], ['string', 'P11', 'classification'],
    ['unknown scheme', { services: ['P11'] }, 'classification'],
    ['codes not a list', { service_class: 'P11' }, 'classification.service_class'],
    ['number code', { service_class: [11] }, 'classification.service_class'],
    ['null code', { target_group: [null] }, 'classification.target_group'],
    ['unknown class', { service_class: ['P99.9'] }, 'classification.service_class'],
    ['unknown target group', { target_group: ['KR9'] }, 'classification.target_group'],
    ['unknown life event', { life_event: ['KE99'] }, 'classification.life_event'],
    ['unknown municipality', { municipality: ['999'] }, 'classification.municipality'],
    ['SQL code', { service_class: [SQL] }, 'classification.service_class'],
    ['script code', { municipality: [SCRIPT] }, 'classification.municipality'],
    ['long code', { municipality: ['1'.repeat(21)] }, 'classification.municipality'],
    ['401 codes', { municipality: manyCodes }, 'classification.municipality']],
};
const TEXT_FIELDS = { name_sv: 200, description_sv: 5000, goal: 2000, content_limits: 5000 };

function jsonWithBytes(obj, field, bytes) {
  const [a, b] = JSON.stringify({ ...obj, [field]: `ab${MARK}cd` }).split(MARK);
  return Buffer.concat([Buffer.from(a), Buffer.from(bytes), Buffer.from(b)]);
}

function apiCases() {
  const cases = [];
  const targets = [
    { name: 'POST', method: 'POST', path: '/api/v1/service-descriptions', base: validBody },
    { name: 'PUT', method: 'PUT', path: () => `/api/v1/service-descriptions/${sdId}`, base: {} },
  ];
  for (const t of targets) {
    const add = (n, extra) => cases.push({ name: `${t.name} service description: ${n}`, method: t.method, path: t.path, role: 'admin', ...extra });
    for (const [f, max] of Object.entries(TEXT_FIELDS)) {
      for (const [n, v] of Object.entries(WRONG_STRINGS)) add(`${f} ${n}`, { body: { ...t.base, [f]: v }, field: f });
      add(`${f} ${max + 1} chars`, { body: { ...t.base, [f]: 'z'.repeat(max + 1) }, field: f });
      for (const [n, bytes] of Object.entries(BAD_BYTES)) add(`${f} invalid UTF-8 ${n}`, { raw: jsonWithBytes(t.base, f, bytes), headers: JSON_CT });
    }
    add('name_sv with a bell', { body: { ...t.base, name_sv: BELL }, field: 'name_sv' });
    add('name_sv with a newline', { body: { ...t.base, name_sv: 'a\nb' }, field: 'name_sv' });
    for (const [f, list] of Object.entries(FIELD_CASES)) {
      for (const [n, v, key] of list) add(`${f} ${n}`, { body: { ...t.base, [f]: v }, field: key || f });
    }
    for (const k of ['id', 'created_at', 'updated_at', 'extra', 'Goal']) add(`unknown key ${k}`, { body: { ...t.base, [k]: 1 }, field: k });
    add('unknown key with bad bytes', { raw: Buffer.concat([Buffer.from('{"goal":"x","a'), Buffer.from([0xff]), Buffer.from('":1}')]), headers: JSON_CT });
    // Bodies that are not a JSON object.
    for (const [n, raw] of [['bad JSON', '{"a":'], ['trailing garbage', '{"goal":"x"} x'], ['empty body', ''], ['JSON null', 'null'], ['JSON array', '[]'],
      ['JSON string', '"text"'], ['JSON number', '42'], ['nested 20 000 deep', '['.repeat(20000) + ']'.repeat(20000)],
      ['lone surrogate escape', '{"goal":"\\ud800"}'], ['2 MB body', JSON.stringify({ goal: TWO_MB })]]) {
      add(n, { raw, headers: JSON_CT });
    }
    add('text/plain content type', { raw: JSON.stringify(t.base), headers: { 'content-type': 'text/plain' } });
    add('form-encoded', { raw: 'goal=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  // PUT only: the code is stable; bad ids name nothing.
  cases.push({ name: 'PUT service description: code changed', method: 'PUT', path: () => `/api/v1/service-descriptions/${sdId}`, role: 'admin', body: { code: 'new-code' }, field: 'code' });
  cases.push({ name: 'PUT service description: code not text', method: 'PUT', path: () => `/api/v1/service-descriptions/${sdId}`, role: 'admin', body: { code: 5 }, field: 'code' });
  for (const v of ['abc', '-1', '0', '1.5', '1e3', '99999999999999999999', '999999', '0x1', encodeURIComponent(SQL), '%FF', '1%00']) {
    cases.push({ name: `PUT /service-descriptions/${v}`, method: 'PUT', path: `/api/v1/service-descriptions/${v}`, role: 'admin', body: { goal: 'x' } });
  }
  // Wrong roles.
  for (const role of ['customer', 'provider', 'counsellor', null]) {
    cases.push({ name: `PUT by ${role || 'anonymous'}`, method: 'PUT', path: () => `/api/v1/service-descriptions/${sdId}`, role, body: { goal: 'x' } });
  }
  for (const v of ['unknown', 'Municipality', 'service_class%20', encodeURIComponent(SQL), encodeURIComponent(SCRIPT), '%FF', 'a%00', 'x'.repeat(300)]) {
    cases.push({ name: `GET /classifications/${v.slice(0, 30)}`, method: 'GET', path: `/api/v1/classifications/${v}`, role: null });
  }
  return cases;
}

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') || '');

async function runApi(cs) {
  const p = typeof cs.path === 'function' ? cs.path() : cs.path;
  const token = cs.role ? c.tokens[cs.role] : undefined;
  const res = await api(c.baseUrl, cs.method, p, { token, body: cs.body, raw: cs.raw, headers: cs.headers });
  const info = `HTTP ${res.status} ${res.headers.get('content-type')} ${res.text.slice(0, 300)}`;
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  assert.ok(isProblem(res), `problem+json: ${info}`);
  assert.equal(res.json.status, res.status, info);
  assert.ok((typeof res.json.detail === 'string' && res.json.detail.length > 0) || Object.keys(res.json.errors || {}).length > 0, `message: ${info}`);
  if (cs.field) assert.ok(res.json.errors && res.json.errors[cs.field], `errors[${cs.field}]: ${info}`);
  assert.ok(!res.text.includes(SCRIPT), `no raw script echoed: ${info}`);
  c.v.checkRes(cs.method, p, res);
}

// ---- HTML forms ----

const validPairs = [
  ['frame', '1'], ['code', 'fuzz-form-frame'], ['name_fi', 'Kelvollinen nimi'], ['name_sv', 'Giltigt namn'], ['name_en', 'Valid name'],
  ['description_fi', 'Kuvaus'], ['description_sv', ''], ['description_en', 'Description'], ['goal', 'Tavoite'], ['content_limits', 'Rajaus'],
  ['languages', 'fi'], ['price_kind', 'fixed'], ['price_value', '2500'], ['price_value', '5000'],
  ['bonus_code', 'employed_6m'], ['bonus_amount', '500'], ['bonus_evidence', 'Työsopimus'],
  ['service_class', 'P11'], ['target_group', 'KR2'], ['life_event', 'KE8'], ['municipality', '179'],
];
const replace = (pairs, name, values) => pairs.filter(([k]) => k !== name).concat(values.map((v) => [name, v]));
const hourly = (rate, cap) => replace(replace(replace(validPairs, 'price_kind', ['hourly']), 'hourly_rate', [rate]), 'hourly_cap', [cap]);

function formCases() {
  const cases = [];
  const targets = [
    { name: 'POST /admin/service-descriptions', path: () => '/admin/service-descriptions' },
    { name: 'POST /admin/service-descriptions/{id}', path: () => `/admin/service-descriptions/${sdId}` },
  ];
  for (const t of targets) {
    const add = (n, pairs, field, extra = {}) => cases.push({ name: `${t.name}: ${n}`, path: t.path, pairs, field, ...extra });
    for (const [f, max] of Object.entries(TEXT_FIELDS)) {
      add(`${f} too long`, replace(validPairs, f, ['z'.repeat(max + 1)]), f);
      add(`${f} NUL`, replace(validPairs, f, [NUL]), f);
      for (const [n, bytes] of Object.entries(BAD_BYTES)) add(`${f} raw bytes ${n}`, replace(validPairs, f, []), null, { bytes: [f, bytes] });
    }
    add('name_sv with a bell', replace(validPairs, 'name_sv', [BELL]), 'name_sv');
    add('no language', replace(validPairs, 'languages', []), 'languages');
    add('unknown language', replace(validPairs, 'languages', ['de']), 'languages');
    add('language twice', replace(validPairs, 'languages', ['fi', 'fi']), 'languages');
    add('language script', replace(validPairs, 'languages', [SCRIPT]), 'languages');
    add('no price kind', replace(validPairs, 'price_kind', []), 'price_kind');
    add('unknown price kind', replace(validPairs, 'price_kind', ['monthly']), 'price_kind');
    for (const v of ['abc', '-100', '0', '1e3', '2500.555', '99999999999', SQL, '2 500 €€'])
      add(`price value ${v}`, replace(validPairs, 'price_value', [v]), 'price_values');
    add('no price values', replace(validPairs, 'price_value', ['', '']), 'price_values');
    add('eleven price values', replace(validPairs, 'price_value', Array.from({ length: 11 }, (_, i) => String((i + 1) * 100))), 'price_values');
    add('price value over the bound', replace(validPairs, 'price_value', ['10000001']), 'price_values');
    add('hourly without rate', hourly('', '5000'), 'hourly_rate');
    add('hourly without cap', hourly('90', ''), 'hourly_cap');
    add('hourly rate text', hourly('yhdeksänkymmentä', '5000'), 'hourly_rate');
    add('hourly zero rate', hourly('0', '5000'), 'hourly_rate');
    add('hourly cap below rate', hourly('90', '10'), 'hourly_cap');
    add('bonus code with spaces', replace(validPairs, 'bonus_code', ['BAD CODE']), 'bonuses');
    add('bonus without amount', replace(validPairs, 'bonus_amount', ['']), 'bonuses');
    add('bonus amount text', replace(validPairs, 'bonus_amount', ['paljon']), 'bonuses');
    add('bonus without code', replace(validPairs, 'bonus_code', ['']), 'bonuses');
    add('bonus zero', replace(validPairs, 'bonus_amount', ['0']), 'bonuses');
    add('bonus evidence too long', replace(validPairs, 'bonus_evidence', ['e'.repeat(1001)]), 'bonuses');
    add('bonus evidence NUL', replace(validPairs, 'bonus_evidence', [NUL]), 'bonuses');
    add('duplicate bonus codes', validPairs.concat([['bonus_code', 'employed_6m'], ['bonus_amount', '100'], ['bonus_evidence', '']]), 'bonuses');
    add('fourteen bonus rows', validPairs.concat(Array.from({ length: 14 }, (_, i) => [['bonus_code', `b${i}`], ['bonus_amount', '1']]).flat()), 'bonuses');
    for (const [s, bad] of [['service_class', 'P99.9'], ['target_group', 'KR9'], ['life_event', 'KE99'], ['municipality', '999'],
      ['service_class', SQL], ['municipality', SCRIPT], ['target_group', 'K'.repeat(21)]]) {
      add(`${s} ${bad.slice(0, 20)}`, replace(validPairs, s, [bad]), s);
    }
    add('401 municipalities', replace(validPairs, 'municipality', manyCodes), 'municipality');
    add('no csrf', validPairs, null, { csrf: false });
    add('JSON content type', null, null, { raw: JSON.stringify(Object.fromEntries(validPairs)), headers: { 'content-type': 'application/json' } });
    add('2 MB body', validPairs.concat([['padding', TWO_MB]]), null);
  }
  cases.push({ name: 'create: name_fi missing with a frame', path: () => '/admin/service-descriptions', pairs: replace(validPairs, 'name_fi', []), field: 'name_fi' });
  cases.push({ name: 'create: duplicate code with a frame', path: () => '/admin/service-descriptions', pairs: replace(validPairs, 'code', ['sales-marketing']), field: 'code' });
  for (const v of ['abc', '-1', '0', '99999999999999999999', '999999', encodeURIComponent(SQL), '%FF']) {
    cases.push({ name: `POST /admin/service-descriptions/${v}`, path: () => `/admin/service-descriptions/${v}`, pairs: validPairs });
    cases.push({ name: `GET /admin/service-descriptions/${v}`, method: 'GET', path: () => `/admin/service-descriptions/${v}` });
  }
  return cases;
}

const hasMessage = (html) => /role\s*=\s*"alert"/.test(html) || /data-field-error\s*=\s*"[^"]+"/.test(html);

async function runForm(cs) {
  const p = cs.path();
  let res;
  if (cs.method === 'GET') {
    res = await admin.get(p);
  } else if (cs.raw !== undefined) {
    res = await admin.postForm(p, null, { raw: cs.raw, headers: { ...cs.headers, 'x-csrf-token': csrf } });
  } else {
    const pairs = cs.csrf === false ? cs.pairs : cs.pairs.concat([['csrf_token', csrf]]);
    let body = new URLSearchParams(pairs).toString();
    if (cs.bytes) body = Buffer.concat([Buffer.from(`${body}&${cs.bytes[0]}=ab`), Buffer.from(cs.bytes[1])]);
    res = await admin.postForm(p, null, { raw: body });
  }
  const info = `HTTP ${res.status} ${res.headers.get('content-type')} ${res.text.replace(/\s+/g, ' ').slice(0, 300)}`;
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${info}`);
  assert.ok(hasMessage(res.text), `role="alert" or data-field-error: ${info}`);
  assert.ok(!res.text.includes(SCRIPT), `script text must come back escaped: ${info}`);
  if (cs.csrf !== false && cs.raw === undefined && cs.method !== 'GET') assert.notEqual(res.status, 403, `valid CSRF refused: ${info}`);
  if (cs.field) assert.ok(new RegExp(`data-field-error="${cs.field}"`).test(res.text), `data-field-error="${cs.field}": ${info}`);
}

test('the valid bodies are valid (so each case fails for its own reason)', async () => {
  const snap = await snapshot();
  // Checked on a copy that is created and then compared; the snapshot is taken after it.
  const r = await c.call('admin', 'POST', '/api/v1/service-descriptions', { ...validBody, code: 'fuzz-valid-probe' });
  assert.equal(r.status, 201, r.text);
  const f = await admin.postForm('/admin/service-descriptions', null, { raw: new URLSearchParams(replace(validPairs, 'code', ['fuzz-form-probe']).concat([['csrf_token', csrf]])).toString() });
  assert.equal(f.status, 303, f.text.slice(0, 500));
  const e = await admin.postForm(`/admin/service-descriptions/${sdId}`, null, { raw: new URLSearchParams(validPairs.concat([['csrf_token', csrf]])).toString() });
  assert.equal(e.status, 303, e.text.slice(0, 500));
  assert.equal((await snapshot()).sds.length, snap.sds.length + 2);
  before_ = await snapshot();
});

test('API bad-input table (POST, PUT, code lists)', async (t) => {
  const cases = apiCases();
  assert.ok(cases.length > 250, `table has ${cases.length} cases`);
  for (const cs of cases) await t.test(cs.name, () => runApi(cs));
});

test('form bad-input table (create and edit)', async (t) => {
  const cases = formCases();
  assert.ok(cases.length > 120, `table has ${cases.length} cases`);
  for (const cs of cases) await t.test(cs.name, () => runForm(cs));
});

test('nothing changed', async () => {
  assert.deepEqual(await snapshot(), before_);
});
