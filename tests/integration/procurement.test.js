'use strict';
// Dynamic purchasing on the database PT_DB names, through the API and the pages: the organizer
// creates and publishes a call, a provider applies with a real PDF, submits, the organizer
// approves (admission, brochure due in 7 days, e-mail in the outbox) or rejects with a reason;
// duplicates and late applications are refused; attachments are downloads only their owner
// and the organizer can fetch; overdue brochures show on both sides. Time moves through
// PALVELUTORI_CLOCK_FILE. Tests run in file order and share one server.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { apiContext } = require('./context');
const { apiToken, browserish, login, DEMO } = require('./harness');
const { outbox } = require('./providers-fixtures');
const { sqlRunner } = require('./cards-setup');
const F = require('./procurement-fixtures');

const clock = F.testClock('procurement');
const TODAY = new Date().toISOString().slice(0, 10);
let c; let sds; let call; let app; let other; let attachment; let sql; let one;
const report = F.pdf('Luotettava Kumppani 2260181-9');
const clients = {};

before(async () => {
  c = await apiContext();
  ({ sql, one } = sqlRunner(c.server.dbUrl));
  sds = (await c.call(null, 'GET', '/api/v1/service-descriptions')).json.items;
  for (const role of ['provider', 'admin']) {
    clients[role] = browserish(c.baseUrl);
    await login(clients[role], DEMO[role].email, DEMO[role].password);
  }
});
after(async () => { if (c) await c.server.stop(); clock.remove(); });

const problem = (res, status) => {
  assert.equal(res.status, status, res.text.slice(0, 500));
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/);
  return res.json;
};

