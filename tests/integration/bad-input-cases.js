'use strict';
// The bad-input tables used by bad-input.test.js. Each case is plain data:
//   {name, kind: 'api'|'html', method, path, role, body?|raw?|fields?, headers?, search?}
// `search: true` marks a GET whose hostile text is only a search string: 200 with nothing found is fine.
// ids: {pendingOrder, declinedOrder, card, voucher, cardMissing} from bad-input.test.js.

const SQL = "' OR 1=1 --";
const DROP = '"; DROP TABLE orders; --';
const SCRIPT = '<script>alert(1)</script>';
const FTS = ['NEAR(a b)', '"*', 'a* OR b*', 'title:x', '^', 'AND'];
const PLAIN_HOSTILE = [SQL, DROP, SCRIPT, ...FTS]; // valid as free text: must fail for another reason
const NUL = 'ab\u0000cd';
const LONG = 'x'.repeat(10000);
const TWO_MB = 'y'.repeat(2 * 1024 * 1024);
const BAD_BYTES = { 'C3 28': [0xc3, 0x28], FF: [0xff], 'surrogate ED A0 80': [0xed, 0xa0, 0x80], 'overlong C0 AF': [0xc0, 0xaf] };
const BAD_PCT = ['%C3%28', '%FF', '%ED%A0%80', '%C0%AF'];
const WRONG_INTS = { 'string "12"': '12', float: 1.5, negative: -1, zero: 0, huge: 1e30, array: [1], object: { id: 1 }, bool: true, null: null, empty: '' };
const WRONG_STRINGS = { number: 123, array: ['a', 'b'], object: { a: 'b' }, bool: false, null: null, '10 000 chars': LONG, NUL };

const MARK = 'MARK_7f3a';
/** JSON text of obj with raw bytes spliced into the string value of field. */
function jsonWithBytes(obj, field, bytes) {
  const [a, b] = JSON.stringify({ ...obj, [field]: `ab${MARK}cd` }).split(MARK);
  return Buffer.concat([Buffer.from(a), Buffer.from(bytes), Buffer.from(b)]);
}
const without = (obj, field) => Object.fromEntries(Object.entries(obj).filter(([k]) => k !== field));
const JSON_CT = { 'content-type': 'application/json' };

