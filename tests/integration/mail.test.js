'use strict';
// E-mail end to end: the outbox, the worker and a real SMTP receiver (aiosmtpd). A message put
// in the outbox arrives once; while the receiver is down it waits with its attempts and error
// visible to the organizer, and it arrives when the receiver is back; nothing lost, no duplicates.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const path = require('node:path');
const { startServer, makeClock, apiToken, api, browserish, login, openapiValidator, DEMO, REPO } = require('./harness');
const { sharedMailReceiver, startMailReceiver, uniqueAddress } = require('./mail-harness');

const BIN = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');
const FAST = { PALVELUTORI_MAIL_POLL_MS: '100', PALVELUTORI_MAIL_BACKOFF_MS: '1000', PALVELUTORI_MAIL_BACKOFF_MAX_MS: '1000' };

const cleanups = [];
after(async () => { for (const f of cleanups.reverse()) await f(); });

async function server(opts) {
  const s = await startServer(opts);
  cleanups.push(() => s.stop());
  s.adminToken = await apiToken(s.baseUrl, DEMO.admin.email, DEMO.admin.password);
  s.v = await openapiValidator(s.baseUrl);
  return s;
}

// The organizer CLI: puts a system.test mail in the outbox.
function sendTestMail(s, to, { lang = 'fi', env = {} } = {}) {
  const out = execFileSync(BIN, ['send-test-mail', '--database', s.dbUrl, '--to', to, '--lang', lang],
    { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env } });
  const m = /queued: outbox (\d+)/.exec(out);
  assert.ok(m, out);
  return Number(m[1]);
}