test('the demo call is public, with services, requirements and price frame', async () => {
  const list = await c.call(null, 'GET', '/api/v1/calls');
  assert.equal(list.status, 200);
  const demo = list.json.items.find((x) => x.period_start === '2026-01-01' && x.period_end === '2027-12-31');
  assert.ok(demo, 'demo call listed');
  assert.equal(demo.status, 'published');
  assert.equal(demo.application_deadline, '2027-10-31');
  assert.deepEqual(demo.services.map((s) => s.code).sort(), ['job-search-coaching', 'sales-marketing', 'work-life-finnish']);
  assert.deepEqual(demo.requirements.map((r) => [r.code, r.attachment_required]),
    [['luotettava-kumppani', true], ['vastuuvakuutus', true], ['referenssit', false], ['tietosuoja', false]]);
  const page = await browserish(c.baseUrl).get(`/calls/${demo.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-testid="call-deadline">2027-10-31</);
  assert.match(page.text, /data-testid="price-frame">[^<]*2\s500,00\s€/);
  assert.match(page.text, /data-requirement="vastuuvakuutus"/);
  const listPage = await browserish(c.baseUrl).get('/calls');
  assert.match(listPage.text, new RegExp(`href="/calls/${demo.id}"`));
});

test('organizer creates a draft call (default deadline), edits it and publishes it', async () => {
  const body = F.callBody([sds[0].id, sds[1].id], { application_deadline: null });
  const created = await c.call('admin', 'POST', '/api/v1/calls', body);
  assert.equal(created.status, 201, created.text);
  call = created.json;
  assert.equal(call.status, 'draft');
  // Two months before the end, clamped to the month's length.
  const end = new Date(`${body.period_end}T00:00:00Z`);
  const expected = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 2, 1));
  const last = new Date(Date.UTC(expected.getUTCFullYear(), expected.getUTCMonth() + 1, 0)).getUTCDate();
  expected.setUTCDate(Math.min(end.getUTCDate(), last));
  assert.equal(call.application_deadline, expected.toISOString().slice(0, 10));
  assert.equal(call.accepts_applications, false);

  // A draft is not public, and providers may not start applications in it.
  problem(await c.call(null, 'GET', `/api/v1/calls/${call.id}`), 404);
  assert.ok(!(await c.call(null, 'GET', '/api/v1/calls')).json.items.some((x) => x.id === call.id));
  problem(await c.call('provider', 'POST', '/api/v1/applications', { call_id: call.id, service_description_id: sds[0].id }), 422);
  problem(await c.call('provider', 'POST', '/api/v1/calls', body), 403);

  const edited = await c.call('admin', 'PUT', `/api/v1/calls/${call.id}`, { ...body, title: 'Testihaku 2' });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.title, 'Testihaku 2');
  const published = await c.call('admin', 'POST', `/api/v1/calls/${call.id}/publish`);
  assert.equal(published.status, 200, published.text);
  assert.equal(published.json.status, 'published');
  assert.equal(published.json.accepts_applications, true);
  assert.match(published.json.published_at, /^\d{4}-\d\d-\d\dT/);
  // Published rules stay fixed; publishing twice is a conflict.
  problem(await c.call('admin', 'PUT', `/api/v1/calls/${call.id}`, body), 409);
  problem(await c.call('admin', 'POST', `/api/v1/calls/${call.id}/publish`), 409);
  assert.equal((await c.call(null, 'GET', `/api/v1/calls/${call.id}`)).status, 200);
});

test('provider applies with a real PDF, cannot submit until complete, then submits', async () => {
  const started = await c.call('provider', 'POST', '/api/v1/applications', { call_id: call.id, service_description_id: sds[0].id });
  assert.equal(started.status, 201, started.text);
  app = started.json;
  assert.equal(app.status, 'draft');
  // One application per provider, service and call.
  const dup = problem(await c.call('provider', 'POST', '/api/v1/applications', { call_id: call.id, service_description_id: sds[0].id }), 409);
  assert.ok(dup.detail.length > 0);
  // A service outside the call.
  const outside = problem(await c.call('provider', 'POST', '/api/v1/applications', { call_id: call.id, service_description_id: sds[2].id }), 422);
  assert.ok(outside.errors.service_description_id);

  const early = problem(await c.call('provider', 'POST', `/api/v1/applications/${app.id}/submit`), 422);
  assert.ok(early.errors['answers.luotettava-kumppani'], JSON.stringify(early));
  assert.ok(early.errors['answers.referenssit']);

  const saved = await c.call('provider', 'PUT', `/api/v1/applications/${app.id}/answers`, {
    answers: [{ requirement_code: 'luotettava-kumppani', text: 'Raportti liitteenä.' }, { requirement_code: 'referenssit', text: 'Kolme referenssiä.' }],
  });
  assert.equal(saved.status, 200, saved.text);
  // Answered, but the attachment the requirement asks for is missing.
  const noFile = problem(await c.call('provider', 'POST', `/api/v1/applications/${app.id}/submit`), 422);
  assert.deepEqual(Object.keys(noFile.errors), ['answers.luotettava-kumppani']);

  // A first version of the file, replaced below.
  const first = await c.call('provider', 'POST', `/api/v1/applications/${app.id}/attachments`, undefined, {
    raw: F.formData({ requirement_code: 'luotettava-kumppani' }, [{ field: 'file', name: 'vanha.pdf', type: 'application/pdf', bytes: F.pdf('Vanha raportti') }]),
  });
  assert.equal(first.status, 201, first.text);
  assert.equal((await fetch(`${c.baseUrl}/api/v1/attachments/${first.json.id}`, { headers: { authorization: `Bearer ${c.tokens.provider}` } })).status, 200);
  // A draft is the provider's own work: the organizer sees neither it nor its files.
  problem(await c.call('admin', 'GET', `/api/v1/applications/${app.id}`), 404);
  problem(await c.call('admin', 'GET', `/api/v1/attachments/${first.json.id}`), 404);
  assert.equal((await clients.admin.get(`/applications/${app.id}`)).status, 404);
  assert.equal((await clients.admin.get(`/attachments/${first.json.id}`)).status, 404);
  problem(await c.call('admin', 'POST', `/api/v1/applications/${app.id}/approve`), 404);
  problem(await c.call('admin', 'POST', `/api/v1/applications/${app.id}/reject`, { reason: 'Ei kelpaa tällaisenaan.' }), 404);

  const up = await c.call('provider', 'POST', `/api/v1/applications/${app.id}/attachments`, undefined, {
    raw: F.formData({ requirement_code: 'luotettava-kumppani' }, [{ field: 'file', name: '../Luotettava; kumppani ä.pdf', type: 'application/pdf', bytes: report }]),
  });
  assert.equal(up.status, 201, up.text);
  attachment = up.json;
  // The replaced file is deleted in the same transaction, and the deletion is audited.
  assert.notEqual(attachment.id, first.json.id);
  problem(await c.call('provider', 'GET', `/api/v1/attachments/${first.json.id}`), 404);
  assert.equal(one(`SELECT COUNT(*) FROM attachments WHERE id = ${first.json.id}`), '0');
  assert.equal(one(`SELECT COUNT(*) FROM audit_log WHERE action = 'attachment.delete' AND entity = 'attachment' AND entity_id = '${first.json.id}'`), '1');
  assert.equal(attachment.content_type, 'application/pdf');
  assert.equal(attachment.size_bytes, report.length);
  assert.equal(attachment.sha256, crypto.createHash('sha256').update(report).digest('hex'));
  assert.equal(attachment.file_name, 'Luotettava; kumppani ä.pdf');  // no directory part

  const got = await c.call('provider', 'GET', `/api/v1/applications/${app.id}`);
  const answer = got.json.answers.find((a) => a.requirement_code === 'luotettava-kumppani');
  assert.equal(answer.text, 'Raportti liitteenä.');
  assert.equal(answer.attachment.id, attachment.id);

  const submitted = await c.call('provider', 'POST', `/api/v1/applications/${app.id}/submit`);
  assert.equal(submitted.status, 200, submitted.text);
  assert.equal(submitted.json.status, 'submitted');
  assert.match(submitted.json.submitted_at, /^\d{4}-/);
  // A submitted application is fixed.
  problem(await c.call('provider', 'PUT', `/api/v1/applications/${app.id}/answers`, { answers: [] }), 409);
  problem(await c.call('provider', 'POST', `/api/v1/applications/${app.id}/attachments`, undefined, {
    raw: F.formData({ requirement_code: 'luotettava-kumppani' }, [{ field: 'file', name: 'x.pdf', type: 'application/pdf', bytes: report }]),
  }), 409);
  // The organizer admins are told.
  const mails = await outbox(c);
  assert.ok(mails.some((m) => (m.kind === 'application.submitted' && m.to === DEMO.admin.email) || (m.kind === 'raw' && /application\.submitted/.test(m.body_text))),
    'submission mail to the organizer admin');
});

test('attachment download: the owner and the organizer get it with safe headers; another provider gets 404', async () => {
  for (const role of ['provider', 'admin']) {
    const res = await fetch(`${c.baseUrl}/api/v1/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${c.tokens[role]}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('cache-control'), /no-store/);
    assert.match(res.headers.get('cache-control'), /private/);
    // RFC 9530: base64 of the raw SHA-256 between colons.
    assert.equal(res.headers.get('repr-digest'), `sha-256=:${crypto.createHash('sha256').update(report).digest('base64')}:`);
    assert.equal(res.headers.get('digest'), null);
    const cd = res.headers.get('content-disposition');
    assert.match(cd, /^attachment; filename="Luotettava_ kumppani _\.pdf"; filename\*=UTF-8''Luotettava%3B%20kumppani%20%C3%A4\.pdf$/);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(report), 'bytes unchanged');
  }
  // The page route serves the same bytes to a signed-in browser.
  const page = await clients.provider.get(`/attachments/${attachment.id}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-disposition'), /^attachment;/);

  other = await F.registerProvider(c.baseUrl);
  const r = await c.call(other.token, 'GET', `/api/v1/attachments/${attachment.id}`);
  problem(r, 404);
  problem(await c.call(other.token, 'GET', `/api/v1/applications/${app.id}`), 404);
  assert.equal((await other.client.get(`/attachments/${attachment.id}`)).status, 404);
  assert.equal((await other.client.get(`/applications/${app.id}`)).status, 404);
  problem(await c.call('customer', 'GET', `/api/v1/attachments/${attachment.id}`), 403);
  problem(await c.call(null, 'GET', `/api/v1/attachments/${attachment.id}`), 401);
  // The other provider sees only its own (none) in lists.
  assert.equal((await c.call(other.token, 'GET', '/api/v1/applications')).json.total, 0);
});

test('organizer approves: admission for the period, brochure due in 7 days, e-mail to the provider', async () => {
  const list = await c.call('admin', 'GET', `/api/v1/applications?status=submitted&call_id=${call.id}`);
  assert.deepEqual(list.json.items.map((x) => x.id), [app.id]);
  problem(await c.call('provider', 'POST', `/api/v1/applications/${app.id}/approve`), 403);
  const approved = await c.call('admin', 'POST', `/api/v1/applications/${app.id}/approve`);
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.status, 'approved');
  assert.equal(typeof approved.json.admission_id, 'number');
  problem(await c.call('admin', 'POST', `/api/v1/applications/${app.id}/approve`), 409);
  problem(await c.call('admin', 'POST', `/api/v1/applications/${app.id}/reject`, { reason: 'Myöhässä' }), 409);

  const adm = (await c.call('provider', 'GET', '/api/v1/admissions')).json.items.find((a) => a.id === approved.json.admission_id);
  assert.ok(adm, 'the provider sees its admission');
  assert.equal(adm.period_start, call.period_start);
  assert.equal(adm.period_end, call.period_end);
  assert.equal(adm.decided_on, TODAY);
  assert.equal(adm.brochure_due, F.addDays(TODAY, 7));
  assert.equal(adm.brochure_overdue, false);
  assert.equal(adm.brochure, null);

  const mails = await outbox(c);
  const mail = mails.find((m) => m.kind === 'application.approved' && m.to === DEMO.provider.email);
  if (mails[0] && mails[0].kind === 'raw') assert.match(mails[0].body_text, /application\.approved/);
  else {
    assert.ok(mail, `approval mail in ${JSON.stringify(mails.map((m) => [m.kind, m.to]))}`);
    assert.match(mail.subject, /hyväksytty/);
  }
  // The provider sees the decision on the page.
  const page = await clients.provider.get(`/applications/${app.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-testid="decision"/);
  assert.match(page.text, new RegExp(`data-testid="brochure-due">${F.addDays(TODAY, 7)}`));
});

