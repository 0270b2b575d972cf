'use strict';
// Service descriptions with their frame (goal, content limits, price model, languages, classification,
// municipalities), the public code lists, and `palvelutori import-classifications` from the official
// files in ../shared/standards (read in place; the import tests skip where that folder is absent).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { apiContext } = require('./context');
const { browserish, csrfFrom, login, DEMO, REPO } = require('./harness');

const STANDARDS = path.resolve(REPO, '..', 'shared', 'standards');
const PTV = path.join(STANDARDS, 'ptv-classifications');
const MUNICIPALITIES = path.join(STANDARDS, 'fi-municipalities', 'kunnat_2025_fi_sv_en.csv');
const haveStandards = fs.existsSync(path.join(PTV, 'ServiceClasses.json')) && fs.existsSync(MUNICIPALITIES);
const noStandards = haveStandards ? false : `no ${STANDARDS}: the official files are not next to the repository`;

const bin = () => { const b = process.env.PT_BIN || 'out/palvelutori'; return path.isAbsolute(b) ? b : path.join(REPO, b); };
/** Runs the binary; returns {status, stdout, stderr} without throwing. */
function run(args) {
  const r = spawnSync(bin(), args, { cwd: REPO, encoding: 'utf8', timeout: 120000 });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}
function freshDatabase() {
  const unique = `pt_svc_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if ((process.env.PT_DB || 'sqlite') === 'sqlite') {
    const file = path.join(os.tmpdir(), `${unique}.db`);
    return { url: `sqlite:${file}`, cleanup: () => { for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true }); } };
  }
  const out = execFileSync(path.join(REPO, 'scripts', 'pg-test-server.sh'), ['createdb', process.env.PT_PG_DIR, unique], { encoding: 'utf8' }).trim().split('\n');
  return { url: out[out.length - 1].trim(), cleanup: () => {} };
}
const importArgs = (dbUrl, ptv = PTV, municipalities = MUNICIPALITIES) =>
  ['import-classifications', '--database', dbUrl, '--ptv', ptv, '--municipalities', municipalities];

let c;
before(async () => { c = await apiContext(); });
after(async () => { if (c) await c.server.stop(); });

function problem(res, status) {
  assert.equal(res.status, status, res.text.slice(0, 500));
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  return res.json;
}
const byCode = async () => Object.fromEntries((await c.all(null, '/api/v1/service-descriptions')).map((x) => [x.code, x]));
const codes = (terms) => terms.map((t) => t.code).sort();
const terms = async (scheme) => (await c.call(null, 'GET', `/api/v1/classifications/${scheme}`)).json;

test('demo service descriptions carry their frame and classification with labels in three languages', async () => {
  const sd = await byCode();
  for (const x of Object.values(sd)) {
    assert.deepEqual(x.languages, ['fi', 'sv', 'en']);
    assert.equal(x.price_model.kind, 'fixed');
    assert.deepEqual(x.price_model.values, [250000, 500000]);
    assert.ok(x.goal.length > 20 && x.content_limits.length > 20, x.code);
    assert.ok(x.name_sv.length > 3, x.code);
    assert.ok(codes(x.classification.target_group).includes('KR2'), x.code);
    assert.deepEqual(codes(x.classification.municipality), ['179', '182', '410', '500']);
    for (const t of Object.values(x.classification).flat()) {
      assert.ok(t.labels.fi && t.labels.sv && t.labels.en, `${x.code} ${t.code} has three labels`);
    }
  }
  assert.deepEqual(codes(sd['sales-marketing'].classification.service_class), ['P11']);
  assert.deepEqual(codes(sd['job-search-coaching'].classification.service_class), ['P10.1']);
  assert.deepEqual(codes(sd['job-search-coaching'].classification.life_event), ['KE8']);
  assert.deepEqual(codes(sd['work-life-finnish'].classification.service_class), ['P6']);
  const bonusHolders = Object.values(sd).filter((x) => x.price_model.bonuses.length > 0);
  assert.deepEqual(bonusHolders.map((x) => x.code), ['job-search-coaching']);
  assert.equal(bonusHolders[0].price_model.bonuses[0].code, 'employed_6m');
  assert.equal(bonusHolders[0].price_model.bonuses[0].amount, 50000);
  const laukaa = sd['sales-marketing'].classification.municipality.find((t) => t.code === '410');
  assert.deepEqual(laukaa.labels, { fi: 'Laukaa', sv: 'Laukas', en: 'Laukaa' });
  const p101 = sd['job-search-coaching'].classification.service_class[0];
  assert.deepEqual(p101, { code: 'P10.1', parent_code: 'P10', labels: { fi: 'Työnhaku ja työpaikat', sv: 'Jobbsökning och arbetsplatser', en: 'Jobseeking and jobs' } });
});

test('code lists are public, ordered by code, and unknown schemes are 404', async () => {
  const tg = await terms('target_group');
  assert.equal(tg.scheme, 'target_group');
  assert.equal(tg.total, tg.items.length);
  const kr2 = tg.items.find((t) => t.code === 'KR2');
  assert.deepEqual(kr2.labels, { fi: 'Yritykset ja yhteisöt', sv: 'Företag och samfund', en: 'Businesses and non-government organizations' });
  const list = tg.items.map((t) => t.code);
  assert.deepEqual(list, [...list].sort());
  for (const bad of ['unknown', 'SERVICE_CLASS', 'service_class%20', 'service_class.json', encodeURIComponent("' OR 1=1 --")]) {
    problem(await c.call(null, 'GET', `/api/v1/classifications/${bad}`), 404);
  }
  for (const bad of ['%FF', 'service_class%00']) problem(await c.call(null, 'GET', `/api/v1/classifications/${bad}`), 400);  // refused before routing
});

test('import-classifications loads the official files into the running database; a second run writes nothing', { skip: noStandards }, async () => {
  let seeded = 0;
  for (const s of ['service_class', 'target_group', 'life_event', 'municipality']) seeded += (await terms(s)).total;
  assert.ok(seeded >= 14, `the demo seeds the terms it uses (${seeded})`);
  const r = run(importArgs(c.server.dbUrl));
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /service_class: 229 terms from 230 records in ServiceClasses\.json/);
  assert.match(r.stdout, /skipped record \d+ \(P7\.12\): no Id \(placeholder record\)/);
  assert.match(r.stdout, /target_group: 17 terms from 17 records/);
  assert.match(r.stdout, /life_event: 19 terms from 19 records/);
  assert.match(r.stdout, /municipality: 308 terms from 308 records/);
  // The demo seeded its terms with the official labels already: those are not rewritten.
  assert.match(r.stdout, new RegExp(`total: 573 terms, ${573 - seeded} written`));
  const again = run(importArgs(c.server.dbUrl));
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /total: 573 terms, 0 written/);

  const sc = await terms('service_class');
  assert.equal(sc.total, 229);
  const p712 = sc.items.find((t) => t.code === 'P7.12');
  assert.deepEqual(p712, { code: 'P7.12', parent_code: 'P7', labels: { fi: 'Immateriaalioikeudet', sv: 'Immateriella rättigheter', en: 'Intellectual property rights' } });
  assert.equal(sc.items.find((t) => t.code === 'P7.13').parent_code, 'P7');
  assert.equal(sc.items.filter((t) => t.parent_code === '').length, 28);
  assert.equal((await terms('target_group')).total, 17);
  assert.equal((await terms('life_event')).total, 19);
  const m = await terms('municipality');
  assert.equal(m.total, 308);
  assert.deepEqual(m.items.find((t) => t.code === '091').labels, { fi: 'Helsinki', sv: 'Helsingfors', en: 'Helsinki' });
  assert.deepEqual(m.items.find((t) => t.code === '478').labels.sv, 'Mariehamn');
});

test('import-classifications into a fresh database (migrates first)', { skip: noStandards }, async () => {
  const db = freshDatabase();
  try {
    const r = run(importArgs(db.url));
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /total: 573 terms, 573 written/);
    const again = run(importArgs(db.url));
    assert.match(again.stdout, /total: 573 terms, 0 written/, 'the first run committed every term');
  } finally {
    db.cleanup();
  }
});

test('import-classifications refuses missing and invalid files with exit 2 and writes nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-ptv-'));
  const db = freshDatabase();
  try {
    const rec = (code, fi, broader = null) => ({ Id: `http://uri.suomi.fi/x/code/${code}`, Notation: code, BroaderUris: broader, Label: { Fi: fi, Sv: `${fi} sv`, En: `${fi} en` } });
    const write = (f, v) => fs.writeFileSync(path.join(dir, f), typeof v === 'string' ? v : `\uFEFF${JSON.stringify(v)}`);
    write('ServiceClasses.json', [rec('P1', 'Asuminen'), rec('P1.1', 'Asunnot', ['http://uri.suomi.fi/x/code/P1'])]);
    write('TargetGroups.json', [rec('KR1', 'Kansalaiset')]);
    write('LifeEvents.json', [rec('KE1', 'Lapsen saaminen')]);
    const csv = path.join(dir, 'kunnat.csv');
    fs.writeFileSync(csv, 'code,name_fi,name_sv,name_en\n091,Helsinki,Helsingfors,Helsinki\n');

    const usage = run(['import-classifications', '--database', db.url]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--ptv DIR and --municipalities FILE are both required/);
    const missingDir = run(importArgs(db.url, path.join(dir, 'nope'), csv));
    assert.equal(missingDir.status, 2);
    assert.match(missingDir.stderr, /is not a directory/);
    const missingCsv = run(importArgs(db.url, dir, path.join(dir, 'missing.csv')));
    assert.equal(missingCsv.status, 2);
    assert.match(missingCsv.stderr, /file not found: .*missing\.csv/);

    // A broken last file: nothing of the good ones before it is written either.
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'code;name\n091;Helsinki\n');
    const badCsv = run(importArgs(db.url, dir, path.join(dir, 'bad.csv')));
    assert.equal(badCsv.status, 2);
    assert.match(badCsv.stderr, /bad\.csv is not a valid municipality file: line 1: expected the header/);
    write('LifeEvents.json', '[{"Id": "x", "Notation": "KR9"');
    const badJson = run(importArgs(db.url, dir, csv));
    assert.equal(badJson.status, 2);
    assert.match(badJson.stderr, /LifeEvents\.json is not a valid life_event file: not valid JSON/);
    write('LifeEvents.json', [rec('KR1', 'Väärä tiedosto')]);
    const wrongList = run(importArgs(db.url, dir, csv));
    assert.equal(wrongList.status, 2);
    assert.match(wrongList.stderr, /code does not look like KE4\.1/);
    write('LifeEvents.json', [rec('KE1', 'Lapsen saaminen')]);

    const ok = run(importArgs(db.url, dir, csv));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /total: 5 terms, 5 written/, 'the refused runs wrote nothing');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    db.cleanup();
  }
});

