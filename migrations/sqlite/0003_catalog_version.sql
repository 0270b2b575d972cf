-- A version number of everything the public catalog shows, bumped by any change to cards,
-- their languages/areas, providers or service descriptions. Servers cache public catalog
-- pages per version, so every process sees a change at its next request.
INSERT INTO counters (name, value) VALUES ('catalog_version', 1) ON CONFLICT (name) DO NOTHING;

CREATE TRIGGER catalog_version_cards_insert AFTER INSERT ON product_cards BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_cards_update AFTER UPDATE ON product_cards BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_cards_delete AFTER DELETE ON product_cards BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_languages_insert AFTER INSERT ON product_card_languages BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_languages_delete AFTER DELETE ON product_card_languages BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_areas_insert AFTER INSERT ON product_card_areas BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_areas_delete AFTER DELETE ON product_card_areas BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_providers_update AFTER UPDATE ON providers BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_services_insert AFTER INSERT ON service_descriptions BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
CREATE TRIGGER catalog_version_services_update AFTER UPDATE ON service_descriptions BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'; END;
