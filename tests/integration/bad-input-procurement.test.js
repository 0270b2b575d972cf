'use strict';
// Bad input against every procurement endpoint and form: always a 4xx with a message (problem+json
// with errors beside the fields, or the page with data-field-error / role="alert"), never a 5xx,
// and nothing changes (calls, applications, admissions and stored attachments compared before
// and after). Includes attachments that lie about their type, an empty file and oversized files.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { apiContext } = require('./context');
const { api, browserish, csrfFrom, login, DEMO } = require('./harness');
const F = require('./procurement-fixtures');

let c; let ids; const clients = {}; let snap0;
const TODAY = new Date().toISOString().slice(0, 10);
const MiB = 1024 * 1024;

before(async () => {
  c = await apiContext();
  const sds = (await c.call(null, 'GET', '/api/v1/service-descriptions')).json.items;
  const draft = (await c.call('provider', 'GET', '/api/v1/applications?status=draft')).json.items[0];
  const submitted = (await c.call('admin', 'GET', '/api/v1/applications?status=submitted')).json.items[0];
  const admission = (await c.call('provider', 'GET', '/api/v1/admissions')).json.items[0];
  const draftCall = await c.call('admin', 'POST', '/api/v1/calls', F.callBody([sds[0].id], { title: 'Luonnos' }));
  assert.equal(draftCall.status, 201, draftCall.text);
  ids = { sds, draft: draft.id, draftCall: draftCall.json.id, demoCall: draft.call.id, submitted: submitted.id, admission: admission.id,
    attachment: draft.answers.find((a) => a.attachment).attachment.id };
  for (const role of ['provider', 'admin', 'customer']) {
    clients[role] = browserish(c.baseUrl);
    await login(clients[role], DEMO[role].email, DEMO[role].password);
  }
  snap0 = await snapshot();
});
after(async () => { if (c) await c.server.stop(); });

async function snapshot() {
  const calls = (await c.all('admin', '/api/v1/calls')).map((x) => ({ id: x.id, status: x.status, title: x.title, updated_at: x.updated_at, requirements: x.requirements }));
  const apps = [...await c.all('provider', '/api/v1/applications'), ...await c.all('admin', '/api/v1/applications')]
    .map((a) => ({ id: a.id, status: a.status, answers: a.answers, reason: a.rejection_reason, updated_at: a.updated_at }));
  const admissions = (await c.all('admin', '/api/v1/admissions')).map((a) => ({ id: a.id, brochure: a.brochure }));
  const byId = (a, b) => a.id - b.id;
  return { calls: calls.sort(byId), apps: apps.sort(byId), admissions: admissions.sort(byId) };
}

const isProblem = (res) => /^application\/problem\+json/.test(res.headers.get('content-type') || '');
const hasMessage = (html) => /role\s*=\s*"alert"/.test(html) || /data-field-error\s*=\s*"[^"]+"/.test(html);

