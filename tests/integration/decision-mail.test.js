'use strict';
// The provider is told of the organizer's decision by e-mail, for real: a server with --smtp sends the
// approval and the rejection (with its reason) to the provider's users through the SMTP receiver, and the
// organizer admins get word of a submitted application.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, apiToken, api, DEMO } = require('./harness');
const { sharedMailReceiver } = require('./mail-harness');
const F = require('./procurement-fixtures');

const PUBLIC = 'https://palvelutori.test.example';
let server; let mail; let admin; let call;

before(async () => {
  mail = await sharedMailReceiver();
  server = await startServer({ smtp: mail, env: { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_PUBLIC_URL: PUBLIC } });
  admin = await apiToken(server.baseUrl, DEMO.admin.email, DEMO.admin.password);
  const calls = await api(server.baseUrl, 'GET', '/api/v1/calls');
  assert.equal(calls.status, 200, calls.text);
  call = (await api(server.baseUrl, 'GET', `/api/v1/calls/${calls.json.items[0].id}`)).json;
  assert.ok(call.requirements.length >= 1 && call.services.length >= 1, JSON.stringify(call));
});
after(async () => { if (server) await server.stop(); });

// A freshly registered provider applies to the demo call with every answer (a PDF where one is required).
async function submittedApplication() {
  const p = await F.registerProvider(server.baseUrl);
  const started = await api(server.baseUrl, 'POST', '/api/v1/applications',
    { token: p.token, body: { call_id: call.id, service_description_id: call.services[0].id } });
  assert.equal(started.status, 201, started.text);
  const id = started.json.id;
  const answers = call.requirements.map((r) => ({ requirement_code: r.code, text: `Vastaus: ${r.code}` }));
  const saved = await api(server.baseUrl, 'PUT', `/api/v1/applications/${id}/answers`, { token: p.token, body: { answers } });
  assert.equal(saved.status, 200, saved.text);
  for (const r of call.requirements.filter((x) => x.attachment_required)) {
    const up = await api(server.baseUrl, 'POST', `/api/v1/applications/${id}/attachments`, {
      token: p.token, raw: F.formData({ requirement_code: r.code }, [{ field: 'file', name: `${r.code}.pdf`, type: 'application/pdf', bytes: F.pdf(r.code) }]),
    });
    assert.equal(up.status, 201, up.text);
  }
  const submitted = await api(server.baseUrl, 'POST', `/api/v1/applications/${id}/submit`, { token: p.token });
  assert.equal(submitted.status, 200, submitted.text);
  return { id, provider: p };
}

test('approval reaches the provider user by SMTP, and the organizer heard of the submission', async () => {
  const { id, provider } = await submittedApplication();
  const told = await mail.waitForMail({ to: DEMO.admin.email, where: (m) => m.text.includes(`/applications/${id}`) });
  assert.ok(told[0].subject.length > 0);

  const approved = await api(server.baseUrl, 'POST', `/api/v1/applications/${id}/approve`, { token: admin });
  assert.equal(approved.status, 200, approved.text);
  // The provider user also got a welcome mail when it registered: pick the one about this application.
  const [m] = await mail.waitForMail({ to: provider.email, where: (x) => x.text.includes(`/applications/${id}`) });
  assert.match(m.subject, /hyväksytty/i, m.subject);
  assert.ok(m.text.includes(`${PUBLIC}/applications/${id}`), `a full link to the application: ${m.text}`);
  assert.match(m.text, /\d{4}-\d{2}-\d{2}/, 'the brochure due date is in the mail');
});

test('rejection reaches the provider user by SMTP with the reason', async () => {
  const { id, provider } = await submittedApplication();
  const reason = 'Vastuuvakuutuksen todistus on vanhentunut.';
  const rejected = await api(server.baseUrl, 'POST', `/api/v1/applications/${id}/reject`, { token: admin, body: { reason } });
  assert.equal(rejected.status, 200, rejected.text);
  const [m] = await mail.waitForMail({ to: provider.email, where: (x) => x.text.includes(`/applications/${id}`) });
  assert.match(m.subject, /hylätty/i, m.subject);
  assert.ok(m.text.includes(reason), m.text);
});
