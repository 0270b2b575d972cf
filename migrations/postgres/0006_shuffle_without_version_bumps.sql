-- PostgreSQL twin of migrations/sqlite/0006. Here the catalog_version trigger is statement-level
-- already (0003), so a reshuffle batch bumps the version once; nothing to change.
SELECT 1;
