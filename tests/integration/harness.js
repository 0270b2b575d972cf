'use strict';
/*
 * Shared harness for the integration and browser tests. Real server, real database, real sockets.
 *
 *   startServer({db, smtp, clockFile, env})
 *                                db: 'sqlite' | 'postgres' (default env PT_DB, else 'sqlite').
 *                                Fresh database, `migrate` + `seed-demo`, then `serve` on 127.0.0.1:0.
 *                                smtp: 'smtp://127.0.0.1:PORT' or a receiver from mail-harness.js
 *                                  (serve --smtp; without it e-mail stays pending in the outbox).
 *                                clockFile: path from makeClock().file (PALVELUTORI_CLOCK_FILE for
 *                                  migrate, seed-demo and serve: "now" is what the file says).
 *                                env: extra environment for those commands, e.g.
 *                                  {PALVELUTORI_MAIL_BACKOFF_MS: '1000', PALVELUTORI_MAIL_POLL_MS: '100'}.
 *                                dbUrl: serve an EXISTING database (another server's dbUrl): no new
 *                                  database, no migrate or seed-demo, and stop() leaves it in place.
 *                                → {baseUrl, dbUrl, pid, stop(), kill(), stderr()}  (stop() is async; call
 *                                  it in after(); kill() sends SIGKILL and waits for the exit, keeping
 *                                  the database: a later stop() only removes it)
 *                                Env: PT_BIN (default out/palvelutori, relative to the repo root),
 *                                     PT_PG_DIR (running test cluster for scripts/pg-test-server.sh).
 *   apiToken(baseUrl, email, password)            → token string (throws unless 201)
 *   api(baseUrl, method, path, {token, body, raw, headers})
 *                                → {status, headers, json, text}; body is JSON-encoded, raw is sent as is
 *                                  (string or Buffer; set headers['content-type'] yourself).
 *   browserish(baseUrl)          cookie-keeping client that never follows redirects:
 *                                  .get(path, {headers}), .postForm(path, fields, {headers, raw})
 *                                  → {status, location, headers, text};  .cookies (Map name → value)
 *   csrfFrom(html)               value of the hidden csrf_token input (throws when absent)
 *   login(client, email, password)  GET /login + POST /login; returns the POST response (throws unless 303)
 *   openapiValidator(baseUrl)    → {check(method, path, status, body), checkRes(method, path, res), doc}
 *                                  path may be a template ('/orders/{id}') or concrete ('/api/v1/orders/7');
 *                                  throws with the ajv errors when the body does not match, or when the
 *                                  status is not documented for that operation.
 *   makeClock(start = new Date()) → {file, now(), set(dateOrIso), advance(ms), remove()}: a clock
 *                                file for startServer({clockFile}); set/advance write it atomically and
 *                                the server sees the new time at its next read (time stands still between).
 *   DEMO                         demo users {admin, provider, customer, counsellor} → {email, password}
 */
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

const DEMO = {
  admin: { email: 'admin@palvelutori.example', password: 'Admin-demo-1' },
  provider: { email: 'provider@palvelutori.example', password: 'Provider-demo-1' },
  customer: { email: 'customer@palvelutori.example', password: 'Customer-demo-1' },
  counsellor: { email: 'counsellor@palvelutori.example', password: 'Counsellor-demo-1' },
};

function binPath() {
  const bin = process.env.PT_BIN || 'out/palvelutori';
  return path.isAbsolute(bin) ? bin : path.join(REPO, bin);
}