async function expectProblem(res, status, field) {
  const info = `HTTP ${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, status, info);
  assert.ok(isProblem(res), `problem+json: ${info}`);
  assert.ok(res.json.detail && res.json.detail.length > 0, info);
  if (field) assert.ok(res.json.errors && res.json.errors[field], `errors.${field}: ${info}`);
}

const upload = (path, fields, files, role = 'provider') =>
  c.call(role, 'POST', path, undefined, { raw: F.formData(fields, files) });
const att = (name, type, bytes) => [{ field: 'file', name, type, bytes }];

test('calls API: every field validated', async () => {
  const sd = [ids.sds[0].id];
  const good = F.callBody(sd);
  const cases = [
    [{ ...good, title: '' }, 'title'], [{ ...good, title: 'ab' }, 'title'], [{ ...good, title: 'x'.repeat(201) }, 'title'],
    [{ ...good, title: 'bad\u0007title' }, 'title'], [{ ...good, title: 7 }, 'title'],
    [{ ...good, description: 'y'.repeat(5001) }, 'description'],
    [{ ...good, period_start: '2026-02-30' }, 'period_start'], [{ ...good, period_start: 'tomorrow' }, 'period_start'],
    [{ ...good, period_end: '' }, 'period_end'], [{ ...good, period_end: good.period_start }, 'period_end'],
    [{ ...good, period_end: F.addDays(good.period_start, 6 * 366) }, 'period_end'],
    [{ ...good, application_deadline: F.addDays(good.period_end, 1) }, 'application_deadline'],
    [{ ...good, application_deadline: '31.12.2026' }, 'application_deadline'],
    [{ ...good, languages: [] }, 'languages'], [{ ...good, languages: ['de'] }, 'languages'], [{ ...good, languages: 'fi' }, 'languages'],
    [{ ...good, service_description_ids: [] }, 'service_description_ids'], [{ ...good, service_description_ids: [999999] }, 'service_description_ids'],
    [{ ...good, service_description_ids: ['1'] }, 'service_description_ids'], [{ ...good, service_description_ids: [sd[0], sd[0]] }, 'service_description_ids'],
    [{ ...good, requirements: 'x' }, 'requirements'],
    [{ ...good, requirements: [{ code: 'Bad Code!', text_fi: 'Teksti', text_en: 'Text' }] }, 'requirements[0]'],
    [{ ...good, requirements: [{ code: 'a', text_fi: 'Teksti', text_en: '' }] }, 'requirements[0]'],
    [{ ...good, requirements: [{ code: 'a', text_fi: 'Teksti', text_en: 'Text', attachment_required: 'yes' }] }, 'requirements[0]'],
    [{ ...good, requirements: [{ code: 'a', text_fi: 'Teksti', text_en: 'Text' }, { code: 'a', text_fi: 'Teksti', text_en: 'Text' }] }, 'requirements'],
    [{ ...good, requirements: Array.from({ length: 21 }, (_, i) => ({ code: `r${i}`, text_fi: 'Teksti', text_en: 'Text' })) }, 'requirements'],
  ];
  for (const [body, field] of cases) {
    await expectProblem(await c.call('admin', 'POST', '/api/v1/calls', body), 422, field);
    await expectProblem(await c.call('admin', 'PUT', `/api/v1/calls/${ids.draftCall}`, body), 422, field);
  }
  await expectProblem(await c.call('admin', 'POST', '/api/v1/calls', [good]), 422);
  await expectProblem(await c.call('admin', 'POST', '/api/v1/calls', undefined, { raw: '{"title":', headers: { 'content-type': 'application/json' } }), 400);
  await expectProblem(await c.call('admin', 'POST', '/api/v1/calls', undefined, { raw: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  await expectProblem(await c.call('admin', 'PUT', '/api/v1/calls/abc', good), 404);
  await expectProblem(await c.call('admin', 'PUT', '/api/v1/calls/999999', good), 404);
  await expectProblem(await c.call('admin', 'PUT', `/api/v1/calls/${ids.demoCall}`, good), 409);
  await expectProblem(await c.call('admin', 'POST', '/api/v1/calls/999999/publish'), 404);
  await expectProblem(await c.call('admin', 'POST', `/api/v1/calls/${ids.draftCall}/close`), 409);
  await expectProblem(await c.call('provider', 'POST', '/api/v1/calls', good), 403);
  await expectProblem(await c.call(null, 'POST', '/api/v1/calls', good), 401);
  await expectProblem(await c.call(null, 'GET', '/api/v1/calls?status=bogus'), 400, 'status');
  await expectProblem(await c.call(null, 'GET', '/api/v1/calls?status=draft'), 400, 'status');
  await expectProblem(await c.call(null, 'GET', '/api/v1/calls?page=0'), 400, 'page');
  await expectProblem(await c.call(null, 'GET', '/api/v1/calls/0'), 404);
  await expectProblem(await c.call(null, 'GET', `/api/v1/calls/${ids.draftCall}`), 404);
});

test('a draft call whose deadline has passed cannot be published', async () => {
  const body = F.callBody([ids.sds[0].id], { period_start: F.addDays(TODAY, -100), period_end: F.addDays(TODAY, 100), application_deadline: F.addDays(TODAY, -1) });
  const created = await c.call('admin', 'POST', '/api/v1/calls', body);
  assert.equal(created.status, 201, created.text);
  await expectProblem(await c.call('admin', 'POST', `/api/v1/calls/${created.json.id}/publish`), 422, 'application_deadline');
  assert.equal((await c.call('admin', 'GET', `/api/v1/calls/${created.json.id}`)).json.status, 'draft');
  snap0.calls.push(...(await c.all('admin', '/api/v1/calls')).filter((x) => x.id === created.json.id)
    .map((x) => ({ id: x.id, status: x.status, title: x.title, updated_at: x.updated_at, requirements: x.requirements })));
  snap0.calls.sort((a, b) => a.id - b.id);
});

test('applications API: start, answers, submit and decisions validated', async () => {
  const start = (body) => c.call('provider', 'POST', '/api/v1/applications', body);
  await expectProblem(await start({}), 422, 'call_id');
  await expectProblem(await start({ call_id: 'x', service_description_id: 1 }), 422, 'call_id');
  await expectProblem(await start({ call_id: ids.demoCall, service_description_id: -1 }), 422, 'service_description_id');
  await expectProblem(await start({ call_id: 999999, service_description_id: ids.sds[0].id }), 422, 'call_id');
  await expectProblem(await start({ call_id: ids.demoCall, service_description_id: 999999 }), 422, 'service_description_id');
  await expectProblem(await start({ call_id: ids.demoCall, service_description_id: ids.sds[0].id }), 409);  // already admitted there
  await expectProblem(await c.call('admin', 'POST', '/api/v1/applications', { call_id: ids.demoCall, service_description_id: ids.sds[0].id }), 403);

  const put = (body, id = ids.draft) => c.call('provider', 'PUT', `/api/v1/applications/${id}/answers`, body);
  await expectProblem(await put({}), 422, 'answers');
  await expectProblem(await put({ answers: 'x' }), 422, 'answers');
  await expectProblem(await put({ answers: [{ requirement_code: 'referenssit' }] }), 422, 'answers[0]');
  await expectProblem(await put({ answers: [{ requirement_code: 'referenssit', text: 5 }] }), 422, 'answers[0]');
  await expectProblem(await put({ answers: [{ requirement_code: 'referenssit', text: 'x'.repeat(5001) }] }), 422, 'answers[0]');
  await expectProblem(await put({ answers: [{ requirement_code: 'referenssit', text: 'a\u0000b' }] }), 422, 'answers[0]');
  await expectProblem(await put({ answers: [{ requirement_code: 'referenssit', text: 'a' }, { requirement_code: 'referenssit', text: 'b' }] }), 422, 'answers[1]');
  await expectProblem(await put({ answers: [{ requirement_code: 'no-such', text: 'x' }] }), 422, 'answers.no-such');
  await expectProblem(await put({ answers: [] }, 999999), 404);
  await expectProblem(await put({ answers: [] }, ids.submitted), 404);  // another provider's
  await expectProblem(await c.call('provider', 'PUT', `/api/v1/applications/${ids.draft}/answers`, undefined, { raw: 'nope', headers: { 'content-type': 'application/json' } }), 400);

  const missing = await c.call('provider', 'POST', `/api/v1/applications/${ids.draft}/submit`);
  await expectProblem(missing, 422, 'answers.vastuuvakuutus');
  await expectProblem(await c.call('provider', 'POST', '/api/v1/applications/abc/submit'), 404);

  const reject = (body) => c.call('admin', 'POST', `/api/v1/applications/${ids.submitted}/reject`, body);
  await expectProblem(await reject({}), 422, 'reason');
  await expectProblem(await reject({ reason: 12 }), 422, 'reason');
  await expectProblem(await reject({ reason: 'no' }), 422, 'reason');
  await expectProblem(await reject({ reason: 'x'.repeat(2001) }), 422, 'reason');
  await expectProblem(await reject({ reason: 'bad\u0001reason' }), 422, 'reason');
  await expectProblem(await reject('reason'), 422);
  await expectProblem(await c.call('admin', 'POST', `/api/v1/applications/${ids.draft}/approve`), 404);  // a draft is not the organizer's to see
  await expectProblem(await c.call('provider', 'POST', `/api/v1/applications/${ids.submitted}/approve`), 403);

  await expectProblem(await c.call('admin', 'GET', '/api/v1/applications?status=bogus'), 400, 'status');
  await expectProblem(await c.call('admin', 'GET', '/api/v1/applications?call_id=abc'), 400, 'call_id');
  await expectProblem(await c.call('customer', 'GET', '/api/v1/applications'), 403);
  await expectProblem(await c.call('admin', 'GET', '/api/v1/admissions?overdue=maybe'), 400, 'overdue');
  await expectProblem(await c.call('admin', 'GET', '/api/v1/attachments/abc'), 404);
  await expectProblem(await c.call('admin', 'GET', '/api/v1/attachments/999999'), 404);
});

test('attachments that lie about their type, empty, missing or oversized files are refused', async () => {
  const path = `/api/v1/applications/${ids.draft}/attachments`;
  const code = { requirement_code: 'vastuuvakuutus' };
  await expectProblem(await upload(path, code, att('todistus.pdf', 'application/pdf', F.HTML)), 422, 'file');   // HTML named .pdf
  await expectProblem(await upload(path, code, att('todistus.pdf', 'application/pdf', F.PNG)), 422, 'file');    // PNG claimed as PDF
  await expectProblem(await upload(path, code, att('todistus.html', 'text/html', F.pdf())), 422, 'file');        // PDF claimed as HTML
  await expectProblem(await upload(path, code, att('empty.pdf', 'application/pdf', Buffer.alloc(0))), 422, 'file');
  await expectProblem(await upload(path, code, att('exe.pdf', 'application/pdf', Buffer.from('MZ\x90\x00binary'))), 422, 'file');
  await expectProblem(await upload(path, code, []), 422, 'file');
  await expectProblem(await upload(path, {}, att('ok.pdf', 'application/pdf', F.pdf())), 422, 'requirement_code');
  await expectProblem(await upload(path, { requirement_code: 'no-such' }, att('ok.pdf', 'application/pdf', F.pdf())), 422, 'requirement_code');
  await expectProblem(await upload(`/api/v1/applications/${ids.submitted}/attachments`, code, att('ok.pdf', 'application/pdf', F.pdf())), 404);
  await expectProblem(await c.call('provider', 'POST', path, { requirement_code: 'vastuuvakuutus' }), 415);
  await expectProblem(await c.call('provider', 'POST', path, undefined, { raw: '--x\r\nbroken', headers: { 'content-type': 'multipart/form-data; boundary=x' } }), 400);
  // Just over 10 MiB reaches the handler: a 413 beside the field.
  const over = Buffer.concat([F.pdf(), Buffer.alloc(10 * MiB + 1 - F.pdf().length, 0x20)]);
  await expectProblem(await upload(path, code, att('big.pdf', 'application/pdf', over)), 413, 'file');
  // 11 MiB is refused by the server before the handler, still with a clear 413 problem.
  const huge = Buffer.concat([F.pdf(), Buffer.alloc(11 * MiB, 0x20)]);
  const res = await upload(path, code, att('huge.pdf', 'application/pdf', huge));
  await expectProblem(res, 413);
  assert.match(res.json.detail, /10/);
  // Other endpoints keep the 1 MiB limit.
  await expectProblem(await c.call('admin', 'POST', '/api/v1/calls', { title: 'x'.repeat(2 * MiB) }), 413);

  // Brochures are PDFs only.
  const bpath = `/api/v1/admissions/${ids.admission}/brochure`;
  await expectProblem(await upload(bpath, {}, [{ field: 'brochure', name: 'esite.png', type: 'image/png', bytes: F.PNG }]), 422, 'brochure');
  await expectProblem(await upload(bpath, {}, [{ field: 'brochure', name: 'esite.pdf', type: 'application/pdf', bytes: F.HTML }]), 422, 'brochure');
  await expectProblem(await upload(bpath, {}, []), 422, 'brochure');
  await expectProblem(await upload('/api/v1/admissions/999999/brochure', {}, [{ field: 'brochure', name: 'e.pdf', type: 'application/pdf', bytes: F.pdf() }]), 404);
  await expectProblem(await upload(bpath, {}, [{ field: 'brochure', name: 'e.pdf', type: 'application/pdf', bytes: F.pdf() }], 'admin'), 403);
});

test('forms: messages beside the fields, never a 5xx', async () => {
  const form = (client, path, csrfPage, fields) => F.postForm(client, path, csrfPage, fields);
  const base = { title: 'Lomakehaku', period_start: TODAY, period_end: F.addDays(TODAY, 300), languages: 'fi', service_description_ids: String(ids.sds[0].id) };
  const cases = [
    [{ ...base, title: '' }, 'title'], [{ ...base, period_start: '2026-13-01' }, 'period_start'],
    [{ ...base, period_end: F.addDays(TODAY, -1) }, 'period_end'], [{ ...base, application_deadline: 'x' }, 'application_deadline'],
    [{ ...base, languages: 'xx' }, 'languages'], [{ ...base, service_description_ids: 'abc' }, 'service_description_ids'],
    [{ ...base, req_code_1: 'Huono koodi', req_text_fi_1: 'Teksti', req_text_en_1: 'Text' }, 'req_code_1'],
    [{ ...base, req_code_2: 'a', req_text_fi_2: 'Teksti', req_text_en_2: '' }, 'req_code_2'],
  ];
  for (const [fields, field] of cases) {
    const res = await form(clients.admin, '/admin/calls', '/admin/calls/new', fields);
    assert.equal(res.status, 422, `${field}: ${res.status} ${res.text.slice(0, 300)}`);
    assert.match(res.text, new RegExp(`data-field-error="${field.replace(/[[\]]/g, '\\$&')}"`), field);
    assert.match(res.text, /value="Lomakehaku"|data-field-error="title"/, 'typed values come back');
  }
  const noCsrf = await clients.admin.postForm('/admin/calls', base);
  assert.equal(noCsrf.status, 403);
  const asProvider = await form(clients.provider, '/admin/calls', '/applications', base);
  assert.equal(asProvider.status, 403);
  const editPublished = await clients.admin.get(`/admin/calls/${ids.demoCall}/edit`);
  assert.equal(editPublished.status, 409);
  assert.ok(hasMessage(editPublished.text));

  const start = await form(clients.provider, '/applications', '/applications', { call_id: 'abc', service_description_id: '' });
  assert.equal(start.status, 422);
  assert.ok(hasMessage(start.text));
  const dup = await form(clients.provider, '/applications', '/applications', { call_id: String(ids.demoCall), service_description_id: String(ids.sds[0].id) });
  assert.equal(dup.status, 409);
  assert.ok(hasMessage(dup.text));

  const appPath = `/applications/${ids.draft}`;
  const lie = await F.postMultipart(clients.provider, c.baseUrl, `${appPath}/answers`, appPath,
    { answer_referenssit: 'Tämä teksti tallentuu' }, [{ field: 'file_vastuuvakuutus', name: 'todistus.pdf', type: 'application/pdf', bytes: F.HTML }]);
  assert.equal(lie.status, 422, lie.text.slice(0, 300));
  assert.match(lie.text, /data-field-error="answers\.vastuuvakuutus"/);
  // The text typed in the same form was kept (nothing lost).
  const saved = (await c.call('provider', 'GET', `/api/v1/applications/${ids.draft}`)).json.answers.find((a) => a.requirement_code === 'referenssit');
  assert.equal(saved && saved.text, 'Tämä teksti tallentuu');
  snap0.apps = snap0.apps.map((a) => (a.id === ids.draft ? { ...a, changed: true } : a));
  const tooLong = await F.postMultipart(clients.provider, c.baseUrl, `${appPath}/answers`, appPath, { answer_referenssit: 'x'.repeat(5001) }, []);
  assert.equal(tooLong.status, 422);
  assert.match(tooLong.text, /data-field-error="answers\.referenssit"/);
  const huge = await F.postMultipart(clients.provider, c.baseUrl, `${appPath}/answers`, appPath, {},
    [{ field: 'file_vastuuvakuutus', name: 'huge.pdf', type: 'application/pdf', bytes: Buffer.concat([F.pdf(), Buffer.alloc(11 * MiB, 0x20)]) }]);
  assert.equal(huge.status, 413);
  assert.match(huge.text, /role="alert"/);
  assert.match(huge.text, /10 Mt/);
  const submit = await form(clients.provider, `${appPath}/submit`, appPath, {});
  assert.equal(submit.status, 422);
  assert.match(submit.text, /data-field-error="answers\.vastuuvakuutus"/);

  const brochure = await F.postMultipart(clients.provider, c.baseUrl, `/admissions/${ids.admission}/brochure`, '/applications', {},
    [{ field: 'brochure', name: 'esite.pdf', type: 'application/pdf', bytes: F.PNG }]);
  assert.equal(brochure.status, 422);
  assert.match(brochure.text, /data-field-error="brochure"/);
  const reject = await form(clients.admin, `/applications/${ids.submitted}/reject`, `/applications/${ids.submitted}`, { reason: '' });
  assert.equal(reject.status, 422);
  assert.match(reject.text, /data-field-error="reason"/);

  for (const p of ['/calls/abc', '/calls/999999', `/calls/${ids.draftCall}`, '/applications/abc', '/applications/999999', '/attachments/abc']) {
    const r = await clients.provider.get(p);
    assert.equal(r.status, 404, p);
  }
  assert.equal((await clients.customer.get('/applications')).status, 403);
  assert.equal((await clients.customer.get(`/attachments/${ids.attachment}`)).status, 403);
  assert.equal((await clients.provider.get('/applications?status=bogus')).status, 400);
});

test('nothing changed except the one text the form kept', async () => {
  const now = await snapshot();
  const strip = (s) => ({ ...s, apps: s.apps.filter((a) => a.id !== ids.draft) });
  assert.deepEqual(strip(now), strip({ ...snap0, apps: snap0.apps.map(({ changed, ...a }) => a) }));
  const draft = now.apps.find((a) => a.id === ids.draft);
  const before_ = snap0.apps.find((a) => a.id === ids.draft);
  assert.equal(draft.status, 'draft');
  assert.deepEqual(draft.answers.filter((a) => a.requirement_code !== 'referenssit'), before_.answers.filter((a) => a.requirement_code !== 'referenssit'));
  // No server error was logged for any of the above.
  assert.doesNotMatch(c.server.stderr(), /\] \[error\]|internal error/i);
});