const frameBody = (code) => ({
  code,
  name_fi: 'Hyvinvoinnilla työelämään',
  name_sv: 'Med välmående till arbetslivet',
  name_en: 'Well-being for working life',
  description_fi: 'Valmennus työkyvyn ja hyvinvoinnin tueksi.',
  description_sv: 'Coachning för arbetsförmåga.',
  description_en: 'Coaching for work ability and well-being.',
  goal: 'Asiakkaan työkyky ja arjen hallinta vahvistuvat.',
  content_limits: 'Ei sisällä terveydenhuollon palveluja.',
  languages: ['en', 'fi'],
  price_model: { kind: 'fixed', values: [250000], bonuses: [{ code: 'studies_started', amount: 30000, evidence: 'Opiskelupaikan vastaanottoilmoitus' }] },
  classification: { service_class: ['P10.1'], target_group: ['KR2', 'KR2.6'], life_event: ['KE8'], municipality: ['179', '410'] },
});

test('API: organizer creates a service description with its frame; it reads back the same', async () => {
  const before = (await c.call(null, 'GET', '/api/v1/service-descriptions')).json.total;
  const r = await c.call('admin', 'POST', '/api/v1/service-descriptions', frameBody('wellbeing-work'));
  assert.equal(r.status, 201, r.text);
  const x = r.json;
  assert.equal(x.name_sv, 'Med välmående till arbetslivet');
  assert.deepEqual(x.languages, ['fi', 'en'], 'canonical order');
  assert.deepEqual(x.price_model, { kind: 'fixed', values: [250000], bonuses: [{ code: 'studies_started', amount: 30000, evidence: 'Opiskelupaikan vastaanottoilmoitus' }] });
  assert.deepEqual(codes(x.classification.target_group), ['KR2', 'KR2.6']);
  assert.equal(x.classification.target_group.find((t) => t.code === 'KR2.6').labels.sv, 'Arbetsgivare');
  assert.equal(x.classification.municipality.find((t) => t.code === '179').labels.fi, 'Jyväskylä');
  assert.equal(x.updated_at, x.created_at);
  assert.deepEqual((await c.call(null, 'GET', `/api/v1/service-descriptions/${x.id}`)).json, x);
  assert.equal((await c.call(null, 'GET', '/api/v1/service-descriptions')).json.total, before + 1);

  // Unknown terms are refused by name, and nothing is created.
  const bad = problem(await c.call('admin', 'POST', '/api/v1/service-descriptions', {
    ...frameBody('unknown-terms'), classification: { service_class: ['P10.1', 'P99.9'], municipality: ['999'] },
  }), 422);
  assert.match(bad.errors['classification.service_class'], /P99\.9/);
  assert.doesNotMatch(bad.errors['classification.service_class'], /P10\.1/);
  assert.match(bad.errors['classification.municipality'], /999/);
  assert.equal((await c.call(null, 'GET', '/api/v1/service-descriptions')).json.total, before + 1);
  // A price model against its own rules.
  const rule = problem(await c.call('admin', 'POST', '/api/v1/service-descriptions', {
    ...frameBody('bad-model'), price_model: { kind: 'hourly', rate: 9000, cap: 100 },
  }), 422);
  assert.ok(rule.errors.price_model);
  problem(await c.call('provider', 'POST', '/api/v1/service-descriptions', frameBody('by-provider')), 403);
});

