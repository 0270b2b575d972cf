'use strict';
// The open HSDS 3.0 API (/hsds): every answer is checked against the Open Referral schemas,
// loaded in place from ../shared/standards/hsds-3.0 (never copied into this repository), both
// as published and with additionalProperties:false forced everywhere, as upstream CI checks
// its examples. Runs on SQLite and PostgreSQL (PT_DB).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { startServer, api } = require('./harness');

const REPO = path.resolve(__dirname, '..', '..');
const HSDS = path.resolve(REPO, '..', 'shared', 'standards', 'hsds-3.0');
const SCHEMA_DIR = path.join(HSDS, 'schema');
const BASE = 'https://hsds.test/schema/';

let server;

// ---- SQL straight into the server's database (the test arranges data the demo lacks) ----

function sql(statement) {
  const url = server.dbUrl;
  const out = url.startsWith('sqlite:')
    ? execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '|', '-cmd', '.timeout 20000', url.slice('sqlite:'.length), statement], { encoding: 'utf8' })
    : execFileSync('psql', [url, '-X', '-q', '-At', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

const isoDate = (d) => d.toISOString().slice(0, 10);
const today = () => isoDate(new Date());
const yesterday = () => isoDate(new Date(Date.now() - 86400000));

// ---- the id scheme, recomputed independently of the server (see src/hsds/domain/ids.hpp) ----

const KIND = { service: 1, organization: 2, taxonomy: 3, taxonomy_term: 4 };
function uuidFor(kind, key) {
  const h = crypto.createHash('sha256').update(`palvelutori:hsds:${kind}:${key}`).digest();
  const b = Buffer.alloc(16);
  h.copy(b, 0, 0, 6);
  b[6] = 0x80 | (KIND[kind] >> 8);
  b[7] = KIND[kind] & 0xff;
  let payload = typeof key === 'number' ? BigInt(key) : h.readBigUInt64BE(6);
  payload = (payload & ((1n << 62n) - 1n)) | (2n << 62n);
  b.writeBigUInt64BE(payload, 8);
  const x = b.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// ---- validators over the shared schemas ----

function forceClosed(node) {
  if (Array.isArray(node)) return node.map(forceClosed);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) out[k] = forceClosed(v);
    if (out.properties && typeof out.properties === 'object' && out.type === 'object') out.additionalProperties = false;
    return out;
  }
  return node;
}

function makeAjv(closed) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const files = [
    ...fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json') && f !== 'openapi.json'),
    ...fs.readdirSync(path.join(SCHEMA_DIR, 'compiled')).filter((f) => f.endsWith('.json')).map((f) => `compiled/${f}`),
  ];
  for (const f of files) {
    let schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
    if (closed) schema = forceClosed(schema);
    ajv.addSchema({ ...schema, $id: BASE + f });
  }
  const openapi = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'openapi.json'), 'utf8'));
  // The page envelope as the HSDS OpenAPI defines it; every field must be present.
  const page = openapi.components.schemas.Page;
  const pageFields = Object.keys(page.properties);
  const pageOf = (item) => ajv.compile({
    allOf: [page],
    required: [...pageFields, 'contents'],
    properties: { contents: { type: 'array', items: { $ref: BASE + item } } },
  });
  const about = openapi.paths['/'].get.responses['200'].content['application/json'].schema;
  return {
    ajv,
    one: (file) => ajv.getSchema(BASE + file),
    pageOf,
    about: ajv.compile(about),
  };
}

let loose;
let closed;
function check(validate, doc, what) {
  if (!validate(doc)) {
    throw new assert.AssertionError({ message: `${what} does not validate: ${JSON.stringify(validate.errors, null, 1).slice(0, 3000)}` });
  }
}
// A document must validate both as published and with no unknown properties anywhere.
function conforms(kind, doc, what) {
  for (const v of [loose, closed]) check(v.one(kind), doc, what);
}
function pageConforms(item, doc, what) {
  for (const v of [loose, closed]) check(v.pageOf(item), doc, what);
}

async function get(p) {
  const r = await api(server.baseUrl, 'GET', p);
  assert.equal(r.status, 200, `${p}: ${r.text.slice(0, 500)}`);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  return r.json;
}