function runTool(args, env = process.env) {
  try {
    return execFileSync(args[0], args.slice(1), { cwd: REPO, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
  } catch (e) {
    throw new Error(`${args.join(' ')} failed (exit ${e.status}):\n${e.stderr || ''}${e.stdout || ''}`);
  }
}

function createDatabase(db) {
  const unique = `pt_int_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (db === 'sqlite') {
    const file = path.join(os.tmpdir(), `${unique}.db`);
    return { url: `sqlite:${file}`, cleanup: () => { for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true }); } };
  }
  if (db === 'postgres') {
    const dir = process.env.PT_PG_DIR;
    if (!dir) throw new Error('PT_DB=postgres needs PT_PG_DIR (the directory of a cluster started by scripts/pg-test-server.sh)');
    const out = runTool([path.join(REPO, 'scripts', 'pg-test-server.sh'), 'createdb', dir, unique]).trim().split('\n');
    return { url: out[out.length - 1].trim(), cleanup: () => {} };
  }
  throw new Error(`unknown db kind ${db}`);
}

async function startServer({ db = process.env.PT_DB || 'sqlite', smtp, clockFile, env = {}, dbUrl } = {}) {
  const bin = binPath();
  if (!fs.existsSync(bin)) throw new Error(`server binary ${bin} not found (set PT_BIN)`);
  const childEnv = { ...process.env, ...env, ...(clockFile ? { PALVELUTORI_CLOCK_FILE: clockFile } : {}) };
  const database = dbUrl ? { url: dbUrl, cleanup: () => {} } : createDatabase(db);
  if (!dbUrl) {
    runTool([bin, 'migrate', '--database', database.url], childEnv);
    runTool([bin, 'seed-demo', '--database', database.url], childEnv);
  }

  const serveArgs = ['serve', '--database', database.url, '--listen', '127.0.0.1:0', '--no-access-log'];
  if (smtp) serveArgs.push('--smtp', typeof smtp === 'string' ? smtp : smtp.url);
  const child = spawn(bin, serveArgs, { cwd: REPO, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 100000) stderr = stderr.slice(-50000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not print "listening on" within 20 s\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 20000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal})\nstderr:\n${stderr}`));
    });
  });
  child.stdout.resume();

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    database.cleanup();
  }
  async function kill() {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  }
  return { baseUrl, dbUrl: database.url, pid: child.pid, stop, kill, stderr: () => stderr };
}

function makeClock(start = new Date()) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-clock-'));
  const file = path.join(dir, 'now');
  let current;
  function set(t) {
    const d = t instanceof Date ? t : new Date(t);
    if (Number.isNaN(d.getTime())) throw new Error(`makeClock: not a time: ${t}`);
    current = new Date(Math.floor(d.getTime() / 1000) * 1000);
    // Write a new file and rename it over the old one, so the server never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${current.toISOString().replace(/\.\d{3}Z$/, 'Z')}\n`);
    fs.renameSync(tmp, file);
    return current;
  }
  set(start);
  return {
    file,
    now: () => new Date(current),
    set,
    advance: (ms) => set(new Date(current.getTime() + ms)),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function api(baseUrl, method, urlPath, { token, body, raw, headers = {} } = {}) {
  const h = { accept: 'application/json', ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) { payload = JSON.stringify(body); if (!h['content-type']) h['content-type'] = 'application/json'; }
  const res = await fetch(baseUrl + urlPath, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}

async function apiToken(baseUrl, email, password) {
  const r = await api(baseUrl, 'POST', '/api/v1/auth/token', { body: { email, password } });
  if (r.status !== 201 || !r.json || typeof r.json.token !== 'string') {
    throw new Error(`token for ${email}: HTTP ${r.status} ${r.text.slice(0, 500)}`);
  }
  return r.json.token;
}

function browserish(baseUrl) {
  const cookies = new Map();
  function remember(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a))
        || attrs.some((a) => /^\s*expires\s*=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
      if (expired || value === '') cookies.delete(name); else cookies.set(name, value);
    }
  }
  async function send(method, urlPath, { headers = {}, body } = {}) {
    const h = { accept: 'text/html', ...headers };
    if (cookies.size) h.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(baseUrl + urlPath, { method, headers: h, body, redirect: 'manual' });
    remember(res);
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
  }
  return {
    cookies,
    get: (urlPath, opts = {}) => send('GET', urlPath, opts),
    postForm(urlPath, fields = {}, { headers = {}, raw } = {}) {
      const body = raw !== undefined ? raw : new URLSearchParams(fields).toString();
      return send('POST', urlPath, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    },
  };
}

function csrfFrom(html) {
  for (const tag of html.match(/<input\b[^>]*>/gi) || []) {
    if (/\bname\s*=\s*["']?csrf_token["'\s>]/i.test(tag)) {
      const m = /\bvalue\s*=\s*"([^"]*)"|\bvalue\s*=\s*'([^']*)'/i.exec(tag);
      if (m) return m[1] ?? m[2];
    }
  }
  throw new Error(`no csrf_token input in page:\n${html.slice(0, 400)}`);
}

