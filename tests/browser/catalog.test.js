'use strict';
// Step 2: an anonymous visitor searches and filters the catalog and opens a card; language switch; no-JS search.
const assert = require('node:assert/strict');
const { setupBrowserSuite, browserTest, demoData, text, waitFor, norm, api } = require('./helpers');

const env = setupBrowserSuite();
let data;
const TARGET = 'Markkinoinnin kehittäminen';

async function resultCount(page) {
  const m = /(\d+)\s*$/.exec(await text(page.locator('[data-testid=result-count]')));
  return m ? Number(m[1]) : NaN;
}
// htmx updates #results after a delay; wait until the URL carries the filters, no request is in flight
// and the result count is the expected one (a click on a result before that could hit a detached node).
async function settled(page, params, count) {
  await waitFor(async () => {
    const u = new URL(page.url()).searchParams;
    if (Object.entries(params).some(([k, v]) => (u.get(k) || '') !== v)) return false;
    if (await page.locator('.htmx-request').count()) return false;
    return (await resultCount(page)) === count;
  }, `catalog ${JSON.stringify(params)} with ${count} results (url ${page.url()})`);
}
const cardTitles = async (page) => (await page.locator('article.product-card .product-card__title').allTextContents()).map(norm);

browserTest(env, 'anonymous visitor searches, filters and opens a product card (JS on, htmx)', async ({ newPage }) => {
  data = data || await demoData(env.baseUrl);
  const page = await newPage();
  await page.goto('/');
  assert.equal(new URL(page.url()).pathname, '/catalog');
  assert.equal(await page.locator('article.product-card').count(), 20, 'first page shows 20 cards');
  assert.equal(await resultCount(page), data.cards.length);

  // Free-text search updates the results as one types (htmx), and the URL follows.
  const searchTotal = (await api(env.baseUrl, 'GET', '/api/v1/product-cards?q=markkinointi&page_size=100')).json.total;
  assert.ok(searchTotal > 0 && searchTotal < data.cards.length, 'search narrows the list');
  await page.fill('#q', 'markkinointi');
  await settled(page, { q: 'markkinointi' }, searchTotal);
  assert.ok((await cardTitles(page)).includes(TARGET), `"${TARGET}" in the results`);

  // Service description filter (combined with an empty search).
  await page.fill('#q', '');
  const sd = data.cards.find((c) => c.title === TARGET).service_description;
  const expectedSd = data.cards.filter((c) => c.service_description.id === sd.id);
  await page.selectOption('select#service', String(sd.id));
  await settled(page, { q: '', service: String(sd.id) }, expectedSd.length);
  for (const title of await cardTitles(page)) {
    assert.ok(expectedSd.some((c) => c.title === title), `"${title}" belongs to ${sd.code}`);
  }

  // Language filter: English cards only.
  await page.selectOption('select#service', '');
  await page.selectOption('select#lang', 'en');
  const expectedEn = data.cards.filter((c) => c.languages.includes('en'));
  assert.ok(expectedEn.length > 0 && expectedEn.length < data.cards.length);
  await settled(page, { q: '', service: '', lang: 'en' }, expectedEn.length);
  const enTitles = await cardTitles(page);
  assert.equal(enTitles.length, Math.min(20, expectedEn.length));
  for (const title of enTitles) assert.ok(expectedEn.some((c) => c.title === title), `"${title}" is offered in English`);

  // Back to a search and open the card.
  await page.selectOption('select#lang', '');
  await page.fill('#q', 'markkinointi');
  // Leave the field first: its change event fires one more htmx request (see the human-paced click test below).
  await page.locator('#q').blur();
  await settled(page, { q: 'markkinointi', service: '', lang: '' }, searchTotal);
  const link = page.locator('article.product-card .product-card__title a', { hasText: TARGET });
  await Promise.all([page.waitForURL(/\/catalog\/\d+$/), link.first().click()]);
  const card = data.cards.find((c) => c.title === TARGET);
  assert.equal(new URL(page.url()).pathname, `/catalog/${card.id}`);
  assert.equal(await text(page.locator('article.product-card--full h1')), TARGET);
  assert.match(await text(page.locator('[data-testid=card-price]')), /^2 500,00 €$/);
  assert.ok((await text(page.locator('.product-card__provider'))).includes(card.provider.name));
  assert.equal(await page.locator('select#voucher_id').count(), 0, 'no order form before login');
  assert.equal(await page.locator(`a[href="/login?next=/catalog/${card.id}"]`).count(), 1, 'login link back to the card');
});