// Walks every page; checks each envelope and that the totals agree with what came.
// nested: a field the OpenAPI nests into items beyond the item schema (organizations' services),
// checked separately against its own schema and left out of the item's check.
async function allPages(p, item, perPage, nested) {
  const sep = p.includes('?') ? '&' : '?';
  const conformsPage = (doc, what) => {
    if (!nested) return pageConforms(item, doc, what);
    const copy = structuredClone(doc);
    for (const x of copy.contents) {
      assert.ok(Array.isArray(x[nested.field]), `${what}: items hold ${nested.field}`);
      for (const n of x[nested.field]) conforms(nested.schema, n, `${what} ${nested.field}`);
      delete x[nested.field];
    }
    return pageConforms(item, copy, what);
  };
  const first = await get(`${p}${sep}per_page=${perPage}`);
  conformsPage(first, p);
  const items = [...first.contents];
  assert.equal(first.page_number, 1);
  assert.equal(first.first_page, true);
  assert.equal(first.total_pages, Math.ceil(first.total_items / perPage));
  for (let n = 2; n <= first.total_pages; n++) {
    const page = await get(`${p}${sep}per_page=${perPage}&page=${n}`);
    conformsPage(page, `${p} page ${n}`);
    assert.equal(page.page_number, n);
    assert.equal(page.first_page, false);
    assert.equal(page.last_page, n === first.total_pages);
    assert.equal(page.total_items, first.total_items);
    assert.equal(page.size, page.contents.length);
    assert.ok(page.size === perPage || n === first.total_pages);
    items.push(...page.contents);
  }
  assert.equal(items.length, first.total_items, `${p}: pages hold ${items.length} of ${first.total_items}`);
  assert.equal(new Set(items.map((i) => i.id)).size, items.length, `${p}: an id repeats across pages`);
  return items;
}

const TERMS = [
  // scheme, code, parent, fi, sv, en (official PTV / Statistics Finland labels)
  ['service_class', 'P11', '', 'Elinkeinot', 'Näringar', 'Industries'],
  ['service_class', 'P10', '', 'Työ ja työttömyys', 'Arbete och arbetslöshet', 'Work and unemployment'],
  ['service_class', 'P10.1', 'P10', 'Työnhaku ja työpaikat', 'Jobbsökning och arbetsplatser', 'Jobseeking and jobs'],
  ['service_class', 'P6', '', 'Koulutus', 'Utbildning', 'Education and training'],
  ['target_group', 'KR2', '', 'Yritykset ja yhteisöt', 'Företag och samfund', 'Businesses and non-government organizations'],
  ['municipality', '179', '', 'Jyväskylä', 'Jyväskylä', 'Jyväskylä'],
  ['municipality', '410', '', 'Laukaa', 'Laukas', 'Laukaa'],
  ['municipality', '500', '', 'Muurame', 'Muurame', 'Muurame'],
];

let cards;  // published, in-period cards: [{id, provider, price, areas}]

before(async () => {
  loose = makeAjv(false);
  closed = makeAjv(true);
  server = await startServer({});
  // The demo seed may already hold these terms (seeded by the services part); keep its rows.
  for (const [scheme, code, parent, fi, sv, en] of TERMS) {
    sql(`INSERT INTO classification_terms (scheme, code, parent_code, label_fi, label_sv, label_en) VALUES ('${scheme}', '${code}', '${parent}', '${fi}', '${sv}', '${en}') ON CONFLICT (scheme, code) DO NOTHING`);
  }
  sql("INSERT INTO service_description_terms (service_description_id, scheme, code) SELECT id, 'target_group', 'KR2' FROM service_descriptions WHERE 1 = 1 ON CONFLICT DO NOTHING");
  cards = sql(`SELECT pc.id, pc.provider_id, pc.price_cents, (SELECT COUNT(*) FROM product_card_areas a WHERE a.product_card_id = pc.id) FROM product_cards pc WHERE pc.status = 'published' AND pc.period_end >= '${today()}' ORDER BY pc.id`)
    .map(([id, provider, price, areas]) => ({ id: Number(id), provider: Number(provider), price: Number(price), areas: Number(areas) }));
  assert.ok(cards.length >= 10, 'the demo market has published cards');
});
after(async () => { if (server) await server.stop(); });

test('the validator is real: broken documents fail', () => {
  const good = { id: uuidFor('service', 1), name: 'x', status: 'active' };
  conforms('service.json', good, 'a minimal service');
  const broken = [
    { ...good, id: '42' },                     // not a uuid
    { id: good.id, status: 'active' },         // no name
    { ...good, status: 'open' },               // not in the enum
    { ...good, cost_options: [{ id: good.id, amount: '2500' }] },  // amount is a number
    { ...good, url: '/catalog/1' },            // uri must be absolute
  ];
  for (const doc of broken) assert.equal(loose.one('service.json')(doc), false, JSON.stringify(doc));
  assert.equal(closed.one('service.json')({ ...good, colour: 'red' }), false, 'closed schemas refuse unknown fields');
  assert.equal(loose.pageOf('taxonomy.json')({ total_items: '3', contents: [] }), false, 'envelope fields are checked');
});

