'use strict';
// Bad input against the product card forms and endpoints and the catalog filters: always a 4xx
// with a message (problem+json beside the field for the API, data-field-error for pages), never
// a 5xx, and no card changes (snapshot of the provider's cards before and after).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { api, browserish, csrfFrom, login, DEMO } = require('./harness');
const { sqlRunner, setupCardTest } = require('./cards-setup');

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
let c; let ids; let sql; let one; let provider; let customer; let snapshotBefore;

const valid = () => ({
  service_description_id: ids.sd, title: 'Kelvollinen kortti', summary: '', description: '', price_cents: 250000,
  languages: ['fi'], delivery_mode: 'remote', duration: '4 viikkoa', areas: ['998'], service_class: 'P99.1', video_url: '',
});
const validForm = () => ({
  service_description_id: String(ids.sd), title: 'Kelvollinen kortti', summary: '', description: '', price: '2500',
  languages: 'fi', delivery_mode: 'remote', duration: '4 viikkoa', areas: '998', service_class: 'P99.1', video_url: '',
});

const snapshot = () => sql('SELECT id, status, title, price_cents, languages, delivery_mode, service_class, video_url, updated_at FROM product_cards ORDER BY id')
  .map((r) => r.join('|')).join('\n') + '\n' + sql('SELECT product_card_id, municipality_code FROM product_card_areas ORDER BY 1, 2').map((r) => r.join('|')).join(',');

before(async () => {
  c = await apiContext();
  ({ sql, one } = sqlRunner(c.server.dbUrl));
  ids = setupCardTest(sql, one, { today: day(0), periodStart: day(-30), periodEnd: day(60), deadline: day(30), brochureDue: day(7) });
  // One card of the demo provider to edit, publish and withdraw.
  const r = await c.call('provider', 'POST', '/api/v1/provider/product-cards', valid());
  assert.equal(r.status, 201, r.text);
  ids.card = r.json.id;
  provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  customer = browserish(c.baseUrl);
  await login(customer, DEMO.customer.email, DEMO.customer.password);
  snapshotBefore = snapshot();
});
after(async () => { if (c) await c.server.stop(); });

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') || '');

async function expectApi(method, path, opts, field, statuses = null) {
  const res = await api(c.baseUrl, method, path, opts);
  const info = `${method} ${path} ${JSON.stringify(opts.body ?? opts.raw ?? '').slice(0, 120)} → HTTP ${res.status} ${res.text.slice(0, 300)}`;
  assert.ok(res.status >= 400 && res.status < 500, `4xx: ${info}`);
  if (statuses) assert.ok(statuses.includes(res.status), `status in ${statuses}: ${info}`);
  assert.ok(isProblem(res), `problem+json: ${info}`);
  assert.ok(res.json.detail || Object.keys(res.json.errors || {}).length, `message: ${info}`);
  if (field) assert.ok(res.json.errors && res.json.errors[field], `errors.${field}: ${info}`);
  c.v.checkRes(method, path, res);
}

