'use strict';
// Public catalog answers are cached per catalog version: a change must show at the very next
// anonymous request, in HTML and JSON, on both databases.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, apiToken, api, browserish, login, DEMO } = require('./harness');

let server;
let adminToken;

before(async () => {
  server = await startServer({});
  adminToken = await apiToken(server.baseUrl, DEMO.admin.email, DEMO.admin.password);
});
after(async () => { await server.stop(); });

async function anonymousHtml(path) {
  const res = await fetch(server.baseUrl + path, { headers: { 'accept-language': 'fi' } });
  assert.equal(res.status, 200);
  return res.text();
}

test('a new service description appears at once in the cached list, filter and catalog page', async () => {
  const listBefore = await api(server.baseUrl, 'GET', '/api/v1/service-descriptions?page_size=100');
  const pageBefore = await anonymousHtml('/catalog');
  // Served twice so the second answer comes from the cache.
  const listCached = await api(server.baseUrl, 'GET', '/api/v1/service-descriptions?page_size=100');
  assert.deepEqual(listCached.json, listBefore.json);
  assert.equal(await anonymousHtml('/catalog'), pageBefore);
  assert.ok(!pageBefore.includes('Välimuistitestin palvelu'));

  const created = await api(server.baseUrl, 'POST', '/api/v1/service-descriptions', {
    token: adminToken,
    body: { code: 'cache-check', name_fi: 'Välimuistitestin palvelu', name_en: 'Cache check service', description_fi: '', description_en: '' },
  });
  assert.equal(created.status, 201);

  const listAfter = await api(server.baseUrl, 'GET', '/api/v1/service-descriptions?page_size=100');
  assert.equal(listAfter.json.total, listBefore.json.total + 1);
  assert.ok(listAfter.json.items.some((sd) => sd.code === 'cache-check'));
  const pageAfter = await anonymousHtml('/catalog');
  assert.ok(pageAfter.includes('Välimuistitestin palvelu'), 'the catalog filter lists the new service description');
});

test('signed-in pages are never served from the anonymous cache', async () => {
  const anon = await anonymousHtml('/catalog/1');
  assert.equal(await anonymousHtml('/catalog/1'), anon, 'second anonymous answer is the cached one');
  assert.ok(!anon.includes('name="voucher_id"'), 'no order form for anonymous visitors');
  const client = browserish(server.baseUrl);
  await login(client, DEMO.customer.email, DEMO.customer.password);
  const signedIn = await client.get('/catalog/1', { headers: { 'accept-language': 'fi' } });
  assert.equal(signedIn.status, 200);
  assert.ok(signedIn.text.includes('name="voucher_id"'), 'the customer sees the order form');
  assert.ok(signedIn.text.includes('Kaisa Kuppi'), 'and their own name in the header');
});