test('GET /hsds answers the HSDS "about" document', async () => {
  for (const p of ['/hsds', '/hsds/']) {
    const about = await get(p);
    check(loose.about, about, p);
    assert.equal(about.version, '3.0.0');
    assert.match(about.openapi_url, /^https:\/\//);
  }
});

test('services: every page and every service validates; totals agree with the published cards', async () => {
  const list = await allPages('/hsds/services', 'compiled/service_list.json', 7);
  assert.equal(list.length, cards.length);
  assert.deepEqual(list.map((s) => s.id), cards.map((c) => uuidFor('service', c.id)), 'ids follow the documented scheme, in card order');
  for (const s of list) {
    assert.equal(s.status, 'active');
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/catalog\/\d+$/);
    const full = await get(`/hsds/services/${s.id}`);
    conforms('service.json', full, `service ${s.id}`);
    check(loose.one('compiled/service_with_definitions.json'), full, `service ${s.id} (compiled)`);
    assert.equal(full.name, s.name);
    assert.equal(full.organization.id, s.organization_id);
    assert.equal(full.cost_options.length, 1);
  }
  const fullPages = await allPages('/hsds/services?full=true', 'service.json', 9);
  assert.equal(fullPages.length, cards.length);
});

test('a service with several areas, a cost option, languages and classified attributes', async () => {
  const card = cards.find((c) => c.areas >= 3);
  assert.ok(card, 'a demo card serves three municipalities');
  const s = await get(`/hsds/services/${uuidFor('service', card.id)}`);
  conforms('service.json', s, 'the three-area service');
  assert.deepEqual(s.service_areas.map((a) => a.name).sort(), ['Jyväskylä', 'Laukaa', 'Muurame']);
  assert.ok(s.service_areas.every((a) => a.service_id === s.id));
  assert.equal(s.cost_options.length, 1);
  assert.equal(s.cost_options[0].currency, 'EUR');
  assert.equal(s.cost_options[0].amount, card.price / 100);
  assert.equal(s.cost_options[0].option, 'Palveluseteli');
  const langs = sql(`SELECT language FROM product_card_languages WHERE product_card_id = ${card.id} ORDER BY language`).map((r) => r[0]);
  assert.deepEqual(s.languages.map((l) => l.code), langs);
  assert.equal(s.organization_id, uuidFor('organization', card.provider));
  const [[businessId]] = sql(`SELECT business_id FROM providers WHERE id = ${card.provider}`);
  assert.equal(s.organization.organization_identifiers[0].identifier, businessId);
  const [[serviceClass]] = sql(`SELECT service_class FROM product_cards WHERE id = ${card.id}`);
  const attrTerms = s.attributes.map((a) => a.taxonomy_term.code);
  assert.ok(attrTerms.includes(serviceClass), `attributes ${attrTerms} hold the card's class ${serviceClass}`);
  assert.ok(attrTerms.includes('KR2'), 'and the service description target group');
  for (const a of s.attributes) {
    assert.equal(a.link_entity, 'service');
    assert.equal(a.link_id, s.id);
    assert.equal(a.taxonomy_term_id, a.taxonomy_term.id);
    // Every attribute's term resolves in /hsds/taxonomy_terms.
    conforms('taxonomy_term.json', await get(`/hsds/taxonomy_terms/${a.taxonomy_term_id}`), 'attribute term');
  }
});

test('organizations: pages and single organizations validate; identifiers carry the Y-tunnus', async () => {
  const providers = new Set(cards.map((c) => c.provider));
  const list = await allPages('/hsds/organizations', 'compiled/organization_list.json', 3);
  assert.equal(list.length, providers.size);
  assert.deepEqual(new Set(list.map((o) => o.id)), new Set([...providers].map((p) => uuidFor('organization', p))));
  // The OpenAPI nests a services array into organizations; organization.json has no such field.
  const full = await allPages('/hsds/organizations?full=true', 'organization.json', 4,
    { field: 'services', schema: 'compiled/service_list.json' });
  assert.equal(full.reduce((n, o) => n + o.services.length, 0), cards.length);
  await allPages('/hsds/organizations?full=true&full_service=true', 'organization.json', 4,
    { field: 'services', schema: 'service.json' });
  for (const o of list) {
    const one = await get(`/hsds/organizations/${o.id}`);
    const services = one.services;
    delete one.services;
    conforms('organization.json', one, `organization ${o.id}`);
    assert.equal(one.organization_identifiers.length, 1);
    assert.match(one.organization_identifiers[0].identifier, /^\d{7}-\d$/);
    assert.equal(one.organization_identifiers[0].organization_id, one.id);
    const providerId = [...providers].find((p) => uuidFor('organization', p) === o.id);
    assert.equal(services.length, cards.filter((c) => c.provider === providerId).length);
    for (const s of services) {
      conforms('compiled/service_list.json', s, 'organization service');
      assert.equal(s.organization_id, one.id);
    }
  }
  const withFull = await get(`/hsds/organizations/${list[0].id}?full_service=true`);
  for (const s of withFull.services) conforms('service.json', s, 'full nested service');
});