const LONG = 'x'.repeat(6000);
const fieldCases = [
  ['service_description_id', ['12', 1.5, -1, 0, null, [1], 999999]],
  ['title', ['', 'ab', LONG, 123, null, ['x'], 'a\u0000b', 'rivi\nrivi']],
  ['summary', [LONG, 5, 'a\u0007b']],
  ['description', ['y'.repeat(5001), {}]],
  ['price_cents', [0, -100, 1.5, '250000', null, 1e30, true]],
  ['languages', ['fi', [], ['de'], [1], ['FI'], null, Array(101).fill('fi')]],
  ['delivery_mode', ['car', '', 1, 'ON_SITE']],
  ['duration', ['', 'z'.repeat(101), 7]],
  ['areas', ['998', [], ['12'], ['abc'], [998], ['000'], ['997'], Array.from({ length: 51 }, (_, i) => String(100 + i))]],
  ['service_class', ['X1', 'P1', 'P99.1; DROP TABLE x', 7]],
  ['video_url', ['http://vimeo.com/1', 'javascript:alert(1)', 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ', 'https://example.com/v.mp4', 5]],
];

test('card API: every bad field is refused beside the field, on create and on update', async () => {
  const token = c.tokens.provider;
  for (const [field, values] of fieldCases) {
    for (const v of values) {
      const body = { ...valid(), [field]: v };
      const api422 = field === 'price_cents' ? 'price_cents' : field;
      await expectApi('POST', '/api/v1/provider/product-cards', { token, body }, api422);
      await expectApi('PUT', `/api/v1/provider/product-cards/${ids.card}`, { token, body }, api422);
    }
    const { [field]: _, ...missing } = valid();
    if (!['summary', 'description', 'service_class', 'video_url'].includes(field)) {
      await expectApi('POST', '/api/v1/provider/product-cards', { token, body: missing }, field);
    }
  }
  await expectApi('POST', '/api/v1/provider/product-cards', { token, body: { ...valid(), colour: 'red' } }, 'colour');
});

test('card API: malformed bodies, wrong types, unknown ids and other roles', async () => {
  const token = c.tokens.provider;
  const json = { 'content-type': 'application/json' };
  for (const raw of ['{"a":', '', 'null', '[]', '"x"', '42', `${JSON.stringify(valid())} x`, '['.repeat(20000) + ']'.repeat(20000)]) {
    await expectApi('POST', '/api/v1/provider/product-cards', { token, raw, headers: json });
    await expectApi('PUT', `/api/v1/provider/product-cards/${ids.card}`, { token, raw, headers: json });
  }
  await expectApi('POST', '/api/v1/provider/product-cards', { token, raw: JSON.stringify(valid()), headers: { 'content-type': 'text/plain' } }, null, [415]);
  await expectApi('PUT', `/api/v1/provider/product-cards/${ids.card}`, { token, raw: JSON.stringify(valid()), headers: { 'content-type': 'text/plain' } }, null, [415]);
  await expectApi('PUT', `/api/v1/provider/product-cards/${ids.card}`, { token, raw: new URLSearchParams({ title: 'x' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, null, [415]);
  for (const id of ['abc', '0', '-1', '1.5', '99999999', String(ids.rejectedDraft)]) {
    await expectApi('GET', `/api/v1/provider/product-cards/${id}`, { token }, null, [404]);
    await expectApi('PUT', `/api/v1/provider/product-cards/${id}`, { token, body: valid() }, null, [404]);
    await expectApi('POST', `/api/v1/provider/product-cards/${id}/publish`, { token }, null, [404]);
    await expectApi('POST', `/api/v1/provider/product-cards/${id}/withdraw`, { token }, null, [404]);
  }
  await expectApi('POST', `/api/v1/provider/product-cards/${ids.card}/withdraw`, { token }, null, [409]); // a draft
  await expectApi('GET', '/api/v1/provider/product-cards?page=0', { token }, 'page', [400]);
  await expectApi('GET', '/api/v1/provider/product-cards', {}, null, [401]);
  await expectApi('GET', '/api/v1/provider/product-cards', { token: c.tokens.customer }, null, [403]);
  await expectApi('POST', '/api/v1/provider/product-cards', { token: c.tokens.admin, body: valid() }, null, [403]);
  await expectApi('PUT', `/api/v1/provider/product-cards/${ids.card}`, { token: 'nonsense', body: valid() }, null, [401]);
});

const filterCases = [
  ['service_class', ['Q1', 'P999', 'P99.2', '<script>']],
  ['target_group', ['ZZ9', 'x'.repeat(30), 'KR 2', "' OR 1=1 --"]],
  ['life_event', ['KE999', '%', '../x']],
  ['municipality', ['12', 'abc', '000', '9999']],
  ['delivery_mode', ['car', 'ON_SITE']],
];

test('catalog filters: unknown codes and bad prices are a 400 with the field named (API and page)', async () => {
  const cases = [...filterCases.map(([f, vs]) => vs.map((v) => [f, v, f])).flat(),
    ['language', 'de', 'language'],
    ['price_min_cents', '-1', 'price_min_cents'], ['price_min_cents', '1.5', 'price_min_cents'], ['price_min_cents', 'abc', 'price_min_cents'],
    ['price_max_cents', '1e5', 'price_max_cents'], ['price_max_cents', '99999999999999999999', 'price_max_cents'],
    ['service_description_id', 'x', 'service_description_id']];
  for (const [param, value, field] of cases) {
    await expectApi('GET', `/api/v1/product-cards?${param}=${encodeURIComponent(value)}`, {}, field, [400]);
  }
  await expectApi('GET', '/api/v1/product-cards?price_min_cents=500000&price_max_cents=250000', {}, 'price_max_cents', [400]);

  const anon = browserish(c.baseUrl);
  const pageCases = [...filterCases.map(([f, vs]) => vs.map((v) => [f, v, f])).flat(),
    ['lang', 'de', 'lang'], ['price_min', 'abc', 'price_min'], ['price_min', '-5', 'price_min'], ['price_max', '1,234', 'price_max'],
    ['price_max', '12.345', 'price_max'], ['service', 'x', 'service']];
  for (const [param, value, field] of pageCases) {
    const res = await anon.get(`/catalog?${param}=${encodeURIComponent(value)}`);
    assert.equal(res.status, 400, `${param}=${value}: HTTP ${res.status}`);
    assert.match(res.text, new RegExp(`data-field-error="${field}"`), `${param}=${value}`);
  }
  const range = await anon.get('/catalog?price_min=5000&price_max=2500');
  assert.equal(range.status, 400);
  assert.match(range.text, /data-field-error="price_max"/);
  assert.match(range.text, /value="5000"/, 'the typed price stays in the field');
});

test('card form: bad fields come back beside the field with the typed values; CSRF, roles and ids are checked', async () => {
  const page = await provider.get('/provider/cards/new');
  assert.equal(page.status, 200);
  const token = csrfFrom(page.text);
  const formCases = [
    ['service_description_id', 'x'], ['service_description_id', '999999'], ['title', ''], ['title', 'ab'], ['price', ''],
    ['price', 'abc'], ['price', '0'], ['price', '-2500'], ['price', '2500,123'], ['languages', 'de'], ['delivery_mode', 'car'],
    ['duration', ''], ['areas', 'abc'], ['areas', '997'], ['service_class', 'X1'], ['video_url', 'https://evil.example/x'],
    ['description', 'z'.repeat(5001)],
  ];
  for (const [field, value] of formCases) {
    const fields = { ...validForm(), csrf_token: token, [field]: value };
    for (const path of ['/provider/cards/new', `/provider/cards/${ids.card}/edit`]) {
      const res = await provider.postForm(path, fields);
      assert.ok([409, 422].includes(res.status), `${path} ${field}=${value}: HTTP ${res.status}`);
      assert.match(res.text, new RegExp(`data-field-error="${field}"`), `${path} ${field}=${value}`);
      if (field !== 'title') assert.match(res.text, /value="Kelvollinen kortti"/, 'typed values kept');
    }
  }
  // Missing languages and areas entirely.
  const { languages: _l, areas: _a, ...bare } = validForm();
  const res = await provider.postForm('/provider/cards/new', { ...bare, csrf_token: token });
  assert.equal(res.status, 422);
  assert.match(res.text, /data-field-error="languages"/);
  assert.match(res.text, /data-field-error="areas"/);
  // Invalid UTF-8 in a field.
  const raw = `csrf_token=${encodeURIComponent(token)}&service_description_id=${ids.sd}&title=%C3%28&price=2500&languages=fi&delivery_mode=remote&duration=x&areas=998`;
  const bad = await provider.postForm('/provider/cards/new', null, { raw });
  assert.ok(bad.status >= 400 && bad.status < 500, `HTTP ${bad.status}`);

  assert.equal((await provider.postForm('/provider/cards/new', { ...validForm() })).status, 403, 'no CSRF token');
  assert.equal((await provider.postForm('/provider/cards/new', { ...validForm(), csrf_token: 'wrong'.repeat(5) })).status, 403);
  const custPage = await customer.get('/catalog');
  assert.equal((await customer.postForm('/provider/cards/new', { ...validForm(), csrf_token: csrfFrom(custPage.text) })).status, 403, 'customers have no cards');
  assert.equal((await customer.get('/provider/cards')).status, 403);
  const anon = browserish(c.baseUrl);
  assert.equal((await anon.get('/provider/cards')).status, 303, 'sign in first');
  for (const id of ['abc', '0', '99999999', String(ids.rejectedDraft)]) {
    assert.equal((await provider.get(`/provider/cards/${id}/edit`)).status, 404, id);
    assert.equal((await provider.postForm(`/provider/cards/${id}/edit`, { ...validForm(), csrf_token: token })).status, 404, id);
    assert.equal((await provider.postForm(`/provider/cards/${id}/publish`, { csrf_token: token })).status, 404, id);
    assert.equal((await provider.postForm(`/provider/cards/${id}/withdraw`, { csrf_token: token })).status, 404, id);
  }
  for (const id of ['abc', '0', '99999999']) assert.equal((await anon.get(`/brochures/${id}`)).status, 404);
});

test('nothing changed', () => {
  assert.equal(snapshot(), snapshotBefore);
});
