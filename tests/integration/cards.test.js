'use strict';
// Product cards under the rules of issue 4, on the database PT_DB names: an admitted provider
// publishes and the card appears in the filtered catalog; an unadmitted one cannot; the price
// must fit the price model; cards leave the catalog after their period (and the job withdraws
// them); the order among equal cards is a daily shuffle, stable within a day.
// Admissions are written with the sqlite3 / psql CLI so this file does not depend on the
// procurement flow; time moves through PALVELUTORI_CLOCK_FILE (server and commands read it).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { apiContext } = require('./context');
const { apiToken, browserish, csrfFrom, login, DEMO } = require('./harness');
const { sqlRunner, commandRunner, setupCardTest } = require('./cards-setup');

const clockFile = path.join(os.tmpdir(), `pt-cards-clock-${process.pid}`);
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const TODAY = day(0);
const PERIOD_END = day(60);
const setClock = (date, time = '09:00:00') => fs.writeFileSync(clockFile, `${date}T${time}Z\n`);
const nextDay = (date) => new Date(Date.parse(`${date}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

let c; let ids = {}; let tokens = {}; let sql; let one; let command;

/** Every id of a public catalog query in listing order, walking pages of `size`. */
async function listing(query, size = 7) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await c.call(null, 'GET', `/api/v1/product-cards?${query}${query ? '&' : ''}page=${page}&page_size=${size}`);
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items.map((x) => x.id));
    if (r.json.items.length === 0 || out.length >= r.json.total) return { ids: out, total: r.json.total };
  }
}

const cardBody = (over = {}) => ({
  service_description_id: ids.sd, title: 'Testikortti ankkuripalvelu', summary: 'Lyhyt kuvaus', description: 'Pitkä kuvaus.',
  price_cents: 250000, languages: ['sv', 'fi'], delivery_mode: 'remote', duration: '4 viikkoa', areas: ['998'],
  service_class: 'P99.1', video_url: 'https://youtu.be/dQw4w9WgXcQ', ...over,
});

before(async () => {
  setClock(TODAY);
  process.env.PALVELUTORI_CLOCK_FILE = clockFile; // the server started below inherits it
  c = await apiContext();
  ({ sql, one } = sqlRunner(c.server.dbUrl));
  command = commandRunner(c.server.dbUrl, clockFile);
  ids = setupCardTest(sql, one, { today: TODAY, periodStart: day(-30), periodEnd: PERIOD_END, deadline: day(30), brochureDue: day(7) });
  tokens.rejected = await apiToken(c.baseUrl, 'rejected@provider.example', DEMO.provider.password);
  command('reshuffle-catalog'); // today's order, so the listing below is today's
});

after(async () => {
  if (c) await c.server.stop();
  fs.rmSync(clockFile, { force: true });
  delete process.env.PALVELUTORI_CLOCK_FILE;
});

test('an admitted provider publishes a card and it appears in the filtered catalog', async () => {
  const created = await c.call('provider', 'POST', '/api/v1/provider/product-cards', cardBody());
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.status, 'draft');
  assert.deepEqual(created.json.languages, ['fi', 'sv']);
  assert.equal(created.json.video_url, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'stored in canonical form');
  ids.card = created.json.id;
  assert.equal((await listing('target_group=KRT1')).total, 0, 'a draft is not in the catalog');
  assert.equal((await c.call(null, 'GET', `/api/v1/product-cards/${ids.card}`)).status, 404);

  const published = await c.call('provider', 'POST', `/api/v1/provider/product-cards/${ids.card}/publish`);
  assert.equal(published.status, 200, published.text);
  assert.equal(published.json.status, 'published');
  assert.equal(published.json.period_end, PERIOD_END, "the card's period is the admission's");

  const second = await c.call('provider', 'POST', '/api/v1/provider/product-cards',
    cardBody({ title: 'Toinen testikortti', price_cents: 500000, delivery_mode: 'on_site', areas: ['999'], languages: ['en'], video_url: '' }));
  assert.equal(second.status, 201, second.text);
  ids.card2 = second.json.id;
  assert.equal((await c.call('provider', 'POST', `/api/v1/provider/product-cards/${ids.card2}/publish`)).status, 200);

  const expect = async (query, wanted) => {
    const got = (await listing(query)).ids.filter((id) => id === ids.card || id === ids.card2).sort();
    assert.deepEqual(got, [...wanted].sort(), query);
  };
  await expect('service_class=P99.1', [ids.card, ids.card2]);
  await expect('target_group=KRT1', [ids.card, ids.card2]);
  await expect('life_event=KET1', [ids.card, ids.card2]);
  await expect('municipality=998', [ids.card]);
  await expect('municipality=999', [ids.card2]);
  await expect('target_group=KRT1&delivery_mode=remote', [ids.card]);
  await expect('target_group=KRT1&delivery_mode=hybrid', []);
  await expect('target_group=KRT1&price_min_cents=250000&price_max_cents=250000', [ids.card]);
  await expect('target_group=KRT1&price_min_cents=250001', [ids.card2]);
  await expect('target_group=KRT1&language=sv', [ids.card]);
  await expect('q=ankkuripalvelu', [ids.card]);
  // Only this file's cards carry the test group: the total is exact.
  assert.equal((await listing('target_group=KRT1')).total, 2);

  // The HTML catalog: euros, labels in the UI language, the filter kept selected.
  const anon = browserish(c.baseUrl);
  const page = await anon.get('/catalog?target_group=KRT1&municipality=998&price_min=2500&price_max=2%20500%2C00');
  assert.equal(page.status, 200);
  assert.match(page.text, /Testikortti ankkuripalvelu/);
  assert.doesNotMatch(page.text, /Toinen testikortti/);
  assert.match(page.text, /<option value="KRT1" selected>Testiryhmä<\/option>/);
  assert.match(page.text, /data-testid="result-count">[^<]*: 1</);
  assert.match(page.text, /data-testid="order-note">[^<]*arvotaan päivittäin/);
  const card = await anon.get(`/catalog/${ids.card}`);
  assert.equal(card.status, 200);
  assert.match(card.text, /data-testid="card-class">Testiluokka</);
  assert.match(card.text, /data-testid="card-areas"><span class="tag">Testikunta<\/span>/);
  assert.match(card.text, /href="https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ"[^>]*data-testid="card-video"/);
  const en = await anon.get(`/catalog?target_group=KRT1`, { headers: { 'accept-language': 'en' } });
  assert.match(en.text, /<option value="KRT1" selected>Test group<\/option>/);
  assert.match(en.text, /Shuffled daily|shuffled daily/);
});

test("the card page links the admission's brochure, served as a download", async () => {
  const pdf = Buffer.from('%PDF-1.4\n% esite\n');
  const hex = pdf.toString('hex');
  const blob = c.server.dbUrl.startsWith('sqlite:') ? `X'${hex}'` : `decode('${hex}', 'hex')`;
  sql(`INSERT INTO attachments (provider_id, file_name, content_type, size_bytes, sha256, content, uploaded_by_user_id, created_at)
     SELECT ${ids.provider}, 'esite "uusi".pdf', 'application/pdf', ${pdf.length}, 'x', ${blob}, id, '${TODAY}T09:00:00Z'
     FROM users WHERE email = '${DEMO.provider.email}';`);
  const att = one("SELECT MAX(id) FROM attachments");
  sql(`UPDATE admissions SET brochure_attachment_id = ${att}, brochure_received_at = '${TODAY}T09:00:00Z' WHERE id = ${ids.admission}`);
  const card = await browserish(c.baseUrl).get(`/catalog/${ids.card}`);
  assert.match(card.text, new RegExp(`href="/brochures/${ids.admission}" data-testid="card-brochure"`));
  const res = await fetch(`${c.baseUrl}/brochures/${ids.admission}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="esite__uusi_.pdf"/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; sandbox");
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf);
  assert.equal((await fetch(`${c.baseUrl}/brochures/${ids.admission + 1000}`)).status, 404);
  // The hourly admission has a brochure but no published card yet: its brochure is not public.
  ids.hourlyAdmission = Number(one(`SELECT id FROM admissions WHERE provider_id = ${ids.provider} AND service_description_id = ${ids.hourly}`));
  sql(`UPDATE admissions SET brochure_attachment_id = ${att}, brochure_received_at = '${TODAY}T09:00:00Z' WHERE id = ${ids.hourlyAdmission}`);
  assert.equal((await fetch(`${c.baseUrl}/brochures/${ids.hourlyAdmission}`)).status, 404);
});

