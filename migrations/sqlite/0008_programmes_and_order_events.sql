-- Voucher programmes, customers' applications and the organizer's decisions, and one row per
-- order transition (issue 5).

-- A programme: who may apply, when, for what, which values, within which budget. Denominations
-- are cents in programme order, comma-separated ("250000,500000").
CREATE TABLE voucher_programmes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  customer_type TEXT NOT NULL CHECK (customer_type IN ('business', 'person')),
  denominations TEXT NOT NULL,
  max_per_customer_cents INTEGER NOT NULL CHECK (max_per_customer_cents > 0),
  validity_months INTEGER NOT NULL CHECK (validity_months BETWEEN 1 AND 60),
  budget_cents INTEGER NOT NULL CHECK (budget_cents > 0),
  application_start TEXT NOT NULL,
  application_end TEXT NOT NULL,
  de_minimis INTEGER NOT NULL DEFAULT 0 CHECK (de_minimis IN (0, 1)),
  de_minimis_ceiling_cents INTEGER NOT NULL DEFAULT 30000000 CHECK (de_minimis_ceiling_cents > 0),
  fiscal_year_start_month INTEGER NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The service descriptions a programme's vouchers may buy.
CREATE TABLE voucher_programme_services (
  programme_id INTEGER NOT NULL REFERENCES voucher_programmes(id),
  service_description_id INTEGER NOT NULL REFERENCES service_descriptions(id),
  PRIMARY KEY (programme_id, service_description_id)
);

-- A customer's application (made by the customer or by a counsellor on its behalf) and the
-- organizer's decision. de_minimis_declaration: JSON [{"fiscal_year":2025,"amount_cents":0},...],
-- NULL when not declared.
CREATE TABLE voucher_applications (
  id INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES voucher_programmes(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  applicant_user_id INTEGER NOT NULL REFERENCES users(id),
  applicant_role TEXT NOT NULL CHECK (applicant_role IN ('customer', 'counsellor')),
  requested_cents INTEGER CHECK (requested_cents > 0),
  purpose TEXT NOT NULL DEFAULT '',
  de_minimis_declaration TEXT,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'granted', 'rejected')),
  reject_reason TEXT,
  voucher_id INTEGER REFERENCES vouchers(id),
  decided_by_user_id INTEGER REFERENCES users(id),
  decided_at TEXT,
  applied_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX voucher_applications_programme ON voucher_applications(programme_id, status);
CREATE INDEX voucher_applications_customer ON voucher_applications(customer_id);

-- Vouchers granted from a programme (older vouchers have none).
ALTER TABLE vouchers ADD COLUMN programme_id INTEGER REFERENCES voucher_programmes(id);
CREATE INDEX vouchers_programme ON vouchers(programme_id, customer_id);

-- Each order transition with its owner, time and reason (placing the order is the first row,
-- action 'place', from_status NULL). actor_user_id NULL = the system (expiry job).
CREATE TABLE order_events (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users(id),
  actor_role TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id, id);

-- The language a user last chose in the UI: their e-mails are written in it.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en'));
