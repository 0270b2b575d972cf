-- Dynamic purchasing (issue 4): classification code lists, the service description's frame,
-- provider organizations with colleagues, calls for participation, participation applications
-- with attachments, admissions, product card rules, and the e-mail outbox.

-- PTV service classes, target groups, life events and municipalities with labels in three
-- languages. Loaded from the official files by `palvelutori import-classifications`; the demo
-- seed inserts the few it uses.
CREATE TABLE classification_terms (
  scheme TEXT NOT NULL CHECK (scheme IN ('service_class', 'target_group', 'life_event', 'municipality')),
  code TEXT NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  label_fi TEXT NOT NULL,
  label_sv TEXT NOT NULL DEFAULT '',
  label_en TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (scheme, code)
);

-- The frame a service description sets for the cards under it.
ALTER TABLE service_descriptions ADD COLUMN name_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE service_descriptions ADD COLUMN description_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE service_descriptions ADD COLUMN goal TEXT NOT NULL DEFAULT '';
ALTER TABLE service_descriptions ADD COLUMN content_limits TEXT NOT NULL DEFAULT '';
-- JSON: {"kind":"fixed","values":[250000,500000],"bonuses":[{"code":..,"amount":..,"evidence":..}]}
--    or {"kind":"hourly","rate":9000,"cap":500000,"bonuses":[...]}
ALTER TABLE service_descriptions ADD COLUMN price_model TEXT NOT NULL DEFAULT '{"kind":"fixed","values":[250000,500000],"bonuses":[]}';
ALTER TABLE service_descriptions ADD COLUMN languages TEXT NOT NULL DEFAULT 'fi';   -- "fi,sv,en"
ALTER TABLE service_descriptions ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';

-- Classification and areas of a service description: scheme is one of classification_terms'.
CREATE TABLE service_description_terms (
  service_description_id INTEGER NOT NULL REFERENCES service_descriptions(id),
  scheme TEXT NOT NULL CHECK (scheme IN ('service_class', 'target_group', 'life_event', 'municipality')),
  code TEXT NOT NULL,
  PRIMARY KEY (service_description_id, scheme, code)
);
CREATE INDEX service_description_terms_code ON service_description_terms(scheme, code);

-- The provider organization (IBAN and OVT stored normalised).
ALTER TABLE providers ADD COLUMN street_address TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN post_office TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN ovt TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN einvoice_operator TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN iban TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';

-- A provider user invites a colleague; the link holds a random secret, the row its hash.
CREATE TABLE provider_invitations (
  id INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  email TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  invited_by_user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT,
  accepted_user_id INTEGER REFERENCES users(id)
);
CREATE INDEX provider_invitations_provider ON provider_invitations(provider_id);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  application_deadline TEXT NOT NULL,
  languages TEXT NOT NULL DEFAULT 'fi',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT
);

CREATE TABLE call_services (
  call_id INTEGER NOT NULL REFERENCES calls(id),
  service_description_id INTEGER NOT NULL REFERENCES service_descriptions(id),
  PRIMARY KEY (call_id, service_description_id)
);

CREATE TABLE call_requirements (
  call_id INTEGER NOT NULL REFERENCES calls(id),
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  text_fi TEXT NOT NULL,
  text_en TEXT NOT NULL,
  attachment_required INTEGER NOT NULL DEFAULT 0 CHECK (attachment_required IN (0, 1)),
  PRIMARY KEY (call_id, code)
);

-- Uploaded files, kept in the database so every server process sees them. The type comes
-- from the file's bytes (never the upload's claim) and is the only type it is served with.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
  sha256 TEXT NOT NULL,
  content BLOB NOT NULL,
  uploaded_by_user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_provider ON attachments(provider_id);

CREATE TABLE participation_applications (
  id INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL REFERENCES calls(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  service_description_id INTEGER NOT NULL REFERENCES service_descriptions(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
  rejection_reason TEXT NOT NULL DEFAULT '',
  submitted_at TEXT,
  decided_at TEXT,
  decided_by_user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (provider_id, service_description_id, call_id)
);
CREATE INDEX participation_applications_status ON participation_applications(status, call_id);

CREATE TABLE application_answers (
  application_id INTEGER NOT NULL REFERENCES participation_applications(id),
  requirement_code TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  attachment_id INTEGER REFERENCES attachments(id),
  PRIMARY KEY (application_id, requirement_code)
);

-- What an approval grants: the provider may publish cards of the service for the period.
CREATE TABLE admissions (
  id INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  service_description_id INTEGER NOT NULL REFERENCES service_descriptions(id),
  call_id INTEGER NOT NULL REFERENCES calls(id),
  application_id INTEGER NOT NULL UNIQUE REFERENCES participation_applications(id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  brochure_due TEXT NOT NULL,
  brochure_attachment_id INTEGER REFERENCES attachments(id),
  brochure_received_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX admissions_provider_service ON admissions(provider_id, service_description_id, period_end);

-- Card rules: an optional marketing video (canonical URL), and the last day of the admission
-- period the card was published under; the catalog shows a card only up to that day.
ALTER TABLE product_cards ADD COLUMN video_url TEXT NOT NULL DEFAULT '';
ALTER TABLE product_cards ADD COLUMN period_end TEXT NOT NULL DEFAULT '9999-12-31';
ALTER TABLE product_cards ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';  -- provider | period_ended
CREATE INDEX product_cards_period ON product_cards(status, period_end);
CREATE INDEX product_cards_price ON product_cards(status, price_cents);

-- E-mail goes out through this table: written in the same transaction as the change, sent by
-- a worker that retries with back-off, so a failed send never loses a message.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  to_address TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'fi',
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

-- The public catalog shows labels, brochures and service terms: changes bump its version.
CREATE TRIGGER catalog_version_terms_insert AFTER INSERT ON classification_terms BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_terms_update AFTER UPDATE ON classification_terms BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_terms_delete AFTER DELETE ON classification_terms BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_sd_terms_insert AFTER INSERT ON service_description_terms BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_sd_terms_delete AFTER DELETE ON service_description_terms BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_admissions_insert AFTER INSERT ON admissions BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_admissions_update AFTER UPDATE ON admissions BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
