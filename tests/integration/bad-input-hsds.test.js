'use strict';
// Bad query parameters on the HSDS API: always 400 problem+json naming the parameter, never a
// 5xx, also when a browser asks; hostile search text finds nothing rather than failing.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, api } = require('./harness');

let server;
before(async () => { server = await startServer({}); });
after(async () => { if (server) await server.stop(); });

const UUID = '123e4567-e89b-12d3-a456-426614174000';
const LIST = ['/hsds/services', '/hsds/organizations', '/hsds/taxonomies', '/hsds/taxonomy_terms'];

// [path, the parameter the 400 must name]
const cases = [];
for (const p of LIST) {
  cases.push(
    [`${p}?page=0`, 'page'],
    [`${p}?page=-1`, 'page'],
    [`${p}?page=abc`, 'page'],
    [`${p}?page=1.5`, 'page'],
    [`${p}?page=`, null],                 // empty is "absent": 200 (checked below)
    [`${p}?page=99999999999`, 'page'],
    [`${p}?page=1&page=2`, 'page'],
    [`${p}?per_page=0`, 'per_page'],
    [`${p}?per_page=101`, 'per_page'],
    [`${p}?per_page=ten`, 'per_page'],
    [`${p}?per_page=%2010`, 'per_page'],
    [`${p}?format=xml`, 'format'],
    [`${p}?format=ndjson`, 'format'],
    [`${p}?search=${'a'.repeat(201)}`, 'search'],
    [`${p}?search=a%01b`, 'search'],
  );
}
cases.push(
  ['/hsds/services?full=yes', 'full'],
  ['/hsds/services?full=1', 'full'],
  ['/hsds/services?minimal=true', 'minimal'],
  ['/hsds/services?minimal=maybe', 'minimal'],
  ['/hsds/services?taxonomy_term_id=P10.1', 'taxonomy_term_id'],
  ['/hsds/services?taxonomy_id=service_class', 'taxonomy_id'],
  ['/hsds/services?organization_id=1', 'organization_id'],
  [`/hsds/services?organization_id=${UUID}x`, 'organization_id'],
  ['/hsds/services?modified_after=yesterday', 'modified_after'],
  ['/hsds/services?modified_after=2026-02-30', 'modified_after'],
  ['/hsds/services?modified_after=2026-01-01T25:00:00Z', 'modified_after'],
  ['/hsds/services?modified_after=2026-01-01%2000:00', 'modified_after'],
  [`/hsds/services?taxonomy_id=${UUID}&taxonomy_id=${UUID}`, 'taxonomy_id'],
  ['/hsds/organizations?full=TRUE', 'full'],
  ['/hsds/organizations?full_service=2', 'full_service'],
  ['/hsds/organizations/00000000-0000-8002-8000-000000000001?full_service=x', 'full_service'],
  ['/hsds/taxonomy_terms?top_only=on', 'top_only'],
  ['/hsds/taxonomy_terms?parent_id=KR2', 'parent_id'],
  ['/hsds/taxonomy_terms?taxonomy_id=nope', 'taxonomy_id'],
);

test('bad query parameters answer 400 problem+json naming the parameter', async () => {
  for (const [p, field] of cases) {
    for (const accept of ['application/json', 'text/html']) {
      const r = await api(server.baseUrl, 'GET', p, { headers: { accept } });
      const info = `${p} (${accept}): HTTP ${r.status} ${r.text.slice(0, 300)}`;
      if (field === null) {
        assert.equal(r.status, 200, info);
        continue;
      }
      assert.equal(r.status, 400, info);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/, info);
      assert.equal(r.json.status, 400, info);
      assert.ok(r.json.errors && typeof r.json.errors[field] === 'string' && r.json.errors[field].length > 0,
        `message for ${field}: ${info}`);
    }
  }
});

test('messages follow the language asked for', async () => {
  const fi = await api(server.baseUrl, 'GET', '/hsds/services?per_page=0', { headers: { 'accept-language': 'fi' } });
  const en = await api(server.baseUrl, 'GET', '/hsds/services?per_page=0', { headers: { 'accept-language': 'en' } });
  assert.equal(fi.status, 400);
  assert.equal(en.status, 400);
  assert.notEqual(fi.json.errors.per_page, en.json.errors.per_page);
  assert.match(en.json.errors.per_page, /per_page/);
});

test('hostile or odd search text finds nothing and never fails', async () => {
  const texts = ['"', "' OR 1=1 --", 'NEAR(a b)', '*', 'a:*', '!!!', '%', '_', '\\', '😀', 'ä'.repeat(200), 'OR AND NOT'];
  for (const t of texts) {
    for (const p of LIST) {
      const r = await api(server.baseUrl, 'GET', `${p}?search=${encodeURIComponent(t)}`);
      assert.equal(r.status, 200, `${p} search ${t}: ${r.text.slice(0, 300)}`);
      assert.equal(r.json.size, r.json.contents.length);
      assert.ok(r.json.total_items >= 0);
    }
  }
  const like = await api(server.baseUrl, 'GET', '/hsds/organizations?search=%25');
  assert.equal(like.json.total_items, 0, 'a % is a character, not a wildcard');
});

test('a page past the end is empty, not an error', async () => {
  const r = await api(server.baseUrl, 'GET', '/hsds/services?page=1000000&per_page=100');
  assert.equal(r.status, 200);
  assert.equal(r.json.empty, true);
  assert.equal(r.json.size, 0);
  assert.ok(r.json.total_items > 0);
  assert.equal(r.json.last_page, true);
});

test('only GET: other methods are refused', async () => {
  for (const p of [...LIST, '/hsds']) {
    const r = await api(server.baseUrl, 'POST', p, { body: {} });
    assert.ok(r.status === 405 || r.status === 403, `${p}: HTTP ${r.status}`);
  }
});
