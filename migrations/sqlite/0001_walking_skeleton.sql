-- Walking skeleton: organizer, accounts, catalog, vouchers with their ledger, orders, audit.
-- Timestamps are UTC ISO-8601 text ("2026-11-22T06:20:13Z"), dates "YYYY-MM-DD", money integer cents.

CREATE TABLE organizers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  business_id TEXT NOT NULL UNIQUE,
  ovt TEXT NOT NULL DEFAULT '',
  einvoice_operator TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE providers (
  id INTEGER PRIMARY KEY,
  business_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  municipality TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('business', 'person')),
  business_id TEXT UNIQUE,
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('organizer_admin', 'provider_user', 'customer', 'counsellor')),
  password_hash TEXT NOT NULL,
  provider_id INTEGER REFERENCES providers(id),
  customer_id INTEGER REFERENCES customers(id),
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  remote_addr TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures(email, at);

CREATE TABLE service_descriptions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_fi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  description_fi TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE product_cards (
  id INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  service_description_id INTEGER NOT NULL REFERENCES service_descriptions(id),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  price_cents INTEGER NOT NULL CHECK (price_cents > 0),
  languages TEXT NOT NULL DEFAULT 'fi',          -- comma separated: "fi,en"
  delivery_mode TEXT NOT NULL CHECK (delivery_mode IN ('on_site', 'remote', 'hybrid')),
  duration TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  sort_key INTEGER NOT NULL DEFAULT 0,           -- provider-neutral order: a hash, not insertion order
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX product_cards_listing ON product_cards(status, sort_key);
CREATE INDEX product_cards_service ON product_cards(service_description_id, status, sort_key);
CREATE INDEX product_cards_provider ON product_cards(provider_id);

-- Free-text index over the card and its provider's name, kept in step by triggers.
CREATE VIRTUAL TABLE product_cards_fts USING fts5(
  title, summary, description, provider_name,
  tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER product_cards_fts_insert AFTER INSERT ON product_cards BEGIN
  INSERT INTO product_cards_fts(rowid, title, summary, description, provider_name)
  VALUES (new.id, new.title, new.summary, new.description,
          (SELECT name FROM providers WHERE id = new.provider_id));
END;
CREATE TRIGGER product_cards_fts_update AFTER UPDATE OF title, summary, description, provider_id ON product_cards BEGIN
  DELETE FROM product_cards_fts WHERE rowid = old.id;
  INSERT INTO product_cards_fts(rowid, title, summary, description, provider_name)
  VALUES (new.id, new.title, new.summary, new.description,
          (SELECT name FROM providers WHERE id = new.provider_id));
END;
CREATE TRIGGER product_cards_fts_delete AFTER DELETE ON product_cards BEGIN
  DELETE FROM product_cards_fts WHERE rowid = old.id;
END;

CREATE TABLE vouchers (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  value_cents INTEGER NOT NULL CHECK (value_cents > 0),
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'spent', 'expired', 'cancelled')),
  created_at TEXT NOT NULL
);
CREATE INDEX vouchers_customer ON vouchers(customer_id);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  voucher_id INTEGER NOT NULL REFERENCES vouchers(id),
  product_card_id INTEGER NOT NULL REFERENCES product_cards(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  price_cents INTEGER NOT NULL CHECK (price_cents > 0),
  status TEXT NOT NULL,
  decline_reason TEXT,
  ordered_by_user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX orders_provider ON orders(provider_id, status);
CREATE INDEX orders_customer ON orders(customer_id, status);
CREATE INDEX orders_voucher ON orders(voucher_id);

CREATE TABLE order_contracts (
  number TEXT PRIMARY KEY,
  order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id),
  accepted_at TEXT NOT NULL,
  accepted_by_user_id INTEGER NOT NULL REFERENCES users(id)
);

-- Append-only. Amounts positive; the kind says which way the money moved.
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  voucher_id INTEGER NOT NULL REFERENCES vouchers(id),
  order_id INTEGER REFERENCES orders(id),
  kind TEXT NOT NULL CHECK (kind IN ('grant', 'reserve', 'release', 'spend', 'expire', 'cancel')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  created_at TEXT NOT NULL
);
CREATE INDEX ledger_entries_voucher ON ledger_entries(voucher_id, id);

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id INTEGER,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