test('reject needs a reason; the provider sees the decision and the reason', async () => {
  const started = await c.call('provider', 'POST', '/api/v1/applications', { call_id: call.id, service_description_id: sds[1].id });
  assert.equal(started.status, 201, started.text);
  const id = started.json.id;
  await c.call('provider', 'PUT', `/api/v1/applications/${id}/answers`, {
    answers: [{ requirement_code: 'luotettava-kumppani', text: 'Liitteenä.' }, { requirement_code: 'referenssit', text: 'Yksi.' }],
  });
  const up = await c.call('provider', 'POST', `/api/v1/applications/${id}/attachments`, undefined, {
    raw: F.formData({ requirement_code: 'luotettava-kumppani' }, [{ field: 'file', name: 'raportti.png', type: 'image/png', bytes: F.PNG }]),
  });
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.content_type, 'image/png');
  assert.equal((await c.call('provider', 'POST', `/api/v1/applications/${id}/submit`)).status, 200);

  const none = problem(await c.call('admin', 'POST', `/api/v1/applications/${id}/reject`, {}), 422);
  assert.ok(none.errors.reason);
  const blank = problem(await c.call('admin', 'POST', `/api/v1/applications/${id}/reject`, { reason: '   ' }), 422);
  assert.ok(blank.errors.reason);
  // HTML: the form comes back with the message beside the field.
  const form = await F.postForm(clients.admin, `/applications/${id}/reject`, `/applications/${id}`, { reason: 'x' });
  assert.equal(form.status, 422);
  assert.match(form.text, /data-field-error="reason"/);
  assert.equal((await c.call('admin', 'GET', `/api/v1/applications/${id}`)).json.status, 'submitted');

  const reason = 'Referenssejä on vain yksi; vaatimus on kaksi.';
  const res = await F.postForm(clients.admin, `/applications/${id}/reject`, `/applications/${id}`, { reason });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const got = await c.call('provider', 'GET', `/api/v1/applications/${id}`);
  assert.equal(got.json.status, 'rejected');
  assert.equal(got.json.rejection_reason, reason);
  assert.equal(got.json.admission_id, null);
  const page = await clients.provider.get(`/applications/${id}`);
  assert.match(page.text, /data-testid="rejection-reason">Referenssejä on vain yksi; vaatimus on kaksi\.</);
  const mails = await outbox(c);
  if (!(mails[0] && mails[0].kind === 'raw')) {
    const mail = mails.find((m) => m.kind === 'application.rejected' && m.to === DEMO.provider.email);
    assert.ok(mail, 'rejection mail');
    assert.match(mail.body_text, /Referenssejä on vain yksi/);
  }
});