async function outbox(s, query = '') {
  const res = await api(s.baseUrl, 'GET', `/api/v1/outbox${query}`, { token: s.adminToken });
  s.v.checkRes('GET', `/api/v1/outbox${query}`, res);
  assert.equal(res.status, 200, res.text);
  return res.json;
}
async function row(s, id) {
  const found = (await outbox(s, '?page_size=100')).items.find((r) => r.id === id);
  assert.ok(found, `outbox ${id} listed`);
  return found;
}
async function until(what, fn, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a queued mail arrives once, as a proper UTF-8 text mail, and the outbox shows it sent', async () => {
  const mail = await sharedMailReceiver();
  const s = await server({ smtp: mail, env: FAST });
  const to = uniqueAddress('test');
  const id = sendTestMail(s, to, { lang: 'fi' });
  const [m] = await mail.waitForMail({ to });
  assert.match(m.subject, /^Palvelutorin testiviesti – \d{4}-\d{2}-\d{2}T/);
  assert.match(m.text, /tämä on Palvelutorin lähettämä testiviesti/);
  assert.match(m.text, /Palvelutori – tähän viestiin ei voi vastata\./);
  assert.equal(m.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(m.headers['mime-version'], '1.0');
  assert.match(m.headers['message-id'], new RegExp(`^<outbox-${id}\\.[0-9a-f]+@palvelutori\\.example>$`));
  assert.match(m.headers.date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  assert.equal(m.headers.to, `<${to}>`);
  assert.equal(m.from, 'noreply@palvelutori.example');

  const r = await until('sent status', async () => { const x = await row(s, id); return x.status === 'sent' && x; });
  assert.equal(r.attempts, 0);
  assert.equal(r.kind, 'system.test');
  assert.equal(r.subject, m.subject);
  assert.equal(r.next_attempt_at, null);
  assert.match(r.sent_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  await sleep(500);
  assert.equal(mail.messages({ to }).length, 1, 'no second copy');

  // English when asked for.
  const to2 = uniqueAddress('test-en');
  sendTestMail(s, to2, { lang: 'en' });
  const [en] = await mail.waitForMail({ to: to2 });
  assert.match(en.subject, /^Palvelutori test message/);
  assert.match(en.text, /this is a test message from Palvelutori/);

  // The organizer's page lists both, newest first.
  const admin = browserish(s.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const page = await admin.get('/admin/outbox');
  assert.equal(page.status, 200);
  const ids = [...page.text.matchAll(/data-outbox-id="(\d+)"/g)].map((x) => Number(x[1]));
  assert.ok(ids.indexOf(id) > ids.indexOf(id + 1) && ids.indexOf(id + 1) >= 0, `newest first: ${ids}`);
  assert.ok(page.text.includes(to));
  // Paginated: one per page, links keep the page size.
  const p1 = await admin.get('/admin/outbox?page_size=1');
  assert.equal([...p1.text.matchAll(/data-outbox-id="(\d+)"/g)].length, 1);
  assert.match(p1.text, /href="\/admin\/outbox\?page=2&amp;page_size=1" rel="next"/);
  assert.doesNotMatch(p1.text, /rel="prev"/);
  const p2 = await admin.get('/admin/outbox?page=2&page_size=1');
  assert.match(p2.text, new RegExp(`data-outbox-id="${id}"`));
  assert.match(p2.text, /href="\/admin\/outbox\?page=1&amp;page_size=1" rel="prev"/);
  assert.doesNotMatch(p2.text, /rel="next"/);
});

test('receiver down: the mail waits with attempts and the error, then arrives once when it is back', async () => {
  const mail = await startMailReceiver();
  cleanups.push(() => mail.remove());
  await mail.stop();
  const s = await server({ smtp: mail, env: FAST });
  const to = uniqueAddress('down');
  const id = sendTestMail(s, to);

  const waiting = await until('two failed attempts', async () => { const x = await row(s, id); return x.attempts >= 2 && x; });
  assert.equal(waiting.status, 'pending');
  assert.match(waiting.last_error, /connect|refused/i);
  assert.match(waiting.next_attempt_at, /Z$/);
  assert.equal(waiting.sent_at, null);
  // ... and the organizer sees why.
  const admin = browserish(s.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
  const page = await admin.get('/admin/outbox?status=pending');
  assert.equal(page.status, 200);
  const tr = new RegExp(`<tr class="outbox-row" data-outbox-id="${id}" data-status="pending">[\\s\\S]*?</tr>`).exec(page.text);
  assert.ok(tr, 'row on the page');
  assert.match(tr[0], /class="outbox-attempts">[2-9]|class="outbox-attempts">\d\d/);
  assert.match(tr[0], /class="outbox-error">[^<]*(connect|refused)/i);

  await mail.start();
  const got = await mail.waitForMail({ to });
  assert.equal(got.length, 1);
  const sent = await until('sent', async () => { const x = await row(s, id); return x.status === 'sent' && x; });
  assert.ok(sent.attempts >= 2);
  assert.equal(sent.last_error, '');
  await sleep(1500);  // more worker turns
  assert.equal(mail.messages({ to }).length, 1, 'exactly one copy');
});

test('retries follow the program clock: a test clock that stands still holds them until it moves', async () => {
  const clock = makeClock('2026-12-01T09:00:00Z');
  cleanups.push(() => clock.remove());
  const mail = await startMailReceiver();
  cleanups.push(() => mail.remove());
  await mail.stop();
  const s = await server({ smtp: mail, clockFile: clock.file, env: { ...FAST, PALVELUTORI_MAIL_BACKOFF_MS: '60000', PALVELUTORI_MAIL_BACKOFF_MAX_MS: '60000' } });
  const to = uniqueAddress('clock');
  const id = sendTestMail(s, to, { env: { PALVELUTORI_CLOCK_FILE: clock.file } });

  const first = await until('first attempt', async () => { const x = await row(s, id); return x.attempts === 1 && x; });
  assert.equal(first.created_at, '2026-12-01T09:00:00Z');
  assert.equal(first.next_attempt_at, '2026-12-01T09:01:00Z');  // + 60 s back-off on the test clock
  await mail.start();
  await sleep(1000);
  assert.equal((await row(s, id)).status, 'pending', 'not due while the clock stands still');
  assert.equal(mail.messages({ to }).length, 0);

  clock.set('2026-12-01T09:01:00Z');
  const [m] = await mail.waitForMail({ to });
  assert.equal(m.headers.date, 'Tue, 01 Dec 2026 09:01:00 +0000');
  const sent = await until('sent', async () => { const x = await row(s, id); return x.status === 'sent' && x; });
  assert.equal(sent.sent_at, '2026-12-01T09:01:00Z');
  assert.equal(sent.attempts, 1);
});

test('after the maximum attempts a mail is marked failed and stays listed', async () => {
  const mail = await startMailReceiver();
  cleanups.push(() => mail.remove());
  await mail.stop();
  const s = await server({ smtp: mail, env: { ...FAST, PALVELUTORI_MAIL_MAX_ATTEMPTS: '2' } });
  const to = uniqueAddress('failed');
  const id = sendTestMail(s, to);
  const failed = await until('failed status', async () => { const x = await row(s, id); return x.status === 'failed' && x; });
  assert.equal(failed.attempts, 2);
  assert.notEqual(failed.last_error, '');
  assert.equal(failed.next_attempt_at, null);
  const list = await outbox(s, '?status=failed');
  assert.deepEqual(list.items.map((x) => x.id), [id]);
  assert.equal(list.total, 1);
  await mail.start();
  await sleep(800);
  assert.equal(mail.messages({ to }).length, 0, 'a given-up mail is not sent behind the organizer\'s back');
  assert.equal((await row(s, id)).status, 'failed');
});

test('two server processes on one database send every mail exactly once', async () => {
  const mail = await sharedMailReceiver();
  const s = await server({ smtp: mail, env: { ...FAST, PALVELUTORI_MAIL_POLL_MS: '20' } });
  // A second `serve` on the same database, as a second node behind a load balancer would be.
  const second = spawn(BIN, ['serve', '--database', s.dbUrl, '--listen', '127.0.0.1:0', '--no-access-log', '--smtp', mail.url],
    { cwd: REPO, env: { ...process.env, ...FAST, PALVELUTORI_MAIL_POLL_MS: '20' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => second.once('exit', r));
  cleanups.push(async () => { if (second.exitCode === null) { second.kill('SIGTERM'); await exited; } });
  await new Promise((resolve, reject) => {
    let out = '';
    second.stdout.on('data', (d) => { out += d; if (/listening on/.test(out)) resolve(); });
    second.once('exit', (code) => reject(new Error(`second server exited with ${code}`)));
  });
  const prefix = uniqueAddress('pair').split('@')[0];
  const addresses = Array.from({ length: 12 }, (_, i) => `${prefix}-${i}@mail.test.example`);
  // Queue them all at once in one transaction per CLI call; the two workers race for them.
  for (const a of addresses) sendTestMail(s, a);
  for (const a of addresses) await mail.waitForMail({ to: a });
  await sleep(1000);
  for (const a of addresses) assert.equal(mail.messages({ to: a }).length, 1, `one copy to ${a}`);
  const list = await outbox(s, '?status=sent&page_size=100');
  for (const a of addresses) assert.ok(list.items.some((x) => x.to === a && x.status === 'sent'));
});

test('only the organizer sees the outbox', async () => {
  const s = await server({});
  const customer = await apiToken(s.baseUrl, DEMO.customer.email, DEMO.customer.password);
  const provider = await apiToken(s.baseUrl, DEMO.provider.email, DEMO.provider.password);
  for (const token of [customer, provider]) {
    const r = await api(s.baseUrl, 'GET', '/api/v1/outbox', { token });
    s.v.checkRes('GET', '/api/v1/outbox', r);
    assert.equal(r.status, 403);
  }
  const anon = await api(s.baseUrl, 'GET', '/api/v1/outbox');
  s.v.checkRes('GET', '/api/v1/outbox', anon);
  assert.equal(anon.status, 401);
  const cust = browserish(s.baseUrl);
  await login(cust, DEMO.customer.email, DEMO.customer.password);
  assert.equal((await cust.get('/admin/outbox')).status, 403);
  const anonPage = await browserish(s.baseUrl).get('/admin/outbox');
  assert.ok([302, 303].includes(anonPage.status) && /\/login/.test(anonPage.location), `anonymous → login: ${anonPage.status}`);
  // Without --smtp the mail just waits.
  const id = sendTestMail(s, uniqueAddress('nosmtp'));
  await sleep(800);
  const r = await row(s, id);
  assert.equal(r.status, 'pending');
  assert.equal(r.attempts, 0);
});
