-- Voucher expiry (issue 5; PostgreSQL twin of migrations/sqlite/0007): the reminder 30 days before the end is sent once; the expiry job
-- records when it expired a voucher.
ALTER TABLE vouchers ADD COLUMN reminded_at TEXT;
ALTER TABLE vouchers ADD COLUMN expired_at TEXT;
CREATE INDEX vouchers_status_valid_until ON vouchers(status, valid_until);