test('HTML flow: organizer creates and publishes a call, provider applies with an upload and submits', async () => {
  const created = await F.postForm(clients.admin, '/admin/calls', '/admin/calls/new', {
    title: 'Sivuhaku', description: '', period_start: TODAY, period_end: F.addDays(TODAY, 200), application_deadline: F.addDays(TODAY, 100),
    languages: 'fi', service_description_ids: String(sds[2].id),
    req_code_1: 'vakuutus', req_text_fi_1: 'Vakuutustodistus', req_text_en_1: 'Insurance certificate', req_attachment_1: '1',
  });
  assert.equal(created.status, 303, created.text.slice(0, 800));
  const callId = Number(/\/calls\/(\d+)/.exec(created.location)[1]);
  const admin = await clients.admin.get('/admin/calls');
  assert.match(admin.text, new RegExp(`data-call-id="${callId}"`));
  assert.equal((await F.postForm(clients.admin, `/admin/calls/${callId}/publish`, '/admin/calls')).status, 303);

  const callPage = await clients.provider.get(`/calls/${callId}`);
  assert.match(callPage.text, /data-testid="apply"/);
  const started = await F.postForm(clients.provider, '/applications', `/calls/${callId}`, { call_id: String(callId), service_description_id: String(sds[2].id) });
  assert.equal(started.status, 303, started.text.slice(0, 500));
  const appPath = started.location;
  const saved = await F.postMultipart(clients.provider, c.baseUrl, `${appPath}/answers`, appPath,
    { answer_vakuutus: 'Todistus liitteenä.' }, [{ field: 'file_vakuutus', name: 'todistus.pdf', type: 'application/pdf', bytes: report }]);
  assert.equal(saved.status, 303, saved.text.slice(0, 800));
  const page = await clients.provider.get(appPath);
  assert.match(page.text, /data-testid="attachment-link">todistus\.pdf</);
  assert.match(page.text, /Todistus liitteenä\./);
  const submitted = await F.postForm(clients.provider, `${appPath}/submit`, appPath);
  assert.equal(submitted.status, 303);
  assert.match((await clients.provider.get(appPath)).text, /data-testid="application-status">Lähetetty</);
  // The organizer's list filters by status; drafts are not shown to it.
  const list = await clients.admin.get('/applications?status=submitted');
  assert.match(list.text, new RegExp(`data-application-id="${appPath.split('/').pop()}"`));
  const approved = await F.postForm(clients.admin, `${appPath}/approve`, appPath);
  assert.equal(approved.status, 303);
  assert.match((await clients.provider.get(appPath)).text, /data-testid="application-status">Hyväksytty</);
  // A second close of the call refuses with a message.
  assert.equal((await F.postForm(clients.admin, `/admin/calls/${callId}/close`, '/admin/calls')).status, 303);
  const again = await F.postForm(clients.admin, `/admin/calls/${callId}/close`, '/admin/calls');
  assert.equal(again.status, 409);
  assert.match(again.text, /role="alert"/);
});

