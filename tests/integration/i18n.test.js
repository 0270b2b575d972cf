'use strict';
// Every UI text exists in both languages: i18n/fi*.json and i18n/en*.json (fi.json + fi.<part>.json per
// context, merged by the renderer) must define the same keys, each non-empty, and no key twice.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const DIR = path.resolve(__dirname, '..', '..', 'i18n');

function catalog(lang) {
  const merged = {};
  const files = fs.readdirSync(DIR).filter((f) => f === `${lang}.json` || (f.startsWith(`${lang}.`) && f.endsWith('.json')));
  assert.ok(files.includes(`${lang}.json`), `${lang}.json exists`);
  for (const f of files) {
    const part = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
    for (const [k, v] of Object.entries(part)) {
      assert.ok(!(k in merged), `${k} is defined twice (second time in ${f})`);
      merged[k] = v;
    }
  }
  return merged;
}

test('Finnish and English catalogs define the same keys', () => {
  const fi = catalog('fi');
  const en = catalog('en');
  const onlyFi = Object.keys(fi).filter((k) => !(k in en));
  const onlyEn = Object.keys(en).filter((k) => !(k in fi));
  assert.deepEqual(onlyFi, [], `missing in English: ${onlyFi.join(', ')}`);
  assert.deepEqual(onlyEn, [], `missing in Finnish: ${onlyEn.join(', ')}`);
});

test('no empty texts, and no key is both a text and a prefix of another key', () => {
  for (const lang of ['fi', 'en']) {
    const c = catalog(lang);
    for (const [k, v] of Object.entries(c)) {
      assert.equal(typeof v, 'string', `${lang}:${k} is a string`);
      assert.ok(v.trim().length > 0, `${lang}:${k} is empty`);
      assert.ok(!Object.keys(c).some((o) => o.startsWith(`${k}.`)), `${lang}:${k} is also a prefix`);
    }
  }
});

test('every {{t.…}} a template uses exists in both catalogs', () => {
  const tdir = path.resolve(__dirname, '..', '..', 'templates');
  const fi = catalog('fi');
  const en = catalog('en');
  const missing = [];
  for (const f of fs.readdirSync(tdir).filter((x) => x.endsWith('.mustache'))) {
    const src = fs.readFileSync(path.join(tdir, f), 'utf8');
    for (const m of src.matchAll(/\{\{\{?[#^/&]?\s*t\.([A-Za-z0-9_.]+)\s*\}?\}\}/g)) {
      const key = m[1];
      const known = (c) => key in c || Object.keys(c).some((k) => k.startsWith(`${key}.`));
      if (!known(fi) || !known(en)) missing.push(`${f}: t.${key}`);
    }
  }
  assert.deepEqual(missing, []);
});
