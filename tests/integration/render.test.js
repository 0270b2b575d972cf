'use strict';
// Rendering details a person notices: empty messages must not leave empty alert boxes.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, browserish, login, csrfFrom, DEMO } = require('./harness');

let server;
before(async () => { server = await startServer({}); });
after(async () => { await server.stop(); });

test('pages without a message show no (empty) alert box', async () => {
  const client = browserish(server.baseUrl);
  const loginPage = await client.get('/login');
  assert.equal(loginPage.status, 200);
  assert.ok(!loginPage.text.includes('role="alert"'), 'GET /login has no alert');

  await login(client, DEMO.customer.email, DEMO.customer.password);
  const card = await client.get('/catalog/1');
  const placed = await client.postForm('/orders', {
    csrf_token: csrfFrom(card.text), product_card_id: '1', voucher_id: /name="voucher_id"[\s\S]*?value="(\d+)"/.exec(card.text)[1],
  });
  assert.equal(placed.status, 303);
  const order = await client.get(placed.location);
  assert.equal(order.status, 200);
  assert.ok(!order.text.includes('role="alert"'), 'a successful order page has no alert');

  const wrong = await browserish(server.baseUrl).postForm('/login', { email: 'x@example.com', password: 'nope' });
  assert.equal(wrong.status, 403, 'no CSRF token: refused');
});