test('taxonomies and taxonomy terms validate; filters by taxonomy and parent work', async () => {
  const taxonomies = await allPages('/hsds/taxonomies', 'taxonomy.json', 2);
  assert.deepEqual(taxonomies.map((t) => t.uri).sort(), [
    'http://uri.suomi.fi/codelist/ptv/ptvelti',
    'http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat',
    'http://uri.suomi.fi/codelist/ptv/ptvserclass2',
  ]);
  for (const t of taxonomies) conforms('taxonomy.json', await get(`/hsds/taxonomies/${t.id}`), 'taxonomy');

  const terms = await allPages('/hsds/taxonomy_terms', 'taxonomy_term.json', 5);
  const [[count]] = sql("SELECT COUNT(*) FROM classification_terms WHERE scheme IN ('service_class', 'target_group', 'life_event')");
  assert.equal(terms.length, Number(count));
  assert.ok(terms.every((t) => taxonomies.some((x) => x.id === t.taxonomy_id)));
  const p101 = terms.find((t) => t.code === 'P10.1');
  assert.equal(p101.id, uuidFor('taxonomy_term', 'service_class:P10.1'));
  assert.equal(p101.name, 'Työnhaku ja työpaikat');
  assert.equal(p101.parent_id, uuidFor('taxonomy_term', 'service_class:P10'));
  assert.equal(p101.term_uri, 'http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P10.1');
  const one = await get(`/hsds/taxonomy_terms/${p101.id}`);
  conforms('taxonomy_term.json', one, 'term by id');
  assert.equal(one.taxonomy_detail.uri, 'http://uri.suomi.fi/codelist/ptv/ptvserclass2');

  const classes = await allPages(`/hsds/taxonomy_terms?taxonomy_id=${uuidFor('taxonomy', 'service_class')}`, 'taxonomy_term.json', 50);
  assert.ok(classes.length >= 4 && classes.every((t) => t.term_uri.includes('ptvserclass2')));
  const children = await get(`/hsds/taxonomy_terms?parent_id=${uuidFor('taxonomy_term', 'service_class:P10')}`);
  assert.ok(children.contents.some((t) => t.code === 'P10.1'));
  assert.ok(children.contents.every((t) => t.parent_id === uuidFor('taxonomy_term', 'service_class:P10')));
  const top = await allPages('/hsds/taxonomy_terms?top_only=true', 'taxonomy_term.json', 50);
  assert.ok(top.every((t) => !t.parent_id) && !top.some((t) => t.code === 'P10.1'));
  const found = await get('/hsds/taxonomy_terms?search=ty%C3%B6nhaku');
  assert.ok(found.contents.some((t) => t.code === 'P10.1'));
});

