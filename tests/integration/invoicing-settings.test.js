'use strict';
// The organizer's invoicing settings (the buyer on every invoice) and the VAT of a service
// description (issue 6): GET/PUT /api/v1/invoicing-settings and /admin/invoicing-settings with every
// field right and wrong, audited; vat_rate_bp / vat_category / vat_exemption_reason in the service
// description API and the percentage ("25,5") in its form, with refusals beside the field.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { browserish, login, csrfFrom, DEMO } = require('./harness');
const { apiContext } = require('./context');
const { sql } = require('./providers-fixtures');
const { texts } = require('./orders-fixtures');

const FI = texts('fi');
const SCRIPT = '<script>alert(1)</script>';
let c; let admin;
before(async () => {
  c = await apiContext();
  admin = browserish(c.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
});
after(async () => { if (c) await c.server.stop(); });

const GOOD = {
  street_address: 'Vapaudenkatu 32', postal_code: '40100', post_office: 'Jyväskylä', ovt: '0037 0208 2011',
  einvoice_operator: '003721291126', invoice_reference_template: 'Dynaaminen pienhankinta / {service}', payment_terms_days: 14,
};
const get = async (role = 'admin') => c.call(role, 'GET', '/api/v1/invoicing-settings');
const put = (body, role = 'admin', opts = {}) => c.call(role, 'PUT', '/api/v1/invoicing-settings', body, opts);
const audits = () => Number(sql(c.server.dbUrl, "SELECT COUNT(*) FROM audit_log WHERE action = 'invoicing_settings.update'")[0][0]);

test('settings: the demo organizer reads; a full PUT saves normalized values, audited', async () => {
  const first = await get();
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.business_id, '0208201-1');
  assert.equal(first.json.invoice_reference_template, 'Dynaaminen pienhankinta / {service}');
  const before_ = audits();
  const r = await put(GOOD);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { ...first.json, ...GOOD, ovt: '003702082011' });
  assert.deepEqual((await get()).json, r.json);
  assert.equal(audits(), before_ + 1);
  const row = sql(c.server.dbUrl, "SELECT before_json, after_json FROM audit_log WHERE action = 'invoicing_settings.update' ORDER BY id DESC LIMIT 1")[0];
  assert.equal(JSON.parse(row[1]).postal_code, '40100');
  // A partial PUT changes only what it names.
  const p = await put({ payment_terms_days: 0 });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.json, { ...r.json, payment_terms_days: 0 });
  const max = await put({ payment_terms_days: 365, invoice_reference_template: 'Ilman paikkamerkkiä' });
  assert.equal(max.status, 200, max.text);
});

