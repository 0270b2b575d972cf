-- The number of published cards, kept by triggers, so the unfiltered catalog does not count
-- every card on each page view (a full index scan at 100 000 cards). Statement-level triggers
-- with transition tables: a bulk insert adjusts the total once.
INSERT INTO counters (name, value) VALUES ('published_cards', (SELECT COUNT(*) FROM product_cards WHERE status = 'published'));

CREATE FUNCTION published_cards_after_insert() RETURNS trigger AS $$
BEGIN
  UPDATE counters SET value = value + (SELECT COUNT(*) FROM new_rows WHERE status = 'published')
  WHERE name = 'published_cards';
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE FUNCTION published_cards_after_delete() RETURNS trigger AS $$
BEGIN
  UPDATE counters SET value = value - (SELECT COUNT(*) FROM old_rows WHERE status = 'published')
  WHERE name = 'published_cards';
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE FUNCTION published_cards_after_update() RETURNS trigger AS $$
BEGIN
  UPDATE counters SET value = value + (SELECT COUNT(*) FROM new_rows WHERE status = 'published')
                                    - (SELECT COUNT(*) FROM old_rows WHERE status = 'published')
  WHERE name = 'published_cards';
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER published_cards_insert AFTER INSERT ON product_cards REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION published_cards_after_insert();
CREATE TRIGGER published_cards_delete AFTER DELETE ON product_cards REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION published_cards_after_delete();
CREATE TRIGGER published_cards_update AFTER UPDATE ON product_cards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION published_cards_after_update();