test('after the deadline nobody may start or submit an application', async () => {
  const body = F.callBody([sds[2].id], { title: 'Pian päättyvä', application_deadline: F.addDays(TODAY, 5),
    requirements: [{ code: 'kuvaus', text_fi: 'Kuvaus', text_en: 'Description', attachment_required: false }] });
  const created = await c.call('admin', 'POST', '/api/v1/calls', body);
  assert.equal(created.status, 201, created.text);
  assert.equal((await c.call('admin', 'POST', `/api/v1/calls/${created.json.id}/publish`)).status, 200);
  const draft = await c.call(other.token, 'POST', '/api/v1/applications', { call_id: created.json.id, service_description_id: sds[2].id });
  assert.equal(draft.status, 201, draft.text);
  await c.call(other.token, 'PUT', `/api/v1/applications/${draft.json.id}/answers`, { answers: [{ requirement_code: 'kuvaus', text: 'Valmis.' }] });

  clock.set(F.addDays(TODAY, 5), '20:00:00');  // the deadline day itself is still open (22:00 or 23:00 in Helsinki)
  assert.equal((await c.call(null, 'GET', `/api/v1/calls/${created.json.id}`)).json.accepts_applications, true);
  clock.set(F.addDays(TODAY, 6));
  assert.equal((await c.call(null, 'GET', `/api/v1/calls/${created.json.id}`)).json.accepts_applications, false);
  const late = problem(await c.call('provider', 'POST', '/api/v1/applications', { call_id: created.json.id, service_description_id: sds[2].id }), 409);
  assert.match(late.title + late.detail, /hakuaika|deadline/i);
  problem(await c.call(other.token, 'POST', `/api/v1/applications/${draft.json.id}/submit`), 409);
  assert.equal((await c.call(other.token, 'GET', `/api/v1/applications/${draft.json.id}`)).json.status, 'draft');
  clock.set(TODAY);
});