test('the provider lists and edits its cards; a published card is re-checked on edit', async () => {
  const list = await c.call('provider', 'GET', '/api/v1/provider/product-cards');
  assert.equal(list.status, 200);
  assert.ok(list.json.items.some((x) => x.id === ids.card && x.status === 'published'));
  assert.ok(list.json.items.every((x) => x.provider.id === ids.provider), 'only its own cards');

  const edited = await c.call('provider', 'PUT', `/api/v1/provider/product-cards/${ids.card}`, cardBody({ title: 'Testikortti ankkuripalvelu, päivitetty' }));
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.status, 'published');
  assert.equal(edited.json.title, 'Testikortti ankkuripalvelu, päivitetty');

  const refused = await c.call('provider', 'PUT', `/api/v1/provider/product-cards/${ids.card}`, cardBody({ price_cents: 300000 }));
  assert.equal(refused.status, 422, refused.text);
  assert.ok(refused.json.errors.price_cents, refused.text);
  const after = await c.call('provider', 'GET', `/api/v1/provider/product-cards/${ids.card}`);
  assert.equal(after.json.price_cents, 250000, 'a refused edit changes nothing');
  assert.equal(after.json.status, 'published');

  // HTML: the list shows status and period end; the edit form comes back filled.
  const browser = browserish(c.baseUrl);
  await login(browser, DEMO.provider.email, DEMO.provider.password);
  const page = await browser.get('/provider/cards');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`data-card-id="${ids.card}"[\\s\\S]*?${PERIOD_END}`));
  const form = await browser.get(`/provider/cards/${ids.card}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="Testikortti ankkuripalvelu, päivitetty"/);
  // A form post that breaks the rules stays on the form with the message beside the price.
  const post = await browser.postForm(`/provider/cards/${ids.card}/edit`, {
    csrf_token: csrfFrom(form.text), service_description_id: String(ids.sd), title: 'Lomakkeelta', summary: '', description: '',
    price: '3 000,00', languages: 'fi', delivery_mode: 'remote', duration: '2 viikkoa', areas: '998', service_class: 'P99.1', video_url: '',
  });
  assert.equal(post.status, 422);
  assert.match(post.text, /data-field-error="price"/);
  assert.match(post.text, /value="Lomakkeelta"/, 'nothing typed is lost');
});

test('a price that is not a voucher value, or over the hourly cap, is refused on publish', async () => {
  const draft = await c.call('provider', 'POST', '/api/v1/provider/product-cards', cardBody({ title: 'Väärä hinta', price_cents: 300000 }));
  assert.equal(draft.status, 201, 'a draft may still have any positive price');
  const r = await c.call('provider', 'POST', `/api/v1/provider/product-cards/${draft.json.id}/publish`);
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.price_cents);
  assert.equal((await c.call('provider', 'GET', `/api/v1/provider/product-cards/${draft.json.id}`)).json.status, 'draft');

  const over = await c.call('provider', 'POST', '/api/v1/provider/product-cards', cardBody({ service_description_id: ids.hourly, title: 'Tuntihinta yli katon', price_cents: 300001 }));
  assert.equal(over.status, 201);
  const o = await c.call('provider', 'POST', `/api/v1/provider/product-cards/${over.json.id}/publish`);
  assert.equal(o.status, 422, o.text);
  const fits = await c.call('provider', 'PUT', `/api/v1/provider/product-cards/${over.json.id}`, cardBody({ service_description_id: ids.hourly, title: 'Tuntihinta katossa', price_cents: 300000 }));
  assert.equal(fits.status, 200, fits.text);
  assert.equal((await c.call('provider', 'POST', `/api/v1/provider/product-cards/${over.json.id}/publish`)).status, 200);
  ids.hourlyCard = over.json.id;
  // With a published card in the catalog, the admission's brochure is public.
  assert.equal((await fetch(`${c.baseUrl}/brochures/${ids.hourlyAdmission}`)).status, 200);
});

test('a rejected (unadmitted) provider cannot create or publish cards', async () => {
  const create = await c.call(tokens.rejected, 'POST', '/api/v1/provider/product-cards', cardBody());
  assert.equal(create.status, 422, create.text);
  assert.ok(create.json.errors.service_description_id, create.text);
  const publish = await c.call(tokens.rejected, 'POST', `/api/v1/provider/product-cards/${ids.rejectedDraft}/publish`);
  assert.equal(publish.status, 409, publish.text);
  assert.match(publish.json.detail, /hyväksytty|admitted/);
  assert.equal(one(`SELECT status FROM product_cards WHERE id = ${ids.rejectedDraft}`), 'draft');
  // Another provider's card does not exist for it.
  assert.equal((await c.call(tokens.rejected, 'GET', `/api/v1/provider/product-cards/${ids.card}`)).status, 404);
  assert.equal((await c.call(tokens.rejected, 'PUT', `/api/v1/provider/product-cards/${ids.card}`, cardBody())).status, 404);
  assert.equal((await c.call(tokens.rejected, 'POST', `/api/v1/provider/product-cards/${ids.card}/withdraw`)).status, 404);

  const browser = browserish(c.baseUrl);
  await login(browser, 'rejected@provider.example', DEMO.provider.password);
  const form = await browser.get('/provider/cards/new');
  // The form offers only what it is admitted to today (the demo services, perhaps), never the test service.
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.text, new RegExp(`<option value="${ids.sd}"`));
  assert.match(form.text, /id="service_description_id"/);
  const list = await browser.get('/provider/cards');
  const res = await browser.postForm(`/provider/cards/${ids.rejectedDraft}/publish`, { csrf_token: csrfFrom(list.text) });
  assert.equal(res.status, 409);
  assert.match(res.text, /role="alert"[\s\S]*(hyväksytty|admitted)/);
});

test('a withdrawn card leaves the catalog but stays on its orders', async () => {
  const voucher = (await c.all('customer', '/api/v1/vouchers')).find((v) => v.status === 'active');
  const order = await c.call('customer', 'POST', '/api/v1/orders', { product_card_id: ids.card, voucher_id: voucher.id });
  assert.equal(order.status, 201, order.text);
  const w = await c.call('provider', 'POST', `/api/v1/provider/product-cards/${ids.card}/withdraw`);
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.status, 'withdrawn');
  assert.equal(w.json.withdrawn_reason, 'provider');
  assert.equal((await c.call(null, 'GET', `/api/v1/product-cards/${ids.card}`)).status, 404);
  assert.ok(!(await listing('target_group=KRT1')).ids.includes(ids.card));
  const o = await c.call('customer', 'GET', `/api/v1/orders/${order.json.id}`);
  assert.equal(o.json.product_card.id, ids.card);
  assert.equal((await c.call('provider', 'POST', `/api/v1/provider/product-cards/${ids.card}/withdraw`)).status, 409);
  assert.equal(Number(one(`SELECT COUNT(*) FROM audit_log WHERE entity = 'product_card' AND entity_id = '${ids.card}' AND action = 'product_card.withdraw'`)), 1);
  // Published again for the period test below.
  assert.equal((await c.call('provider', 'POST', `/api/v1/provider/product-cards/${ids.card}/publish`)).status, 200);
});

test('the order among equal cards is shuffled daily: stable within a day, a permutation across pages', async () => {
  const all = await listing('', 100);
  const first = await listing('', 7);
  assert.equal(first.ids.length, first.total);
  assert.equal(new Set(first.ids).size, first.ids.length, 'no card repeated across pages');
  assert.deepEqual(first.ids, all.ids, 'pages of 7 walk the same order as one page of 100');
  assert.match(command('reshuffle-catalog'), /sort keys rewritten: 0/, 'once a day');
  assert.deepEqual((await listing('', 7)).ids, first.ids, 'stable within the day');

  const tomorrow = nextDay(TODAY);
  setClock(tomorrow);
  assert.match(command('reshuffle-catalog'), /sort keys rewritten: [1-9]/);
  assert.equal(one("SELECT value FROM counters WHERE name = 'catalog_shuffle_day'"), String(Date.parse(`${tomorrow}T00:00:00Z`) / 86400000));
  const next = await listing('', 7);
  assert.notDeepEqual(next.ids, first.ids, 'another day, another order');
  assert.deepEqual([...next.ids].sort((a, b) => a - b), [...first.ids].sort((a, b) => a - b), 'the same cards, none lost');
  assert.equal(new Set(next.ids).size, next.ids.length);
});

test('after its period a card leaves the catalog at once, and the job withdraws it', async () => {
  setClock(PERIOD_END);
  assert.equal((await c.call(null, 'GET', `/api/v1/product-cards/${ids.card}`)).status, 200, 'shown on the last day');
  setClock(nextDay(PERIOD_END));
  tokens.provider = await apiToken(c.baseUrl, DEMO.provider.email, DEMO.provider.password);
  assert.equal((await c.call(null, 'GET', `/api/v1/product-cards/${ids.card}`)).status, 404);
  assert.equal((await listing('target_group=KRT1')).total, 0);
  const everything = await listing('', 100);
  assert.equal(everything.ids.length, everything.total, 'the unfiltered total counts only visible cards');
  assert.ok(!everything.ids.includes(ids.card2));
  const html = await browserish(c.baseUrl).get(`/catalog/${ids.card}`);
  assert.equal(html.status, 404);
  // The admission's period (and its cards') is over: the brochure is no longer public, even
  // before the job has withdrawn the cards.
  assert.equal((await fetch(`${c.baseUrl}/brochures/${ids.admission}`)).status, 404);
  // Until the job runs the card is still published; then it is withdrawn for the period end.
  assert.equal((await c.call(tokens.provider, 'GET', `/api/v1/provider/product-cards/${ids.card}`)).json.status, 'published');
  const out = command('end-expired-cards');
  const ended = Number(/cards withdrawn: (\d+)/.exec(out)[1]);
  assert.ok(ended >= 3, out); // card, card2, the hourly card
  for (const id of [ids.card, ids.card2, ids.hourlyCard]) {
    const r = await c.call(tokens.provider, 'GET', `/api/v1/provider/product-cards/${id}`);
    assert.equal(r.json.status, 'withdrawn');
    assert.equal(r.json.withdrawn_reason, 'period_ended');
    assert.equal(Number(one(`SELECT COUNT(*) FROM audit_log WHERE action = 'product_card.period_end' AND entity_id = '${id}'`)), 1);
  }
  assert.match(command('end-expired-cards'), /cards withdrawn: 0/);
  assert.equal(one("SELECT value FROM counters WHERE name = 'published_cards'"),
    one("SELECT COUNT(*) FROM product_cards WHERE status = 'published'"), 'the counter stays exact');
  // Publishing again needs a new admission.
  const again = await c.call(tokens.provider, 'POST', `/api/v1/provider/product-cards/${ids.card}/publish`);
  assert.equal(again.status, 409, again.text);
});