test('API: PUT edits the frame; fields left out keep their value; the code stays; roles', async () => {
  const x = (await byCode())['wellbeing-work'];
  const r = await c.call('admin', 'PUT', `/api/v1/service-descriptions/${x.id}`, {
    goal: 'Uusi tavoite',
    languages: ['sv'],
    price_model: { kind: 'hourly', rate: 9000, cap: 500000, bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] },
    classification: { life_event: [], municipality: ['500'] },
  });
  assert.equal(r.status, 200, r.text);
  const y = r.json;
  assert.equal(y.goal, 'Uusi tavoite');
  assert.equal(y.content_limits, x.content_limits, 'left out: kept');
  assert.equal(y.name_fi, x.name_fi);
  assert.deepEqual(y.languages, ['sv']);
  assert.deepEqual(y.price_model, { kind: 'hourly', rate: 9000, cap: 500000, bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] });
  assert.deepEqual(codes(y.classification.life_event), []);
  assert.deepEqual(codes(y.classification.municipality), ['500']);
  assert.deepEqual(codes(y.classification.target_group), ['KR2', 'KR2.6'], 'scheme left out: kept');
  assert.ok(y.updated_at >= x.updated_at);
  // The anonymous (cached) answer sees the change at once.
  assert.equal((await c.call(null, 'GET', `/api/v1/service-descriptions/${x.id}`)).json.goal, 'Uusi tavoite');

  const same = await c.call('admin', 'PUT', `/api/v1/service-descriptions/${x.id}`, { code: 'wellbeing-work', name_en: 'Well-being at work' });
  assert.equal(same.status, 200, same.text);
  const renamed = problem(await c.call('admin', 'PUT', `/api/v1/service-descriptions/${x.id}`, { code: 'other-code' }), 422);
  assert.ok(renamed.errors.code);
  const unknown = problem(await c.call('admin', 'PUT', `/api/v1/service-descriptions/${x.id}`, { goal: 'Ei tallennu', classification: { target_group: ['KR9'] } }), 422);
  assert.match(unknown.errors['classification.target_group'], /KR9/);
  assert.equal((await c.call(null, 'GET', `/api/v1/service-descriptions/${x.id}`)).json.goal, 'Uusi tavoite', 'a refused edit changes nothing');

  problem(await c.call('admin', 'PUT', '/api/v1/service-descriptions/999999', { goal: 'x' }), 404);
  problem(await c.call('provider', 'PUT', `/api/v1/service-descriptions/${x.id}`, { goal: 'x' }), 403);
  problem(await c.call('customer', 'PUT', `/api/v1/service-descriptions/${x.id}`, { goal: 'x' }), 403);
  problem(await c.call(null, 'PUT', `/api/v1/service-descriptions/${x.id}`, { goal: 'x' }), 401);
  const form = await c.call('admin', 'PUT', `/api/v1/service-descriptions/${x.id}`, undefined, { raw: 'goal=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  problem(form, 415);
});

