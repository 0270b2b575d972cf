'use strict';
// Per-file test context on top of harness.js: one server, tokens for the demo roles, and `call`, which
// sends an API request and validates every response against the OpenAPI document.
const { startServer, apiToken, api, openapiValidator, DEMO } = require('./harness');

/** opts go to startServer (e.g. {smtp: receiver}). */
async function apiContext(opts = {}) {
  const server = await startServer(opts);
  const ctx = { server, baseUrl: server.baseUrl, tokens: {} };
  try {
    ctx.v = await openapiValidator(server.baseUrl);
    for (const role of Object.keys(DEMO)) ctx.tokens[role] = await apiToken(server.baseUrl, DEMO[role].email, DEMO[role].password);
  } catch (e) {
    await server.stop();
    throw e;
  }
  /** call(role|null, method, path, body?, opts?) → {status, headers, json, text}, validated against OpenAPI. */
  ctx.call = async (role, method, path, body, opts = {}) => {
    const token = role === null ? opts.token : ctx.tokens[role] ?? role;
    const res = await api(ctx.baseUrl, method, path, { token, body, ...opts });
    if (opts.validate !== false) ctx.v.checkRes(method, path, res);
    return res;
  };
  /** All items of a list endpoint (follows pages of 100). */
  ctx.all = async (role, path) => {
    const items = [];
    for (let page = 1; ; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const r = await ctx.call(role, 'GET', `${path}${sep}page=${page}&page_size=100`);
      if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
      items.push(...r.json.items);
      if (items.length >= r.json.total || r.json.items.length === 0) return items;
    }
  };
  return ctx;
}

module.exports = { apiContext };
