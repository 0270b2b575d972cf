-- The number of published cards, kept by triggers, so the unfiltered catalog does not count
-- every card on each page view (a full index scan at 100 000 cards).
INSERT INTO counters (name, value) VALUES ('published_cards', (SELECT COUNT(*) FROM product_cards WHERE status = 'published'));

CREATE TRIGGER published_cards_insert AFTER INSERT ON product_cards WHEN new.status = 'published' BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'published_cards'; END;
CREATE TRIGGER published_cards_delete AFTER DELETE ON product_cards WHEN old.status = 'published' BEGIN
  UPDATE counters SET value = value - 1 WHERE name = 'published_cards'; END;
CREATE TRIGGER published_cards_update AFTER UPDATE OF status ON product_cards
  WHEN (old.status = 'published') <> (new.status = 'published') BEGIN
  UPDATE counters SET value = value + (CASE WHEN new.status = 'published' THEN 1 ELSE -1 END)
  WHERE name = 'published_cards'; END;