const withCsrf = (page, pairs) => [...pairs, ['csrf_token', csrfFrom(page.text)]];
test('API: a price model that published cards no longer fit is refused, and nothing changes', async () => {
  const card = (await c.all(null, '/api/v1/product-cards')).find((x) => x.price_cents === 250000);
  assert.ok(card, 'a published 2 500 € card');
  const id = card.service_description.id;
  const before = (await c.call('admin', 'GET', `/api/v1/service-descriptions/${id}`)).json;
  const refused = problem(await c.call('admin', 'PUT', `/api/v1/service-descriptions/${id}`,
    { price_model: { kind: 'fixed', values: [300000], bonuses: [] } }), 422);
  assert.ok(refused.errors.price_model, JSON.stringify(refused));
  const unchanged = (await c.call('admin', 'GET', `/api/v1/service-descriptions/${id}`)).json;
  assert.deepEqual(unchanged.price_model, before.price_model);
  assert.equal(unchanged.updated_at, before.updated_at);
  // Adding a value keeps every published card valid: accepted.
  const widened = await c.call('admin', 'PUT', `/api/v1/service-descriptions/${id}`,
    { price_model: { ...before.price_model, values: [...before.price_model.values, 300000] } });
  assert.equal(widened.status, 200, widened.text);
  assert.deepEqual(widened.json.price_model.values, [...before.price_model.values, 300000]);
  const restored = await c.call('admin', 'PUT', `/api/v1/service-descriptions/${id}`, { price_model: before.price_model });
  assert.equal(restored.status, 200, restored.text);
});