/** Malformed bodies every JSON POST endpoint must refuse. */
function bodyCases(ep) {
  const valid = JSON.stringify(ep.base);
  return [
    ['bad JSON', '{"a":'], ['trailing garbage', `${valid} x`], ['empty body', ''], ['JSON null', 'null'], ['JSON array', '[]'],
    ['JSON string', '"text"'], ['JSON number', '42'], ['nested 20 000 deep', '['.repeat(20000) + ']'.repeat(20000)],
    ['lone surrogate escape', JSON.stringify({ ...ep.base, [(ep.strings || ep.ints)[0]]: MARK }).replace(`"${MARK}"`, '"\\ud800"')],
    ['2 MB body', JSON.stringify({ ...ep.base, padding: TWO_MB })],
  ].map(([n, raw]) => ({ name: `${ep.name}: ${n}`, kind: 'api', method: 'POST', path: ep.path, role: ep.role, raw, headers: JSON_CT }))
    .concat([
      { name: `${ep.name}: text/plain content type`, kind: 'api', method: 'POST', path: ep.path, role: ep.role, raw: valid, headers: { 'content-type': 'text/plain' } },
      { name: `${ep.name}: no content type`, kind: 'api', method: 'POST', path: ep.path, role: ep.role, raw: Buffer.from(valid) },
      { name: `${ep.name}: form-encoded`, kind: 'api', method: 'POST', path: ep.path, role: ep.role,
        raw: new URLSearchParams(Object.entries(ep.base).map(([k, v]) => [k, String(v)])).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { name: `${ep.name}: empty object`, kind: 'api', method: 'POST', path: ep.path, role: ep.role, body: {} },
    ]);
}

/** Per-field mutations of a JSON body. */
function fieldCases(ep) {
  const cases = [];
  const add = (n, extra) => cases.push({ name: `${ep.name}: ${n}`, kind: 'api', method: 'POST', path: ep.path, role: ep.role, ...extra });
  for (const f of ep.ints || []) {
    add(`${f} missing`, { body: without(ep.base, f) });
    for (const [n, v] of Object.entries(WRONG_INTS)) add(`${f} ${n}`, { body: { ...ep.base, [f]: v } });
    for (const big of ['9007199254740993', '99999999999999999999999', '1e999', '-0', '1.0']) {
      add(`${f} literal ${big}`, { raw: JSON.stringify(ep.base).replace(`"${f}":${ep.base[f]}`, `"${f}":${big}`), headers: JSON_CT });
    }
    for (const h of [...PLAIN_HOSTILE, NUL]) add(`${f} = ${JSON.stringify(h)}`, { body: { ...ep.base, [f]: h } });
  }
  for (const f of ep.strings || []) {
    add(`${f} missing`, { body: without(ep.base, f) });
    for (const [n, v] of Object.entries(WRONG_STRINGS)) add(`${f} ${n}`, { body: { ...ep.base, [f]: v } });
    for (const [n, bytes] of Object.entries(BAD_BYTES)) add(`${f} invalid UTF-8 ${n}`, { raw: jsonWithBytes(ep.base, f, bytes), headers: JSON_CT });
    // Plain hostile text is acceptable content, so it goes to a request that is invalid for another reason.
    for (const h of PLAIN_HOSTILE) {
      const t = ep.textTarget(f);
      add(`${f} = ${JSON.stringify(h)} (${t.why})`, { path: t.path || ep.path, body: { ...t.base, [f]: h } });
    }
  }
  return cases;
}

const BAD_PAGE = ['abc', '-1', '0', '1.5', '1e3', '99999999999999999999', '', '%00', '1%00', ...BAD_PCT, encodeURIComponent(SQL), encodeURIComponent(SCRIPT), '0x10', '+1', ' 1'];
const BAD_IDS = ['abc', '-1', '1.5', '1e3', '99999999999999999999', '1%00', '%00', ...BAD_PCT, encodeURIComponent(`1${SQL}`), encodeURIComponent(SCRIPT), '0x1'];

function apiCases(ids) {
  const sdBase = { code: 'fuzz-valid-code', name_fi: 'Kelvollinen nimi', name_en: 'Valid name', description_fi: 'Kuvaus', description_en: 'Description' };
  const endpoints = [
    { name: 'POST /auth/token', path: '/api/v1/auth/token', role: null, base: { email: 'fuzz@palvelutori.example', password: 'Wrong-pass-1', name: 'n' },
      strings: ['email', 'password', 'name'], textTarget: () => ({ base: { email: 'fuzz@palvelutori.example', password: 'Wrong-pass-1' }, why: 'wrong credentials' }) },
    { name: 'POST /service-descriptions', path: '/api/v1/service-descriptions', role: 'admin', base: sdBase,
      strings: Object.keys(sdBase),
      textTarget: (f) => (f === 'code' ? { base: sdBase, why: 'code pattern' } : { base: { ...sdBase, code: 'sales-marketing' }, why: 'duplicate code' }) },
    { name: 'POST /orders', path: '/api/v1/orders', role: 'customer', base: { product_card_id: ids.card, voucher_id: ids.voucher }, ints: ['product_card_id', 'voucher_id'] },
    { name: 'POST /orders/{id}/decline', path: `/api/v1/orders/${ids.pendingOrder}/decline`, role: 'provider', base: { reason: 'Valid reason' },
      strings: ['reason'], textTarget: () => ({ path: `/api/v1/orders/${ids.declinedOrder}/decline`, base: {}, why: 'order already declined' }) },
  ];
  const cases = [];
  for (const ep of endpoints) cases.push(...bodyCases(ep), ...fieldCases(ep));
  // A body on endpoints that take none must not do anything either.
  for (const [n, raw] of [['bad JSON', '{"a":'], ['2 MB', JSON.stringify({ p: TWO_MB })]]) {
    cases.push({ name: `POST /orders/{id}/accept by customer, ${n} body`, kind: 'api', method: 'POST', path: `/api/v1/orders/${ids.pendingOrder}/accept`, role: 'customer', raw, headers: JSON_CT });
  }

  const lists = [['/api/v1/service-descriptions', null], ['/api/v1/product-cards', null], ['/api/v1/vouchers', 'customer'], ['/api/v1/orders', 'customer'], ['/api/v1/order-contracts', 'customer']];
  for (const [p, role] of lists) {
    for (const param of ['page', 'page_size']) {
      for (const v of BAD_PAGE) cases.push({ name: `GET ${p}?${param}=${v}`, kind: 'api', method: 'GET', path: `${p}?${param}=${v}`, role, errorField: param });
      cases.push({ name: `GET ${p}?${param} twice`, kind: 'api', method: 'GET', path: `${p}?${param}=1&${param}=2`, role });
    }
    cases.push({ name: `GET ${p}?page_size=101`, kind: 'api', method: 'GET', path: `${p}?page_size=101`, role, errorField: 'page_size' });
  }
  for (const v of ['abc', '-1', '1.5', '99999999999999999999', '%FF', encodeURIComponent(SQL), '1,2']) {
    cases.push({ name: `GET /product-cards?service_description_id=${v}`, kind: 'api', method: 'GET', path: `/api/v1/product-cards?service_description_id=${v}`, role: null });
  }
  for (const v of ['de', 'FI', 'fin', '%FF', encodeURIComponent(SCRIPT), 'fi,en']) {
    cases.push({ name: `GET /product-cards?language=${v}`, kind: 'api', method: 'GET', path: `/api/v1/product-cards?language=${v}`, role: null });
  }
  for (const v of ['unknown', 'REQUESTED', encodeURIComponent(SQL), '%FF', '%00']) {
    cases.push({ name: `GET /orders?status=${v}`, kind: 'api', method: 'GET', path: `/api/v1/orders?status=${v}`, role: 'customer' });
  }
  for (const v of [...PLAIN_HOSTILE, NUL, LONG].map(encodeURIComponent).concat(BAD_PCT)) {
    cases.push({ name: `GET /product-cards?q=${v.slice(0, 40)}`, kind: 'api', method: 'GET', path: `/api/v1/product-cards?q=${v}`, role: null, search: true });
  }

  const items = [['GET', '/api/v1/service-descriptions/', '', null], ['GET', '/api/v1/product-cards/', '', null], ['GET', '/api/v1/vouchers/', '', 'customer'],
    ['GET', '/api/v1/orders/', '', 'customer'], ['POST', '/api/v1/orders/', '/accept', 'provider'], ['POST', '/api/v1/orders/', '/cancel', 'customer'],
    ['POST', '/api/v1/orders/', '/decline', 'provider']];
  for (const [method, pre, post, role] of items) {
    for (const v of BAD_IDS) {
      cases.push({ name: `${method} ${pre}${v}${post}`, kind: 'api', method, path: `${pre}${v}${post}`, role, body: post === '/decline' ? { reason: 'Valid reason' } : undefined });
    }
  }
  for (const v of ['TS-2024-00000', encodeURIComponent(`TS-2024-000001${SQL}`), '%FF', '%00', encodeURIComponent(SCRIPT), 'x'.repeat(300)]) {
    cases.push({ name: `GET /order-contracts/${v.slice(0, 40)}`, kind: 'api', method: 'GET', path: `/api/v1/order-contracts/${v}`, role: 'customer' });
  }
  for (const auth of [`Bearer ${SQL}`, `Bearer ${SCRIPT}`, 'Bearer', 'Bearer  ', `Bearer ${'t'.repeat(4000)}`, 'Token abc', 'bearer', `Basic ${Buffer.from("admin:' OR 1=1 --").toString('base64')}`]) {
    cases.push({ name: `GET /me with Authorization: ${auth.slice(0, 30)}`, kind: 'api', method: 'GET', path: '/api/v1/me', role: null, headers: { authorization: auth } });
  }
  return cases;
}

/** Form posts and HTML GETs. role names a logged-in browserish client; csrf: true adds that client's token. */
function htmlCases(ids) {
  const cases = [];
  const post = (name, path, role, fields, extra = {}) => cases.push({ name, kind: 'html', method: 'POST', path, role, fields, csrf: true, ...extra });
  const forms = [
    { name: 'POST /login', path: '/login', role: 'anon', base: { email: 'fuzz-html@palvelutori.example', password: 'Wrong-pass-1', next: '' },
      strings: ['email', 'password'], textTarget: () => ({ base: { email: 'fuzz-html@palvelutori.example', password: 'Wrong-pass-1', next: '' } }) },
    { name: 'POST /orders', path: '/orders', role: 'customer', base: { product_card_id: String(ids.card), voucher_id: String(ids.voucher) }, ints: ['product_card_id', 'voucher_id'] },
    { name: 'POST /orders/{id}/decline', path: `/orders/${ids.pendingOrder}/decline`, role: 'provider', base: { reason: 'Valid reason' },
      strings: ['reason'], textTarget: () => ({ path: `/orders/${ids.declinedOrder}/decline`, base: {} }) },
    { name: 'POST /admin/service-descriptions', path: '/admin/service-descriptions', role: 'admin',
      base: { code: 'fuzz-form-code', name_fi: 'Kelvollinen nimi', name_en: 'Valid name', description_fi: 'Kuvaus', description_en: 'Description' },
      strings: ['code', 'name_fi', 'name_en', 'description_fi', 'description_en'], mayBeAbsent: ['description_fi', 'description_en'],
      textTarget: (f) => ({ base: { code: f === 'code' ? 'fuzz-form-code' : 'sales-marketing', name_fi: 'Kelvollinen nimi', name_en: 'Valid name', description_fi: '', description_en: '' } }) },
    { name: 'POST /account/tokens', path: '/account/tokens', role: 'customer', base: { name: 'valid' }, strings: ['name'], noPlain: true },
  ];
  for (const fm of forms) {
    const enc = (o) => new URLSearchParams(o).toString();
    post(`${fm.name}: 2 MB body`, fm.path, fm.role, { ...fm.base, padding: TWO_MB });
    post(`${fm.name}: JSON content type`, fm.path, fm.role, null, { raw: JSON.stringify(fm.base), headers: { 'content-type': 'application/json' } });
    post(`${fm.name}: no csrf`, fm.path, fm.role, fm.base, { csrf: false });
    for (const t of [SQL, SCRIPT, '', 'x'.repeat(10000)]) post(`${fm.name}: csrf_token=${JSON.stringify(t.slice(0, 30))}`, fm.path, fm.role, { ...fm.base, csrf_token: t }, { csrf: false });
    for (const f of [...(fm.ints || []), ...(fm.strings || [])]) {
      // A form field that may be empty may also be absent (treated as empty), so "missing" is no error there.
      if (!(fm.mayBeAbsent || []).includes(f)) post(`${fm.name}: ${f} missing`, fm.path, fm.role, without(fm.base, f));
      post(`${fm.name}: ${f} 10 000 chars`, fm.path, fm.role, { ...fm.base, [f]: LONG });
      post(`${fm.name}: ${f} NUL`, fm.path, fm.role, { ...fm.base, [f]: NUL });
      for (const pct of BAD_PCT) post(`${fm.name}: ${f}=${pct}`, fm.path, fm.role, null, { rawFields: `${enc(without(fm.base, f))}&${f}=ab${pct}cd` });
      for (const [n, bytes] of Object.entries(BAD_BYTES)) {
        post(`${fm.name}: ${f} raw bytes ${n}`, fm.path, fm.role, null, { rawFields: Buffer.concat([Buffer.from(`${enc(without(fm.base, f))}&${f}=ab`), Buffer.from(bytes)]) });
      }
    }
    for (const f of fm.ints || []) {
      for (const v of ['abc', '-1', '0', '1.5', '1e3', '99999999999999999999', '0x1', '1,2']) post(`${fm.name}: ${f}=${v}`, fm.path, fm.role, { ...fm.base, [f]: v });
      for (const h of PLAIN_HOSTILE) post(`${fm.name}: ${f}=${JSON.stringify(h)}`, fm.path, fm.role, { ...fm.base, [f]: h });
    }
    if (!fm.noPlain) {
      for (const f of fm.strings || []) {
        for (const h of PLAIN_HOSTILE) {
          const t = fm.textTarget(f);
          post(`${fm.name}: ${f}=${JSON.stringify(h)}`, t.path || fm.path, fm.role, { ...t.base, [f]: h });
        }
      }
    }
  }
  for (const v of BAD_IDS) {
    post(`POST /orders/${v}/accept`, `/orders/${v}/accept`, 'provider', {});
    post(`POST /orders/${v}/cancel`, `/orders/${v}/cancel`, 'customer', {});
    post(`POST /account/tokens/${v}/revoke`, `/account/tokens/${v}/revoke`, 'customer', {});
    cases.push({ name: `GET /catalog/${v}`, kind: 'html', method: 'GET', path: `/catalog/${v}`, role: 'anon' });
    cases.push({ name: `GET /orders/${v}`, kind: 'html', method: 'GET', path: `/orders/${v}`, role: 'customer' });
    cases.push({ name: `GET /vouchers/${v}`, kind: 'html', method: 'GET', path: `/vouchers/${v}`, role: 'customer' });
  }
  post('POST /logout with a forged token', '/logout', 'customer', { csrf_token: SQL }, { csrf: false });
  for (const v of [...PLAIN_HOSTILE, NUL, LONG].map(encodeURIComponent).concat(BAD_PCT)) {
    cases.push({ name: `GET /catalog?q=${v.slice(0, 40)}`, kind: 'html', method: 'GET', path: `/catalog?q=${v}`, role: 'anon', search: true });
  }
  for (const [param, vals] of [['page', ['abc', '-1', '0', '99999999999999999999', '%FF']], ['service', ['abc', '-1', '%FF', encodeURIComponent(SQL)]], ['lang', ['de', '%FF', encodeURIComponent(SCRIPT)]]]) {
    for (const v of vals) cases.push({ name: `GET /catalog?${param}=${v}`, kind: 'html', method: 'GET', path: `/catalog?${param}=${v}`, role: 'anon' });
  }
  for (const v of ['unknown', encodeURIComponent(SQL), '%FF']) cases.push({ name: `GET /orders?status=${v}`, kind: 'html', method: 'GET', path: `/orders?status=${v}`, role: 'customer' });
  return cases;
}

module.exports = { apiCases, htmlCases, SCRIPT };
