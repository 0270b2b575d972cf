'use strict';
// Uploads may be up to 10 MiB, but only for a signed-in provider user: anyone else sending more than the
// ordinary 1 MiB body limit to an upload path is refused (413) before the body is read, so anonymous
// clients cannot make the server buffer large bodies.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, apiToken, api, DEMO } = require('./harness');
const F = require('./procurement-fixtures');

let server; let provider; let customer; let draft; let code;

before(async () => {
  server = await startServer();
  provider = await apiToken(server.baseUrl, DEMO.provider.email, DEMO.provider.password);
  customer = await apiToken(server.baseUrl, DEMO.customer.email, DEMO.customer.password);
  const apps = await api(server.baseUrl, 'GET', '/api/v1/applications?status=draft', { token: provider });
  assert.equal(apps.status, 200, apps.text);
  draft = apps.json.items[0];
  assert.ok(draft, 'the demo provider has a draft application');
  const call = (await api(server.baseUrl, 'GET', `/api/v1/calls/${draft.call.id}`)).json;
  code = call.requirements.find((r) => r.attachment_required).code;
});
after(async () => { if (server) await server.stop(); });

// A real PDF of about 2 MiB: over the ordinary limit, well under the upload limit.
const big = Buffer.concat([F.pdf('iso liite'), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
const body = () => F.formData({ requirement_code: code }, [{ field: 'file', name: 'iso.pdf', type: 'application/pdf', bytes: big }]);

test('a signed-in provider user uploads 2 MiB', async () => {
  const r = await api(server.baseUrl, 'POST', `/api/v1/applications/${draft.id}/attachments`, { token: provider, raw: body() });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.size_bytes, big.length);
});

test('without a valid provider sign-in the same 2 MiB is refused before it is read', async () => {
  for (const token of [undefined, 'pt_not-a-real-token', customer]) {
    const r = await api(server.baseUrl, 'POST', `/api/v1/applications/${draft.id}/attachments`, { token, raw: body() });
    assert.equal(r.status, 413, `${token ? 'token' : 'anonymous'}: ${r.text.slice(0, 200)}`);
    assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  }
  // A small anonymous request to the same path still gets the ordinary answer (sign in first).
  const small = await api(server.baseUrl, 'POST', `/api/v1/applications/${draft.id}/attachments`, {
    raw: F.formData({ requirement_code: code }, [{ field: 'file', name: 'x.pdf', type: 'application/pdf', bytes: F.pdf('x') }]),
  });
  assert.equal(small.status, 401, small.text);
});
