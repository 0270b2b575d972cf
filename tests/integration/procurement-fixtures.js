'use strict';
// Shared by procurement.test.js and bad-input-procurement.test.js: real files (a valid PDF, a
// PNG, an HTML page), multipart requests for the API and for signed-in pages, a test clock and
// a second provider registered through /register.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { api, apiToken, browserish, csrfFrom } = require('./harness');
const { registration } = require('./providers-fixtures');

/** A valid one-page PDF whose page shows `line` (ASCII). */
function pdf(line = 'Palvelutori test') {
  const stream = `BT /F1 14 Tf 60 760 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A 1x1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n');

/** FormData with text fields and files: files = [{field, name, type, bytes}]. */
function formData(fields = {}, files = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.field, new Blob([f.bytes], { type: f.type ?? '' }), f.name);
  return fd;
}

/** POST multipart to a page as a signed-in browser: csrf from `csrfPage`. */
async function postMultipart(client, baseUrl, urlPath, csrfPage, fields, files) {
  const page = await client.get(csrfPage);
  const fd = formData({ csrf_token: csrfFrom(page.text), ...fields }, files);
  const headers = { accept: 'text/html', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const res = await fetch(baseUrl + urlPath, { method: 'POST', headers, body: fd, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

/** POST a urlencoded form to a page, csrf from `csrfPage`. */
async function postForm(client, urlPath, csrfPage, fields = {}) {
  const page = await client.get(csrfPage);
  return client.postForm(urlPath, { csrf_token: csrfFrom(page.text), ...fields });
}

/** A test clock the server reads (PALVELUTORI_CLOCK_FILE); call before startServer. */
function testClock(name) {
  const file = path.join(os.tmpdir(), `pt-${name}-clock-${process.pid}`);
  const set = (date, time = '09:00:00') => fs.writeFileSync(file, `${date}T${time}Z\n`);
  set(new Date().toISOString().slice(0, 10));
  process.env.PALVELUTORI_CLOCK_FILE = file;
  return { file, set, remove: () => fs.rmSync(file, { force: true }) };
}
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

/** Registers a new provider organization with its first user; returns {client, token, email, password}. */
async function registerProvider(baseUrl) {
  const client = browserish(baseUrl);
  const form = registration();
  const page = await client.get('/register');
  const res = await client.postForm('/register', { ...form, csrf_token: csrfFrom(page.text) });
  if (res.status !== 303) throw new Error(`register: HTTP ${res.status} ${res.text.slice(0, 500)}`);
  const token = await apiToken(baseUrl, form.user_email, form.password);
  return { client, token, email: form.user_email, password: form.password, name: form.name };
}

/** A call body for POST /api/v1/calls. */
function callBody(serviceIds, over = {}) {
  const today = new Date().toISOString().slice(0, 10);
  return {
    title: 'Testihaku',
    description: 'Haku testeille.',
    period_start: today,
    period_end: addDays(today, 365),
    languages: ['fi', 'en'],
    service_description_ids: serviceIds,
    requirements: [
      { code: 'luotettava-kumppani', text_fi: 'Luotettava Kumppani -raportti', text_en: 'Reliable Partner report', attachment_required: true },
      { code: 'referenssit', text_fi: 'Referenssit', text_en: 'References', attachment_required: false },
    ],
    ...over,
  };
}

module.exports = { pdf, PNG, HTML, formData, postMultipart, postForm, testClock, addDays, registerProvider, callBody, api };
