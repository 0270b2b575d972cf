'use strict';
/*
 * A real SMTP receiver for the tests: Debian's python3-aiosmtpd writing every message it gets
 * into a Maildir, and readers for what arrived.
 *
 *   sharedMailReceiver()           → receiver. The one scripts/test.sh started for the whole run
 *                                    (env PT_SMTP_URL + PT_SMTP_MAILDIR), else one started for this
 *                                    test file on first use (stopped when the process exits).
 *                                    Several test files share it: filter by a recipient address
 *                                    that is unique to your test (e.g. uniqueAddress('invite')).
 *   startMailReceiver()            → a private receiver (own port and Maildir) you may stop and
 *                                    start again; call stop() in after().
 *   uniqueAddress(tag)             → 'tag-<random>@mail.test.example'
 *
 *   receiver.url                   'smtp://127.0.0.1:PORT' — pass it as startServer({smtp: receiver.url})
 *   receiver.messages({to})        → [{from, to: [..], subject, text, headers, raw}] in arrival order;
 *                                    `to` (optional) keeps messages whose envelope recipient is it.
 *                                    subject is decoded (RFC 2047), text is the decoded UTF-8 body
 *                                    with "\n" line ends, headers maps lower-case name → value.
 *   receiver.waitForMail({to, count = 1, timeoutMs = 15000, where})
 *                                  → resolves with the messages once `count` (matching `where(msg)`
 *                                    too, if given) are there; rejects with what did arrive on timeout.
 *   receiver.stop() / receiver.start()   (private receivers) take it down / bring it back on the same port.
 *
 * Env: PT_PYTHON (default /usr/bin/python3, where Debian installs aiosmtpd).
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const PYTHON = process.env.PT_PYTHON || '/usr/bin/python3';

function uniqueAddress(tag = 'user') {
  return `${tag}-${crypto.randomBytes(5).toString('hex')}@mail.test.example`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

// ---- parsing what aiosmtpd's Mailbox handler wrote ----

function decodeWords(value) {
  // Adjacent encoded words are joined without the white space between them (RFC 2047 §6.2).
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
    const bytes = enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
  });
}

function decodeQuotedPrintable(text) {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) { bytes.push(parseInt(soft.slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseMessage(raw) {
  const text = raw.toString('utf8');
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const cte = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (cte === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (cte === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  body = body.replace(/\r\n/g, '\n');
  return {
    from: headers['x-mailfrom'] || '',
    to: (headers['x-rcptto'] || '').split(',').map((s) => s.trim()).filter(Boolean),
    subject: decodeWords(headers.subject || ''),
    text: body,
    headers,
    raw: text,
  };
}

function readMaildir(dir) {
  const out = [];
  for (const sub of ['new', 'cur']) {
    const d = path.join(dir, sub);
    if (!fs.existsSync(d)) continue;
    for (const name of fs.readdirSync(d)) {
      const file = path.join(d, name);
      // Maildir file names start with the delivery time: sort by it (then name) for arrival order.
      out.push({ file, key: name, mtime: fs.statSync(file).mtimeMs });
    }
  }
  out.sort((a, b) => a.mtime - b.mtime || a.key.localeCompare(b.key));
  return out.map(({ file }) => parseMessage(fs.readFileSync(file)));
}

function receiverFor({ port, maildir, stop, start }) {
  const url = `smtp://127.0.0.1:${port}`;
  function messages({ to } = {}) {
    const all = readMaildir(maildir);
    return to ? all.filter((m) => m.to.map((a) => a.toLowerCase()).includes(to.toLowerCase())) : all;
  }
  async function waitForMail({ to, count = 1, timeoutMs = 15000, where } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = messages({ to }).filter((m) => !where || where(m));
      if (got.length >= count) return got;
      if (Date.now() > deadline) {
        throw new Error(`waited ${timeoutMs} ms for ${count} message(s)${to ? ` to ${to}` : ''}; got ${got.length}: `
          + JSON.stringify(got.map((m) => ({ to: m.to, subject: m.subject })), null, 1));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, port, host: '127.0.0.1', maildir, messages, waitForMail, stop, start };
}

async function startMailReceiver({ port } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-smtp-'));
  const maildir = path.join(dir, 'Maildir');
  port = port || await freePort();
  let child = null;
  let log = '';
  async function start() {
    if (child) return;
    child = spawn(PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; if (log.length > 20000) log = log.slice(-10000); });
    // The receiver must not keep the test process alive: it is killed when the process exits.
    child.unref();
    child.stdout.unref();
    child.stderr.unref();
    const me = child;
    child.once('exit', () => { if (child === me) child = null; });
    const deadline = Date.now() + 10000;
    while (!(await canConnect(port))) {
      if (!child) throw new Error(`aiosmtpd exited (is python3-aiosmtpd installed? scripts/setup.sh installs it):\n${log}`);
      if (Date.now() > deadline) throw new Error(`aiosmtpd did not listen on ${port} within 10 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function stop() {
    const c = child;
    if (!c) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const killer = setTimeout(() => c.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
    child = null;
    // The port must be free again before a test expects sends to fail.
    const deadline = Date.now() + 5000;
    while (await canConnect(port) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  await start();
  const receiver = receiverFor({ port, maildir, stop, start });
  receiver.remove = async () => { await stop(); fs.rmSync(dir, { recursive: true, force: true }); };
  process.once('exit', () => { if (child) child.kill('SIGKILL'); fs.rmSync(dir, { recursive: true, force: true }); });
  return receiver;
}

let shared = null;
async function sharedMailReceiver() {
  if (shared) return shared;
  const url = process.env.PT_SMTP_URL;
  const maildir = process.env.PT_SMTP_MAILDIR;
  if (url && maildir) {
    const port = Number(new URL(url).port);
    const refuse = async () => { throw new Error('the shared SMTP receiver belongs to scripts/test.sh; use startMailReceiver() to stop/start one'); };
    shared = receiverFor({ port, maildir, stop: refuse, start: refuse });
  } else {
    shared = await startMailReceiver();
  }
  return shared;
}

module.exports = { sharedMailReceiver, startMailReceiver, uniqueAddress, parseMessage };