test('settings: every field wrong → 422 naming it; nothing changes', async () => {
  const before_ = (await get()).json;
  const n = audits();
  const cases = [
    ['street_address', 'V', 'validation.too_short'], ['street_address', 'x'.repeat(201), 'validation.too_long'],
    ['street_address', 'a\u0000b', 'validation.control_chars'], ['street_address', 'rivi\nrivi', 'validation.control_chars'], ['street_address', 5, 'validation.not_text'],
    ['postal_code', '4010', 'providers.error.postal_code'], ['postal_code', '40100a', 'validation.too_long'], ['postal_code', 'abcde', 'providers.error.postal_code'], ['postal_code', '', 'validation.required'],
    ['post_office', 'J', 'validation.too_short'], ['post_office', 'x'.repeat(101), 'validation.too_long'], ['post_office', null, 'validation.not_text'],
    ['ovt', '', 'validation.required'], ['ovt', '003712345671', 'ovt.business_id_mismatch'], ['ovt', 'FI0208201', 'ovt.invalid_format'], ['ovt', SCRIPT, 'ovt.invalid_format'],
    ['einvoice_operator', 'ab', 'providers.error.operator'], ['einvoice_operator', '00-37', 'providers.error.operator'], ['einvoice_operator', ['x'], 'validation.not_text'],
    ['invoice_reference_template', '', 'validation.required'], ['invoice_reference_template', 'x'.repeat(201), 'validation.too_long'],
    ['invoice_reference_template', 'DPH / {palvelu}', 'settings.reference_placeholder'], ['invoice_reference_template', 'a}', 'settings.reference_placeholder'],
    ['invoice_reference_template', 'a\tb', 'validation.control_chars'],
    ['payment_terms_days', -1, 'settings.terms_range'], ['payment_terms_days', 366, 'settings.terms_range'], ['payment_terms_days', '14', 'settings.terms_not_integer'],
    ['payment_terms_days', 1.5, 'settings.terms_not_integer'], ['payment_terms_days', null, 'settings.terms_not_integer'], ['payment_terms_days', 1e30, 'settings.terms_not_integer'],
    ['name', 'Toinen kaupunki', 'settings.read_only'], ['business_id', '1234567-8', 'settings.read_only'], ['colour', 'red', 'settings.unknown_field'],
  ];
  for (const [field, value, key] of cases) {
    const r = await put({ ...GOOD, [field]: value });
    assert.equal(r.status, 422, `${field}=${JSON.stringify(value)}: ${r.text}`);
    assert.equal(r.json.errors?.[field], FI[key], `${field}=${JSON.stringify(value)}: ${r.text}`);
    assert.ok(!r.text.includes(SCRIPT));
  }
  for (const [raw, status] of [['{"a":', 400], ['[]', 422], ['null', 422]]) {
    const r = await put(undefined, 'admin', { raw, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, status, raw);
  }
  assert.equal((await put(undefined, 'admin', { raw: JSON.stringify(GOOD), headers: { 'content-type': 'text/plain' } })).status, 415);
  for (const role of ['provider', 'customer', 'counsellor']) {
    assert.equal((await put(GOOD, role)).status, 403, role);
    assert.equal((await get(role)).status, 403, role);
  }
  assert.equal((await c.call(null, 'GET', '/api/v1/invoicing-settings')).status, 401);
  assert.deepEqual((await get()).json, before_);
  assert.equal(audits(), n);
});

test('settings page: saves, and shows each refusal beside its field with the typed values kept', async () => {
  const page = await admin.get('/admin/invoicing-settings');
  assert.equal(page.status, 200);
  for (const f of Object.keys(GOOD)) assert.match(page.text, new RegExp(`name="${f}"`), f);
  const form = { ...GOOD, payment_terms_days: '30', csrf_token: csrfFrom(page.text) };
  const ok = await admin.postForm('/admin/invoicing-settings', form);
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal((await get()).json.payment_terms_days, 30);
  const saved = await admin.get(ok.location);
  assert.ok(saved.text.includes(FI['settings.saved']));
  const bad = await admin.postForm('/admin/invoicing-settings', {
    ...form, street_address: '', postal_code: '123', post_office: SCRIPT, ovt: '003712345671', einvoice_operator: '?',
    invoice_reference_template: '{x}', payment_terms_days: 'kolme',
  });
  assert.equal(bad.status, 422);
  for (const [field, key] of [['street_address', 'validation.required'], ['postal_code', 'providers.error.postal_code'],
    ['ovt', 'ovt.business_id_mismatch'], ['einvoice_operator', 'providers.error.operator'],
    ['invoice_reference_template', 'settings.reference_placeholder'], ['payment_terms_days', 'settings.terms_format']]) {
    assert.match(bad.text, new RegExp(`data-field-error="${field}">[^<]*<`), field);
    assert.ok(bad.text.includes(FI[key].replace(/"/g, '&quot;')) || bad.text.includes(FI[key]), `${field}: ${FI[key]}`);
  }
  assert.ok(!bad.text.includes(SCRIPT), 'escaped');
  assert.match(bad.text, /value="kolme"/);
  assert.equal((await get()).json.payment_terms_days, 30, 'nothing saved');
  const provider = browserish(c.baseUrl);
  await login(provider, DEMO.provider.email, DEMO.provider.password);
  assert.equal((await provider.get('/admin/invoicing-settings')).status, 403);
});

// --- VAT of a service description ---------------------------------------------------------

const someService = async () => (await c.all(null, '/api/v1/service-descriptions'))[0];

test('VAT: the API reads and writes rate, category and reason; the rate alone implies S', async () => {
  const sd = await someService();
  for (const k of ['vat_rate_bp', 'vat_category', 'vat_exemption_reason']) assert.ok(k in sd, k);
  const put_ = (body) => c.call('admin', 'PUT', `/api/v1/service-descriptions/${sd.id}`, body);
  let r = await put_({ vat_rate_bp: 2550 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.vat_rate_bp, r.json.vat_category, r.json.vat_exemption_reason], [2550, 'S', '']);
  r = await put_({ vat_rate_bp: 0, vat_category: 'E', vat_exemption_reason: 'AVL 39 §: koulutuspalvelu' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.vat_rate_bp, r.json.vat_category, r.json.vat_exemption_reason], [0, 'E', 'AVL 39 §: koulutuspalvelu']);
  r = await put_({ vat_category: 'Z', vat_exemption_reason: '' });
  assert.equal(r.status, 200, r.text);
  for (const rate of [1000, 1400]) {
    r = await put_({ vat_rate_bp: rate });
    assert.deepEqual([r.status, r.json.vat_rate_bp, r.json.vat_category], [200, rate, 'S']);
  }
  // Creating without VAT keeps the defaults the other service tests rely on.
  const created = await c.call('admin', 'POST', '/api/v1/service-descriptions', { code: `vat-${Date.now() % 1e6}`, name_fi: 'ALV-testi', name_en: 'VAT test', description_fi: '', description_en: '', vat_rate_bp: 2550 });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.vat_category, 'S');
});

test('VAT: every wrong value → 422 beside the field; nothing changes', async () => {
  const sd = await someService();
  const before_ = (await c.call('admin', 'GET', `/api/v1/service-descriptions/${sd.id}`)).json;
  for (const [body, field, key] of [
    [{ vat_rate_bp: 2400 }, 'vat_rate_bp', 'services.vat_rate_unknown'], [{ vat_rate_bp: -1 }, 'vat_rate_bp', 'services.vat_rate_unknown'],
    [{ vat_rate_bp: 1e12 }, 'vat_rate_bp', 'services.vat_rate_unknown'], [{ vat_rate_bp: '2550' }, 'vat_rate_bp', 'services.vat_rate_not_integer'],
    [{ vat_rate_bp: 25.5 }, 'vat_rate_bp', 'services.vat_rate_not_integer'], [{ vat_rate_bp: null }, 'vat_rate_bp', 'services.vat_rate_not_integer'],
    [{ vat_rate_bp: 2550, vat_category: 'E', vat_exemption_reason: 'x' }, 'vat_category', 'services.vat_category_needs_zero_rate'],
    [{ vat_rate_bp: 0, vat_category: 'S' }, 'vat_category', 'services.vat_category_needs_rate'],
    [{ vat_rate_bp: 0, vat_category: 'E', vat_exemption_reason: '' }, 'vat_exemption_reason', 'services.vat_reason_required'],
    [{ vat_rate_bp: 0, vat_category: 'Z', vat_exemption_reason: 'x' }, 'vat_exemption_reason', 'services.vat_reason_only_exempt'],
    [{ vat_rate_bp: 0, vat_category: 'E', vat_exemption_reason: 'x'.repeat(201) }, 'vat_exemption_reason', 'validation.too_long'],
    [{ vat_rate_bp: 0, vat_category: 'E', vat_exemption_reason: 'a\u0001' }, 'vat_exemption_reason', 'validation.control_chars'],
    [{ vat_category: 'X' }, 'vat_category', 'services.vat_category_unknown'], [{ vat_category: 'SS' }, 'vat_category', 'validation.too_long'],
    [{ vat_category: 1 }, 'vat_category', 'validation.not_text'], [{ vat_exemption_reason: ['a'] }, 'vat_exemption_reason', 'validation.not_text'],
  ]) {
    const r = await c.call('admin', 'PUT', `/api/v1/service-descriptions/${sd.id}`, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.errors?.[field], FI[key], `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.deepEqual((await c.call('admin', 'GET', `/api/v1/service-descriptions/${sd.id}`)).json, before_);
});

test('VAT in the form: a percentage with comma decimals; refusals beside the field', async () => {
  const sd = await someService();
  const page = await admin.get(`/admin/service-descriptions/${sd.id}`);
  assert.equal(page.status, 200);
  for (const f of ['vat_rate', 'vat_category', 'vat_exemption_reason']) assert.match(page.text, new RegExp(`name="${f}"`), f);
  // The rest of the form as it stands: post what the page shows, changing only VAT.
  const current = (await c.call('admin', 'GET', `/api/v1/service-descriptions/${sd.id}`)).json;
  const base = [['frame', '1'], ['csrf_token', csrfFrom(page.text)], ['name_fi', current.name_fi], ['name_sv', current.name_sv], ['name_en', current.name_en],
    ['description_fi', current.description_fi], ['description_sv', current.description_sv], ['description_en', current.description_en],
    ['goal', current.goal], ['content_limits', current.content_limits], ...current.languages.map((l) => ['languages', l])];
  if (current.price_model.kind === 'fixed') { base.push(['price_kind', 'fixed']); for (const v of current.price_model.values) base.push(['price_value', String(v / 100)]); }
  else base.push(['price_kind', 'hourly'], ['hourly_rate', String(current.price_model.rate / 100)], ['hourly_cap', String(current.price_model.cap / 100)]);
  for (const b of current.price_model.bonuses || []) base.push(['bonus_code', b.code], ['bonus_amount', String(b.amount / 100)], ['bonus_evidence', b.evidence]);
  for (const [scheme, terms] of Object.entries(current.classification)) for (const t of terms) base.push([scheme, t.code]);
  const post = (vat) => admin.postForm(`/admin/service-descriptions/${sd.id}`, [...base, ...vat]);

  const ok = await post([['vat_rate', '25,5'], ['vat_category', 'S'], ['vat_exemption_reason', 'jää pois']]);
  assert.equal(ok.status, 303, ok.text.slice(0, 500));
  const after_ = (await c.call('admin', 'GET', `/api/v1/service-descriptions/${sd.id}`)).json;
  assert.deepEqual([after_.vat_rate_bp, after_.vat_category, after_.vat_exemption_reason], [2550, 'S', ''], 'a reason is dropped for S');
  assert.match((await admin.get(`/admin/service-descriptions/${sd.id}`)).text, /name="vat_rate" value="25,5"/);

  for (const [vat, field, key] of [
    [[['vat_rate', '24'], ['vat_category', 'S']], 'vat_rate', 'services.vat_rate_unknown'],
    [[['vat_rate', '25,5 %'], ['vat_category', 'S']], 'vat_rate', 'services.vat_rate_format'],
    [[['vat_rate', ''], ['vat_category', 'S']], 'vat_rate', 'services.vat_rate_format'],
    [[['vat_rate', '0'], ['vat_category', 'E'], ['vat_exemption_reason', '']], 'vat_exemption_reason', 'services.vat_reason_required'],
    [[['vat_rate', '14'], ['vat_category', 'Z']], 'vat_category', 'services.vat_category_needs_zero_rate'],
    [[['vat_rate', '0'], ['vat_category', 'S']], 'vat_category', 'services.vat_category_needs_rate'],
    [[['vat_rate', '0']], 'vat_category', 'services.vat_category_unknown'],
  ]) {
    const r = await post(vat);
    assert.equal(r.status, 422, `${JSON.stringify(vat)}: ${r.status}`);
    assert.match(r.text, new RegExp(`data-field-error="${field}">`), JSON.stringify(vat));
    assert.ok(r.text.includes(FI[key]), `${JSON.stringify(vat)}: ${FI[key]}`);
  }
  const unchanged = (await c.call('admin', 'GET', `/api/v1/service-descriptions/${sd.id}`)).json;
  assert.deepEqual([unchanged.vat_rate_bp, unchanged.vat_category], [2550, 'S']);
});
