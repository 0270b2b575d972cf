'use strict';
/*
 * Browser-test helpers: one server (fresh DB) and one Chromium per test file.
 *
 *   const env = setupBrowserSuite();         registers before()/after(); env.baseUrl, env.browser, env.server
 *   browserTest(env, name, async ({ newPage }) => { ... })
 *       newPage(contextOptions) → Page in a new context (own cookies); baseURL preset, locale fi-FI.
 *       On failure every open page is screenshotted to /tmp/pt-browser-<test>-<n>.png (paths added to the error).
 *   loginAs(page, user)                       logs in through the /login form (user = DEMO.customer etc.)
 *   orderCard(page, cardId, voucherId)        submits the order form on /catalog/{id}; → POST response status
 *   submitForm(page, form, button?)           submits a POST form (selector or Locator), follows its redirect; → status
 *   text(locator) / norm(s)                   text with all whitespace (NBSP, narrow NBSP) folded to one space
 *   waitFor(fn, what, ms)                     polls an async predicate (playwright-core has no expect())
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, api, apiToken, DEMO, REPO } = require('../integration/harness');

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function setupBrowserSuite() {
  const env = { server: null, browser: null, baseUrl: null };
  before(async () => {
    env.server = await startServer({ db: process.env.PT_DB || 'sqlite' });
    env.baseUrl = env.server.baseUrl;
    env.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: LAUNCH_ARGS });
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.stop();
  });
  return env;
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

function browserTest(env, name, fn, opts = {}) {
  test(name, { timeout: 60000, ...opts }, async (t) => {
    const contexts = [];
    const newPage = async (contextOptions = {}) => {
      const ctx = await env.browser.newContext({ baseURL: env.baseUrl, locale: 'fi-FI', ...contextOptions });
      ctx.setDefaultTimeout(10000);
      contexts.push(ctx);
      return ctx.newPage();
    };
    try {
      await fn({ newPage, t });
    } catch (err) {
      const shots = [];
      let n = 0;
      for (const ctx of contexts) {
        for (const page of ctx.pages()) {
          const file = path.join('/tmp', `pt-browser-${slug(name)}-${++n}.png`);
          try { await page.screenshot({ path: file, fullPage: true }); shots.push(`${file} (${page.url()})`); } catch { /* page gone */ }
        }
      }
      if (shots.length && err && typeof err.message === 'string') err.message += `\nscreenshots: ${shots.join(', ')}`;
      throw err;
    } finally {
      for (const ctx of contexts) await ctx.close().catch(() => {});
    }
  });
}

const norm = (s) => String(s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const text = async (locator) => norm(await locator.textContent());

async function waitFor(fn, what, ms = 8000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function loginAs(page, user) {
  await page.goto('/login');
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('form[action="/login"] button[type=submit]'),
  ]);
  assert.ok(await page.locator('[data-testid=signed-in-as]').isVisible(), `signed in as ${user.email}`);
}

// Submits the order form of a card page; returns the HTTP status of the POST /orders response.
async function orderCard(page, cardId, voucherId) {
  await page.goto(`/catalog/${cardId}`);
  await page.selectOption('select#voucher_id', String(voucherId));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/orders'),
    page.click('form[action="/orders"] button[type=submit]'),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

// Clicks the submit button of a POST form (a Locator or selector) and waits for the answer and, after a
// redirect, for the page it leads to; → the HTTP status of the POST response. button: which submit button
// (a selector inside the form) when the form has several, e.g. 'button[value=submit]'.
async function submitForm(page, form, button = 'button[type=submit]') {
  const f = typeof form === 'string' ? page.locator(form) : form;
  assert.equal(await f.count(), 1, `one form ${form}`);
  const action = new URL(await f.getAttribute('action'), page.url()).pathname;
  const loaded = page.waitForEvent('load');  // the next document: the redirect's target or the re-rendered form
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action),
    f.locator(button).click(),
  ]);
  await loaded;
  return res.status();
}

// Public catalog data and the customer's vouchers through the JSON API (test setup only).
async function demoData(baseUrl) {
  const cards = (await api(baseUrl, 'GET', '/api/v1/product-cards?page_size=100')).json.items;
  const tokens = {};
  for (const [role, u] of Object.entries(DEMO)) tokens[role] = await apiToken(baseUrl, u.email, u.password);
  const me = async (role) => (await api(baseUrl, 'GET', '/api/v1/me', { token: tokens[role] })).json;
  const vouchers = (await api(baseUrl, 'GET', '/api/v1/vouchers?page_size=100', { token: tokens.customer })).json.items;
  return {
    cards,
    tokens,
    provider: await me('provider'),
    customer: await me('customer'),
    activeVoucher: vouchers.find((v) => v.status === 'active'),
    expiredVoucher: vouchers.find((v) => v.status === 'expired'),
  };
}

module.exports = { setupBrowserSuite, browserTest, loginAs, orderCard, submitForm, demoData, norm, text, waitFor, DEMO, REPO, api };
