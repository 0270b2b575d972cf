-- Delivery reports, outcome bonuses, monthly invoices, credit notes and payments (issue 6).

-- VAT of a service in basis points (2550 = 25.5 %, 0 = none) and, for 0 %, why (EN 16931
-- category E needs an exemption reason; Z = zero-rated has none).
ALTER TABLE service_descriptions ADD COLUMN vat_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (vat_rate_bp BETWEEN 0 AND 10000);
ALTER TABLE service_descriptions ADD COLUMN vat_category TEXT NOT NULL DEFAULT 'E' CHECK (vat_category IN ('S', 'Z', 'E'));
ALTER TABLE service_descriptions ADD COLUMN vat_exemption_reason TEXT NOT NULL DEFAULT '';

-- The buyer on invoices: the organizer's address, invoice reference and payment terms.
-- "{service}" in the template is replaced by the service description's Finnish name (seed 001).
ALTER TABLE organizers ADD COLUMN street_address TEXT NOT NULL DEFAULT '';
ALTER TABLE organizers ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE organizers ADD COLUMN post_office TEXT NOT NULL DEFAULT '';
ALTER TABLE organizers ADD COLUMN invoice_reference_template TEXT NOT NULL DEFAULT 'Dynaaminen pienhankinta / {service}';
ALTER TABLE organizers ADD COLUMN payment_terms_days INTEGER NOT NULL DEFAULT 21 CHECK (payment_terms_days BETWEEN 0 AND 365);

-- The customer-specific service report (palveluraportti), one per order; the counsellor reads it.
-- meetings: JSON [{"date":"2026-11-02","minutes":90,"actions":"..."}].
CREATE TABLE service_reports (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  starting_situation TEXT NOT NULL DEFAULT '',
  goal TEXT NOT NULL DEFAULT '',
  meetings TEXT NOT NULL DEFAULT '[]',
  concrete_actions TEXT NOT NULL DEFAULT '',
  employment_findings TEXT NOT NULL DEFAULT '',
  follow_up_plan TEXT NOT NULL DEFAULT '',
  follow_up_schedule TEXT NOT NULL DEFAULT '',
  due_on TEXT NOT NULL,
  submitted_at TEXT,
  reminded_at TEXT,
  updated_by_user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The billing report (laskutusraportti), one per order: realized minutes per meeting (hourly
-- services) or the delivery confirmation (fixed price), and at most one bonus claim with the
-- evidence its service description asks for. The organizer approves it (or returns it with a
-- reason); approved reports are what the monthly invoice run bills.
CREATE TABLE billing_reports (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  meetings TEXT NOT NULL DEFAULT '[]',
  delivery_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (delivery_confirmed IN (0, 1)),
  bonus_code TEXT,
  bonus_evidence TEXT NOT NULL DEFAULT '',
  bonus_status TEXT CHECK (bonus_status IN ('claimed', 'approved', 'rejected')),
  return_reason TEXT,
  due_on TEXT NOT NULL,
  submitted_at TEXT,
  decided_at TEXT,
  decided_by_user_id INTEGER REFERENCES users(id),
  reminded_at TEXT,
  updated_by_user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE invoice_runs (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL,
  created_by_user_id INTEGER REFERENCES users(id),
  invoice_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Invoices and credit notes (kind), with the parties as they were on the issue date (JSON).
-- Amounts are positive; a credit note's kind says it reduces. status: sent → approved | disputed
-- → paid; credited when a credit note cancels it.
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  number TEXT NOT NULL UNIQUE,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  run_id INTEGER REFERENCES invoice_runs(id),
  credited_invoice_id INTEGER REFERENCES invoices(id),
  issue_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  reference_number TEXT NOT NULL,
  buyer_reference TEXT NOT NULL,
  net_cents INTEGER NOT NULL CHECK (net_cents >= 0),
  vat_cents INTEGER NOT NULL CHECK (vat_cents >= 0),
  gross_cents INTEGER NOT NULL CHECK (gross_cents >= 0),
  status TEXT NOT NULL CHECK (status IN ('sent', 'approved', 'disputed', 'paid', 'credited')),
  dispute_reason TEXT,
  seller_json TEXT NOT NULL,
  buyer_json TEXT NOT NULL,
  decided_at TEXT,
  decided_by_user_id INTEGER REFERENCES users(id),
  paid_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX invoices_order ON invoices(order_id);
CREATE INDEX invoices_provider ON invoices(provider_id, status);
CREATE INDEX invoices_issue_date ON invoices(issue_date);

-- quantity in thousandths (1.5 h = 1500); unit_code UN/ECE rec 20 (HUR hour, C62 one).
CREATE TABLE invoice_lines (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  line_no INTEGER NOT NULL,
  description TEXT NOT NULL,
  quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
  unit_code TEXT NOT NULL,
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  net_cents INTEGER NOT NULL CHECK (net_cents >= 0),
  vat_rate_bp INTEGER NOT NULL,
  vat_category TEXT NOT NULL CHECK (vat_category IN ('S', 'Z', 'E')),
  bonus_code TEXT,
  UNIQUE (invoice_id, line_no)
);

CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  paid_on TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('manual', 'csv')),
  reference TEXT NOT NULL DEFAULT '',
  recorded_by_user_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX payments_invoice ON payments(invoice_id);

-- A credit note after approval returns what the approved invoice spent: `refund` moves money from
-- spent back to available (followed at once by `expire`/`cancel` when the voucher has ended).
-- SQLite cannot change a CHECK in place: the table is rebuilt with the same rows and ids.
CREATE TABLE ledger_entries_new (
  id INTEGER PRIMARY KEY,
  voucher_id INTEGER NOT NULL REFERENCES vouchers(id),
  order_id INTEGER REFERENCES orders(id),
  kind TEXT NOT NULL CHECK (kind IN ('grant', 'reserve', 'release', 'spend', 'expire', 'cancel', 'refund')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  created_at TEXT NOT NULL
);
INSERT INTO ledger_entries_new (id, voucher_id, order_id, kind, amount_cents, created_at)
  SELECT id, voucher_id, order_id, kind, amount_cents, created_at FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_new RENAME TO ledger_entries;
CREATE INDEX ledger_entries_voucher ON ledger_entries(voucher_id, id);
-- Approve and credit sum an order's entries under its row lock.
CREATE INDEX ledger_entries_order ON ledger_entries(order_id);