async function login(client, email, password) {
  const page = await client.get('/login');
  if (page.status !== 200) throw new Error(`GET /login: HTTP ${page.status}`);
  const res = await client.postForm('/login', { email, password, csrf_token: csrfFrom(page.text), next: '' });
  if (res.status !== 303) throw new Error(`login ${email}: HTTP ${res.status} ${res.text.slice(0, 400)}`);
  return res;
}

// ---- OpenAPI response validation ----

const escapePointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

async function openapiValidator(baseUrl) {
  const Ajv2020 = require('ajv/dist/2020');
  const addFormats = require('ajv-formats');
  const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json: HTTP ${res.status}`);
  const doc = await res.json();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const DOC_ID = 'urn:palvelutori:openapi';
  ajv.addSchema(doc, DOC_ID);
  const prefix = new URL((doc.servers && doc.servers[0] && doc.servers[0].url) || '/', 'http://x').pathname.replace(/\/$/, '');

  const templates = Object.keys(doc.paths).map((t) => ({
    t, re: new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  function resolveTemplate(p) {
    let rel = p.split('?')[0];
    if (prefix && rel.startsWith(prefix + '/')) rel = rel.slice(prefix.length);
    if (doc.paths[rel]) return rel;
    const hit = templates.find(({ re }) => re.test(rel));
    if (!hit) throw new Error(`path ${p} is not in the OpenAPI document`);
    return hit.t;
  }

  const cache = new Map();
  function validatorFor(method, template, status) {
    const key = `${method} ${template} ${status}`;
    if (cache.has(key)) return cache.get(key);
    const op = doc.paths[template][method.toLowerCase()];
    if (!op) throw new Error(`${method} ${template} is not documented`);
    let ptr = `#/paths/${escapePointer(template)}/${method.toLowerCase()}/responses/${status}`;
    let resp = op.responses[String(status)];
    if (!resp) throw new Error(`${method} ${template}: status ${status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    if (resp.$ref) { ptr = resp.$ref; resp = resp.$ref.slice(2).split('/').reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc); }
    const types = Object.keys(resp.content || {});
    const entry = { types, validate: null };
    if (types.length) {
      entry.validate = ajv.compile({ $ref: `${DOC_ID}${ptr}/content/${escapePointer(types[0])}/schema` });
    }
    cache.set(key, entry);
    return entry;
  }
  // Compile every documented response up front so a broken $ref fails loudly.
  for (const [t, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) for (const s of Object.keys(op.responses || {})) validatorFor(m.toUpperCase(), t, s);
  }

  function check(method, p, status, body, contentType) {
    const template = resolveTemplate(p);
    const { types, validate } = validatorFor(method, template, status);
    if (contentType !== undefined && types.length) {
      const got = String(contentType || '').split(';')[0].trim().toLowerCase();
      if (!types.includes(got)) throw new Error(`${method} ${p} → ${status}: content-type ${got || '(none)'}, documented ${types.join(', ')}`);
    }
    if (validate && !validate(body)) {
      throw new Error(`${method} ${p} → ${status}: body does not match the OpenAPI schema:\n`
        + `${JSON.stringify(validate.errors, null, 1).slice(0, 3000)}\nbody: ${JSON.stringify(body).slice(0, 1500)}`);
    }
    return body;
  }
  const checkRes = (method, p, res) => check(method, p, res.status, res.json, res.headers.get('content-type'));
  return { check, checkRes, doc };
}

module.exports = { startServer, makeClock, apiToken, api, browserish, csrfFrom, login, openapiValidator, DEMO, REPO };
