'use strict';
// Setup shared by cards.test.js and bad-input-cards.test.js: SQL on the server's database
// through the sqlite3 / psql CLI, the palvelutori commands, and a market where the demo provider
// is admitted to two test service descriptions and another provider was rejected.
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { DEMO, REPO } = require('./harness');

function bin() {
  const b = process.env.PT_BIN || 'out/palvelutori';
  return path.isAbsolute(b) ? b : path.join(REPO, b);
}

/** sql(text) → rows as arrays of strings; one(text) → the first column of the first row. */
function sqlRunner(url) {
  const sql = (text) => {
    const out = url.startsWith('sqlite:')
      ? execFileSync('sqlite3', ['-bail', url.slice('sqlite:'.length), text], { encoding: 'utf8' })
      : execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-At', '-c', text], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('|'));
  };
  return { sql, one: (text) => sql(text)[0][0] };
}

/** command(name) runs `palvelutori name --database url`, with the test clock when given. */
function commandRunner(url, clockFile) {
  return (name) => execFileSync(bin(), [name, '--database', url], {
    cwd: REPO, encoding: 'utf8', env: clockFile ? { ...process.env, PALVELUTORI_CLOCK_FILE: clockFile } : process.env,
  });
}

/**
 * Test-only code list entries (so filters find exactly the test's cards), service descriptions
 * "cards-test" (fixed 2 500 € / 5 000 €) and "cards-test-hourly" (90 €/h, cap 3 000 €) with
 * class P99.1, target group KRT1, life event KET1, municipalities 998 and 999; a published call;
 * the demo provider (Markkinointipaja Oy) admitted to both for [periodStart, periodEnd]; the
 * provider Brändiverstas Oy rejected, with a user rejected@provider.example (the demo provider's
 * password) and a draft card. Returns the ids.
 */
function setupCardTest(sql, one, { today, periodStart, periodEnd, deadline, brochureDue }) {
  const now = `${today}T09:00:00Z`;
  const ids = {};
  sql(`INSERT INTO classification_terms (scheme, code, parent_code, label_fi, label_sv, label_en) VALUES
     ('service_class', 'P99.1', '', 'Testiluokka', 'Testklass', 'Test class'),
     ('target_group', 'KRT1', '', 'Testiryhmä', '', 'Test group'),
     ('life_event', 'KET1', '', 'Testitilanne', '', 'Test event'),
     ('municipality', '998', '', 'Testikunta', 'Testkommun', 'Test town'),
     ('municipality', '999', '', 'Toinen kunta', '', 'Other town');
   INSERT INTO service_descriptions (code, name_fi, name_en, description_fi, description_en, created_at, price_model)
     VALUES ('cards-test', 'Korttitesti', 'Card test', '', '', '${now}', '{"kind":"fixed","values":[250000,500000],"bonuses":[]}'),
            ('cards-test-hourly', 'Tuntitesti', 'Hourly test', '', '', '${now}', '{"kind":"hourly","rate":9000,"cap":300000,"bonuses":[]}');`);
  ids.sd = Number(one("SELECT id FROM service_descriptions WHERE code = 'cards-test'"));
  ids.hourly = Number(one("SELECT id FROM service_descriptions WHERE code = 'cards-test-hourly'"));
  // The demo vouchers belong to "Kasvuseteli 2026", which buys only the services it names.
  sql(`INSERT INTO voucher_programme_services (programme_id, service_description_id)
       SELECT id, ${ids.sd} FROM voucher_programmes WHERE name = 'Kasvuseteli 2026' UNION ALL
       SELECT id, ${ids.hourly} FROM voucher_programmes WHERE name = 'Kasvuseteli 2026';`);
  ids.provider = Number(one("SELECT id FROM providers WHERE business_id = '2260181-9'"));
  ids.other = Number(one("SELECT id FROM providers WHERE business_id = '2786579-2'"));
  for (const sd of [ids.sd, ids.hourly]) {
    sql(`INSERT INTO service_description_terms (service_description_id, scheme, code) VALUES
       (${sd}, 'service_class', 'P99.1'), (${sd}, 'target_group', 'KRT1'), (${sd}, 'life_event', 'KET1'),
       (${sd}, 'municipality', '998'), (${sd}, 'municipality', '999');`);
  }
  sql(`INSERT INTO calls (title, description, period_start, period_end, application_deadline, status, created_at, updated_at, published_at)
     VALUES ('Korttitestin haku', '', '${periodStart}', '${periodEnd}', '${deadline}', 'published', '${now}', '${now}', '${now}');`);
  ids.call = Number(one("SELECT MAX(id) FROM calls WHERE title = 'Korttitestin haku'"));
  const apply = (provider, sd, status) => {
    sql(`INSERT INTO participation_applications (call_id, provider_id, service_description_id, status, rejection_reason, submitted_at, decided_at, created_at, updated_at)
       VALUES (${ids.call}, ${provider}, ${sd}, '${status}', '${status === 'rejected' ? 'Puutteelliset liitteet' : ''}', '${now}', '${now}', '${now}', '${now}');`);
    return Number(one(`SELECT id FROM participation_applications WHERE call_id = ${ids.call} AND provider_id = ${provider} AND service_description_id = ${sd}`));
  };
  for (const sd of [ids.sd, ids.hourly]) {
    const app = apply(ids.provider, sd, 'approved');
    sql(`INSERT INTO admissions (provider_id, service_description_id, call_id, application_id, period_start, period_end, decided_on, brochure_due, created_at)
       VALUES (${ids.provider}, ${sd}, ${ids.call}, ${app}, '${periodStart}', '${periodEnd}', '${today}', '${brochureDue}', '${now}');`);
  }
  ids.admission = Number(one(`SELECT id FROM admissions WHERE provider_id = ${ids.provider} AND service_description_id = ${ids.sd}`));
  apply(ids.other, ids.sd, 'rejected');
  sql(`INSERT INTO users (email, name, role, password_hash, provider_id, created_at)
     SELECT 'rejected@provider.example', 'Hylätty Tuottaja', 'provider_user', password_hash, ${ids.other}, created_at
     FROM users WHERE email = '${DEMO.provider.email}';
   INSERT INTO product_cards (provider_id, service_description_id, title, summary, description, price_cents, languages, delivery_mode, duration, status, sort_key, created_at, updated_at, service_class)
     VALUES (${ids.other}, ${ids.sd}, 'Hylätyn luonnos', '', '', 250000, 'fi', 'on_site', '1 kk', 'draft', 1, '${now}', '${now}', 'P99.1');`);
  ids.rejectedDraft = Number(one("SELECT id FROM product_cards WHERE title = 'Hylätyn luonnos'"));
  return ids;
}

module.exports = { sqlRunner, commandRunner, setupCardTest };