test('service filters: taxonomy term, taxonomy, organization, search, modified_after', async () => {
  const p11 = uuidFor('taxonomy_term', 'service_class:P11');
  const byTerm = await allPages(`/hsds/services?taxonomy_term_id=${p11}&full=true`, 'service.json', 50);
  const [[p11count]] = sql(`SELECT COUNT(*) FROM product_cards WHERE status = 'published' AND period_end >= '${today()}' AND service_class = 'P11'`);
  assert.equal(byTerm.length, Number(p11count));
  assert.ok(byTerm.length > 0 && byTerm.every((s) => s.attributes.some((a) => a.taxonomy_term_id === p11)));

  const kr2 = await get(`/hsds/services?taxonomy_term_id=${uuidFor('taxonomy_term', 'target_group:KR2')}`);
  assert.equal(kr2.total_items, cards.length, 'every demo service description targets businesses');
  const byTaxonomy = await get(`/hsds/services?taxonomy_id=${uuidFor('taxonomy', 'life_event')}`);
  const [[lifeEvents]] = sql(`SELECT COUNT(*) FROM product_cards pc WHERE pc.status = 'published' AND pc.period_end >= '${today()}' AND EXISTS (SELECT 1 FROM service_description_terms t JOIN classification_terms ct ON ct.scheme = t.scheme AND ct.code = t.code WHERE t.service_description_id = pc.service_description_id AND t.scheme = 'life_event')`);
  assert.equal(byTaxonomy.total_items, Number(lifeEvents));

  const provider = cards[0].provider;
  const byOrg = await allPages(`/hsds/services?organization_id=${uuidFor('organization', provider)}`, 'compiled/service_list.json', 50);
  assert.equal(byOrg.length, cards.filter((c) => c.provider === provider).length);
  assert.ok(byOrg.every((s) => s.organization_id === uuidFor('organization', provider)));

  const searched = await get('/hsds/services?search=markkinointi');
  assert.ok(searched.total_items > 0 && searched.total_items < cards.length);
  const none = await get('/hsds/services?search=zzzqqqxxx');
  assert.equal(none.total_items, 0);
  assert.equal(none.empty, true);
  pageConforms('compiled/service_list.json', none, 'empty page');

  const later = await get('/hsds/services?modified_after=2999-01-01');
  assert.equal(later.total_items, 0);
  const earlier = await get('/hsds/services?modified_after=2000-01-01T00:00:00Z');
  assert.equal(earlier.total_items, cards.length);
  const unknownOrg = await get(`/hsds/services?organization_id=${crypto.randomUUID()}`);
  assert.equal(unknownOrg.total_items, 0);
});

test('a card past its period or withdrawn leaves the services at once (cache included)', async () => {
  const before = await get('/hsds/services?per_page=1');
  const [ended, withdrawn] = [cards[1], cards[2]];
  const endedId = uuidFor('service', ended.id);
  await get(`/hsds/services/${endedId}`);  // cached now
  sql(`UPDATE product_cards SET period_end = '${yesterday()}' WHERE id = ${ended.id}`);
  sql(`UPDATE product_cards SET status = 'withdrawn' WHERE id = ${withdrawn.id}`);
  const after = await get('/hsds/services?per_page=1');
  assert.equal(after.total_items, before.total_items - 2);
  for (const c of [ended, withdrawn]) {
    const r = await api(server.baseUrl, 'GET', `/hsds/services/${uuidFor('service', c.id)}`);
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  }
  const all = await allPages('/hsds/services', 'compiled/service_list.json', 50);
  assert.ok(!all.some((s) => s.id === endedId));
  sql(`UPDATE product_cards SET period_end = '9999-12-31' WHERE id = ${ended.id}`);
  sql(`UPDATE product_cards SET status = 'published' WHERE id = ${withdrawn.id}`);
  assert.equal((await get('/hsds/services?per_page=1')).total_items, before.total_items);
});

test('unknown or malformed ids answer 404 problem+json', async () => {
  const cardId = cards[0].id;
  const [[maxId]] = sql('SELECT MAX(id) FROM product_cards');
  const paths = [
    `/hsds/services/${crypto.randomUUID()}`,
    `/hsds/services/${uuidFor('service', Number(maxId) + 1000)}`,  // well-formed, ours, no such card
    `/hsds/services/${uuidFor('organization', cardId)}`,           // another kind
    `/hsds/services/${cardId}`,                                    // the integer id
    '/hsds/services/not-a-uuid',
    `/hsds/organizations/${crypto.randomUUID()}`,
    `/hsds/organizations/${uuidFor('service', cards[0].provider)}`,
    '/hsds/organizations/1',
    `/hsds/taxonomies/${crypto.randomUUID()}`,
    `/hsds/taxonomies/${uuidFor('taxonomy', 'municipality')}`,
    `/hsds/taxonomy_terms/${crypto.randomUUID()}`,
    `/hsds/taxonomy_terms/${uuidFor('taxonomy_term', 'municipality:179')}`,  // areas are not taxonomy terms
    '/hsds/taxonomy_terms/P10.1',
  ];
  for (const p of paths) {
    const r = await fetch(server.baseUrl + p, { headers: { accept: 'text/html' } });
    assert.equal(r.status, 404, p);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/, `${p} answers JSON even to a browser`);
    const body = await r.json();
    assert.equal(body.status, 404);
    assert.ok(body.detail);
  }
  // Ids are case-insensitive hex.
  const upper = uuidFor('service', cardId).toUpperCase();
  assert.equal((await get(`/hsds/services/${upper}`)).id, uuidFor('service', cardId));
});