// A person types a search and clicks a result; mouse down and up are ~150 ms apart. Mouse down blurs the search
// box, whose change event makes htmx reload #results; if the swap lands before mouse up, the click is lost.
browserTest(env, 'typing a search and clicking a result at human pace opens the card', async ({ newPage }) => {
  data = data || await demoData(env.baseUrl);
  const page = await newPage();
  await page.goto('/catalog');
  await page.fill('#q', 'markkinointi');
  const searchTotal = (await api(env.baseUrl, 'GET', '/api/v1/product-cards?q=markkinointi&page_size=100')).json.total;
  await settled(page, { q: 'markkinointi' }, searchTotal);
  const box = await page.locator('article.product-card .product-card__title a', { hasText: TARGET }).first().boundingBox();
  await page.mouse.move(box.x + 5, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(150);
  await page.mouse.up();
  const card = data.cards.find((c) => c.title === TARGET);
  await waitFor(async () => new URL(page.url()).pathname === `/catalog/${card.id}`, `navigation to /catalog/${card.id}`, 3000);
});

browserTest(env, 'catalog search works with JavaScript disabled', async ({ newPage }) => {
  data = data || await demoData(env.baseUrl);
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto('/catalog');
  await page.fill('#q', 'markkinointi');
  await page.selectOption('select#lang', 'fi');
  await Promise.all([page.waitForURL(/\/catalog\?/), page.click('form[role=search] button[type=submit]')]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), 'markkinointi');
  assert.equal(url.searchParams.get('lang'), 'fi');
  const titles = await cardTitles(page);
  assert.ok(titles.includes(TARGET), `"${TARGET}" among ${JSON.stringify(titles)}`);
  assert.ok(titles.length < data.cards.length);
  assert.equal(await page.inputValue('#q'), 'markkinointi', 'search term kept in the box');
  assert.equal(await page.inputValue('select#lang'), 'fi', 'language filter kept');

  // Following the card link is a plain navigation too.
  await Promise.all([page.waitForURL(/\/catalog\/\d+$/),
    page.locator('article.product-card .product-card__title a', { hasText: TARGET }).first().click()]);
  assert.equal(await text(page.locator('article.product-card--full h1')), TARGET);
});

browserTest(env, 'language switch to English changes the UI text and back', async ({ newPage }) => {
  const page = await newPage();
  await page.goto('/catalog?q=markkinointi');
  assert.equal(await page.getAttribute('html', 'lang'), 'fi');
  assert.equal(await text(page.locator('main h1')), 'Palvelut');
  await Promise.all([page.waitForURL(/\/catalog/), page.click('a[hreflang=en]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await text(page.locator('main h1')), 'Services');
  assert.equal(await text(page.locator('form[role=search] button[type=submit]')), 'Search');
  assert.notEqual(await text(page.locator('label[for=q]')), 'Hakusana', 'search label translated');
  assert.ok(await page.locator('.site-header a[href="/login"]', { hasText: 'Sign in' }).isVisible());
  assert.equal(new URL(page.url()).pathname, '/catalog', 'back to the page where the switch was clicked');
  // The choice sticks (cookie) on the next page.
  await page.goto('/login');
  assert.equal(await text(page.locator('main h1')), 'Sign in');
  await Promise.all([page.waitForURL(/\/login/), page.click('a[hreflang=fi]')]);
  assert.equal(await text(page.locator('main h1')), 'Kirjaudu sisään');
});
