'use strict';
// Bad input for the e-mail parts: the outbox list (API and page), the mail CLI commands and the
// mail settings. Always a clear refusal (4xx with a message, or exit 2 with a message), never a
// 5xx or a crash, and nothing is queued by a refused command.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServer, apiToken, api, browserish, login, openapiValidator, DEMO, REPO } = require('./harness');

const BIN = path.resolve(REPO, process.env.PT_BIN || 'out/palvelutori');
const SCRIPT = '<script>alert(1)</script>';
let s; let token; let v; let admin;

before(async () => {
  s = await startServer();
  token = await apiToken(s.baseUrl, DEMO.admin.email, DEMO.admin.password);
  v = await openapiValidator(s.baseUrl);
  admin = browserish(s.baseUrl);
  await login(admin, DEMO.admin.email, DEMO.admin.password);
});
after(async () => { if (s) await s.stop(); });

const queries = [
  ['status=bogus', 'status'],
  [`status=${encodeURIComponent(SCRIPT)}`, 'status'],
  ['status=PENDING', 'status'],
  ['status=pending&status=sent', 'status'],
  ['status=%00', 'status'],
  ['page=0', 'page'],
  ['page=-1', 'page'],
  ['page=abc', 'page'],
  ['page=1e3', 'page'],
  ['page=99999999999999999999', 'page'],
  ['page=1&page=2', 'page'],
  ['page_size=0', 'page_size'],
  ['page_size=101', 'page_size'],
  ['page_size=%20', 'page_size'],
];

test('GET /api/v1/outbox refuses bad parameters with problem+json naming the field', async () => {
  for (const [q, field] of queries) {
    const res = await api(s.baseUrl, 'GET', `/api/v1/outbox?${q}`, { token });
    const info = `${q}: HTTP ${res.status} ${res.text.slice(0, 300)}`;
    assert.equal(res.status, 400, info);
    assert.match(res.headers.get('content-type'), /^application\/problem\+json/, info);
    assert.ok(res.json.errors && res.json.errors[field], info);
    assert.ok(!res.text.includes(SCRIPT), info);
    v.checkRes('GET', `/api/v1/outbox?${q}`, res);
  }
});

test('GET /admin/outbox refuses bad parameters with a message on the page', async () => {
  for (const [q, field] of queries) {
    const res = await admin.get(`/admin/outbox?${q}`);
    const info = `${q}: HTTP ${res.status} ${res.text.replace(/\s+/g, ' ').slice(0, 300)}`;
    assert.equal(res.status, 400, info);
    assert.match(res.text, /role="alert"/, info);
    assert.match(res.text, new RegExp(`data-field-error="${field}"`), info);
    assert.ok(!res.text.includes(SCRIPT), info);
  }
  // The good ones still work.
  for (const q of ['', '?status=pending', '?status=sent&page=2', '?status=failed&page_size=100']) {
    assert.equal((await admin.get(`/admin/outbox${q}`)).status, 200, q);
  }
});

function cli(args, env = {}) {
  return spawnSync(BIN, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30000 });
}
async function total() {
  const res = await api(s.baseUrl, 'GET', '/api/v1/outbox', { token });
  assert.equal(res.status, 200);
  return res.json.total;
}

test('send-test-mail refuses bad addresses and options, and queues nothing', async () => {
  const before = await total();
  const bad = [
    [['--to', 'maija@example.fi\r\nBcc: all@example.fi'], /not valid/],
    [['--to', 'maija@example.fi\nBcc: all@example.fi'], /not valid/],
    [['--to', 'Maija <maija@example.fi>'], /not valid/],
    [['--to', 'not-an-address'], /not valid/],
    [['--to', 'a@b@example.fi'], /not valid/],
    [['--to', `${SCRIPT}@example.fi`], /not valid/],
    [['--to', ''], /needs --to/],
    [[], /needs --to/],
    [['--to', 'maija@example.fi', '--lang', 'sv'], /--lang must be fi or en/],
  ];
  for (const [args, message] of bad) {
    const r = cli(['send-test-mail', '--database', s.dbUrl, ...args]);
    const info = `${JSON.stringify(args)}: exit ${r.status} ${r.stderr}${r.stdout}`;
    assert.equal(r.status, 2, info);
    assert.match(r.stderr, message, info);
  }
  assert.equal(await total(), before, 'nothing queued');
});

test('send-mail and the mail settings refuse nonsense with a message', () => {
  let r = cli(['send-mail', '--database', s.dbUrl]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--once/);
  r = cli(['send-mail', '--once', '--database', s.dbUrl], { PALVELUTORI_SMTP: '' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /no SMTP server/);
  for (const [name, value] of [
    ['PALVELUTORI_MAIL_POLL_MS', 'abc'], ['PALVELUTORI_MAIL_POLL_MS', '0'], ['PALVELUTORI_MAIL_BACKOFF_MS', '-5'],
    ['PALVELUTORI_MAIL_BACKOFF_MS', '10s'], ['PALVELUTORI_MAIL_MAX_ATTEMPTS', '0'], ['PALVELUTORI_MAIL_FROM', 'nobody'],
    ['PALVELUTORI_MAIL_FROM', 'a@example.fi\r\nBcc: x@example.fi'],
  ]) {
    r = cli(['send-mail', '--once', '--smtp', 'smtp://127.0.0.1:9', '--database', s.dbUrl], { [name]: value });
    const info = `${name}=${JSON.stringify(value)}: exit ${r.status} ${r.stderr}`;
    assert.equal(r.status, 1, info);
    assert.ok(r.stderr.includes(name) || r.stderr.includes('sender address'), info);
    assert.ok(!/terminate|Aborted|Segmentation/.test(r.stderr), info);
  }
  r = cli(['send-mail', '--once', '--database', s.dbUrl, '--mail-from', 'bad'], { PALVELUTORI_SMTP: 'smtp://127.0.0.1:9' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /sender address/);
});

test('serve with a bad mail setting stops at start with the reason', async () => {
  await assert.rejects(startServer({ env: { PALVELUTORI_MAIL_BACKOFF_MS: 'soon' } }), /PALVELUTORI_MAIL_BACKOFF_MS must be a whole number/);
});