test('brochure: PDF only; overdue brochures show to the provider and the organizer until one arrives', async () => {
  const adm = (await c.call('provider', 'GET', '/api/v1/admissions')).json.items.find((a) => a.application_id === app.id);
  assert.equal(adm.brochure_overdue, false);
  // The due day itself is in time; the day after it is overdue.
  clock.set(adm.brochure_due);
  assert.equal((await c.call('provider', 'GET', '/api/v1/admissions')).json.items.find((a) => a.id === adm.id).brochure_overdue, false);
  clock.set(F.addDays(adm.brochure_due, 1));
  const overdue = (await c.call('admin', 'GET', '/api/v1/admissions?overdue=true')).json.items;
  assert.ok(overdue.some((a) => a.id === adm.id && a.brochure_overdue));
  // Sessions expire as the clock moves: sign in again at the new time.
  for (const role of ['provider', 'admin']) {
    clients[role] = browserish(c.baseUrl);
    await login(clients[role], DEMO[role].email, DEMO[role].password);
  }
  const adminPage = await clients.admin.get('/admin/admissions');
  assert.match(adminPage.text, new RegExp(`data-admission-id="${adm.id}"`));
  assert.match(adminPage.text, /data-testid="brochure-overdue"/);
  const providerPage = await clients.provider.get('/applications');
  assert.match(providerPage.text, new RegExp(`data-admission-id="${adm.id}"[\\s\\S]*?data-testid="brochure-overdue"`));

  // A PNG is not a brochure.
  const png = problem(await c.call('provider', 'POST', `/api/v1/admissions/${adm.id}/brochure`, undefined, {
    raw: F.formData({}, [{ field: 'brochure', name: 'esite.png', type: 'image/png', bytes: F.PNG }]),
  }), 422);
  assert.ok(png.errors.brochure);
  // Another provider cannot upload to it.
  problem(await c.call(other.token, 'POST', `/api/v1/admissions/${adm.id}/brochure`, undefined, {
    raw: F.formData({}, [{ field: 'brochure', name: 'esite.pdf', type: 'application/pdf', bytes: report }]),
  }), 404);
  const html = await F.postMultipart(clients.provider, c.baseUrl, `/admissions/${adm.id}/brochure`, '/applications', {},
    [{ field: 'brochure', name: 'esite.pdf', type: 'application/pdf', bytes: F.pdf('Esite') }]);
  assert.equal(html.status, 303, html.text.slice(0, 500));
  const after_ = (await c.call('provider', 'GET', '/api/v1/admissions')).json.items.find((a) => a.id === adm.id);
  assert.equal(after_.brochure_overdue, false);
  assert.equal(after_.brochure.content_type, 'application/pdf');
  // The organizer reads a brochure; a replaced brochure is deleted (and audited).
  const firstBrochure = after_.brochure.id;
  assert.equal((await fetch(`${c.baseUrl}/api/v1/attachments/${firstBrochure}`, { headers: { authorization: `Bearer ${c.tokens.admin}` } })).status, 200);
  const second = await c.call('provider', 'POST', `/api/v1/admissions/${adm.id}/brochure`, undefined, {
    raw: F.formData({}, [{ field: 'brochure', name: 'esite2.pdf', type: 'application/pdf', bytes: F.pdf('Esite 2') }]),
  });
  assert.equal(second.status, 200, second.text);
  assert.notEqual(second.json.brochure.id, firstBrochure);
  problem(await c.call('provider', 'GET', `/api/v1/attachments/${firstBrochure}`), 404);
  problem(await c.call('admin', 'GET', `/api/v1/attachments/${firstBrochure}`), 404);
  assert.equal(one(`SELECT COUNT(*) FROM attachments WHERE id = ${firstBrochure}`), '0');
  assert.equal(one(`SELECT COUNT(*) FROM audit_log WHERE action = 'attachment.delete' AND entity_id = '${firstBrochure}'`), '1');
  assert.ok(!(await c.call('admin', 'GET', '/api/v1/admissions?overdue=true')).json.items.some((a) => a.id === adm.id));
  // The seeded demo admission without a brochure is overdue on both views.
  const seeded = (await c.call('provider', 'GET', '/api/v1/admissions')).json.items.filter((a) => a.brochure_overdue);
  assert.ok(seeded.length >= 1, 'the demo provider has an overdue brochure');

  // A brochure is taken up to the admission's last day, not after it.
  const upload = (token, name) => c.call(token, 'POST', `/api/v1/admissions/${adm.id}/brochure`, undefined, {
    raw: F.formData({}, [{ field: 'brochure', name, type: 'application/pdf', bytes: F.pdf(name) }]),
  });
  clock.set(adm.period_end);
  const lastDay = await upload(await apiToken(c.baseUrl, DEMO.provider.email, DEMO.provider.password), 'viimeinen.pdf');
  assert.equal(lastDay.status, 200, lastDay.text);
  clock.set(F.addDays(adm.period_end, 1));
  const late = problem(await upload(await apiToken(c.baseUrl, DEMO.provider.email, DEMO.provider.password), 'myohassa.pdf'), 409);
  assert.match(`${late.title} ${late.detail}`, /kausi on päättynyt/);
  assert.equal(one(`SELECT a.file_name FROM admissions ad JOIN attachments a ON a.id = ad.brochure_attachment_id WHERE ad.id = ${adm.id}`), 'viimeinen.pdf');
  clock.set(TODAY);
});

test('admissions of the demo: every demo provider is admitted to the services of its cards', async () => {
  const adms = await c.all('admin', '/api/v1/admissions');
  const cards = await c.all(null, '/api/v1/product-cards');
  for (const card of cards) {
    assert.ok(adms.some((a) => a.provider.id === card.provider.id && a.service_description.id === card.service_description.id
      && a.period_start <= TODAY && a.period_end >= TODAY), `admission for card ${card.id}`);
  }
  const apps = await c.all('admin', '/api/v1/applications?status=submitted');
  assert.ok(apps.some((a) => a.provider.name === 'Työpolku Ry'), 'a demo application waits for a decision');
  const own = await c.all('provider', '/api/v1/applications?status=draft');
  assert.ok(own.length >= 1, 'the demo provider has a draft');
});