const fieldError = (html, name) => new RegExp(`data-field-error="${name.replace('.', '\\.')}"`).test(html);

test('HTML: organizer creates and edits a frame; unknown terms and bad amounts come back beside the field', async () => {
  const b = browserish(c.baseUrl);
  await login(b, DEMO.admin.email, DEMO.admin.password);
  const list = await b.get('/admin/service-descriptions');
  assert.equal(list.status, 200);
  for (const name of ['goal', 'content_limits', 'name_sv', 'price_value', 'hourly_rate', 'hourly_cap', 'bonus_code', 'languages', 'service_class', 'target_group', 'life_event', 'municipality']) {
    assert.match(list.text, new RegExp(`name="${name}"`), `the form has ${name}`);
  }
  assert.match(list.text, /<option value="KR2"[^>]*>KR2 Yritykset ja yhteisöt<\/option>/);
  const pairs = [
    ['frame', '1'], ['code', 'html-frame'], ['name_fi', 'Lomakkeen palvelu'], ['name_sv', 'Formulärtjänst'], ['name_en', 'Form service'],
    ['description_fi', 'Kuvaus'], ['description_sv', ''], ['description_en', 'Description'],
    ['goal', 'Lomakkeen tavoite'], ['content_limits', 'Lomakkeen rajaus'], ['languages', 'fi'], ['languages', 'en'],
    ['price_kind', 'fixed'], ['price_value', '2 500'], ['price_value', '5000,00 €'], ['price_value', ''],
    ['bonus_code', 'employed_6m'], ['bonus_amount', '500'], ['bonus_evidence', 'Työsopimus'], ['bonus_code', ''], ['bonus_amount', ''], ['bonus_evidence', ''],
    ['service_class', 'P11'], ['target_group', 'KR2'], ['target_group', 'KR2.3'], ['municipality', '179'],
  ];
  const created = await b.postForm('/admin/service-descriptions', withCsrf(list, pairs));
  assert.equal(created.status, 303, created.text.slice(0, 600));
  const x = (await byCode())['html-frame'];
  assert.ok(x, 'created');
  assert.equal(x.goal, 'Lomakkeen tavoite');
  assert.deepEqual(x.languages, ['fi', 'en']);
  assert.deepEqual(x.price_model, { kind: 'fixed', values: [250000, 500000], bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] });
  assert.deepEqual(codes(x.classification.target_group), ['KR2', 'KR2.3']);
  assert.deepEqual(codes(x.classification.life_event), []);

  const edit = await b.get(`/admin/service-descriptions/${x.id}`);
  assert.equal(edit.status, 200);
  assert.match(edit.text, /Lomakkeen tavoite/);
  assert.match(edit.text, /<option value="KR2\.3" selected>/);
  assert.match(edit.text, /name="price_value" value="2500"/);
  const editPairs = pairs.filter(([k]) => k !== 'code' && k !== 'price_kind' && k !== 'price_value' && k !== 'goal')
    .concat([['goal', 'Muokattu tavoite'], ['price_kind', 'hourly'], ['hourly_rate', '90'], ['hourly_cap', '5 000'], ['life_event', 'KE8']]);
  const saved = await b.postForm(`/admin/service-descriptions/${x.id}`, withCsrf(edit, editPairs));
  assert.equal(saved.status, 303, saved.text.slice(0, 600));
  assert.equal(saved.location, `/admin/service-descriptions/${x.id}?saved=1`);
  assert.match((await b.get(saved.location)).text, /Muutokset tallennettiin/);
  const y = (await c.call(null, 'GET', `/api/v1/service-descriptions/${x.id}`)).json;
  assert.equal(y.goal, 'Muokattu tavoite');
  assert.deepEqual(y.price_model, { kind: 'hourly', rate: 9000, cap: 500000, bonuses: [{ code: 'employed_6m', amount: 50000, evidence: 'Työsopimus' }] });
  assert.deepEqual(codes(y.classification.life_event), ['KE8']);
  assert.equal(y.code, 'html-frame');

  const page = await b.get(`/admin/service-descriptions/${x.id}`);
  const bad = await b.postForm(`/admin/service-descriptions/${x.id}`, withCsrf(page, editPairs
    .filter(([k]) => k !== 'municipality' && k !== 'hourly_cap' && k !== 'goal')
    .concat([['municipality', '999'], ['hourly_cap', 'paljon'], ['goal', 'Säilyvä teksti 42']])));
  assert.equal(bad.status, 422);
  assert.ok(fieldError(bad.text, 'hourly_cap'), 'hourly_cap error');
  assert.match(bad.text, /role="alert"/);
  assert.match(bad.text, /Säilyvä teksti 42/, 'what was typed is kept');
  const bad2 = await b.postForm(`/admin/service-descriptions/${x.id}`, withCsrf(page, editPairs.filter(([k]) => k !== 'municipality').concat([['municipality', '999']])));
  assert.equal(bad2.status, 422);
  assert.ok(fieldError(bad2.text, 'municipality'), 'unknown municipality beside the select');
  assert.match(bad2.text, /999/);
  assert.equal((await c.call(null, 'GET', `/api/v1/service-descriptions/${x.id}`)).json.goal, 'Muokattu tavoite', 'refused edits change nothing');

  const cust = browserish(c.baseUrl);
  await login(cust, DEMO.customer.email, DEMO.customer.password);
  assert.equal((await cust.get(`/admin/service-descriptions/${x.id}`)).status, 403);
  const anon = browserish(c.baseUrl);
  assert.equal((await anon.get(`/admin/service-descriptions/${x.id}`)).status, 303, 'anonymous is sent to log in');
  assert.equal((await b.get('/admin/service-descriptions/999999')).status, 404);
  assert.equal((await b.get('/admin/service-descriptions/abc')).status, 404);
});
