-- A version number of everything the public catalog shows, bumped by any change to cards,
-- their languages/areas, providers or service descriptions. Servers cache public catalog
-- pages per version, so every process sees a change at its next request. Statement-level
-- triggers: a bulk load bumps it once per statement, not once per row.
INSERT INTO counters (name, value) VALUES ('catalog_version', 1) ON CONFLICT (name) DO NOTHING;

CREATE FUNCTION bump_catalog_version() RETURNS trigger AS $$
BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'catalog_version';
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_version_cards AFTER INSERT OR UPDATE OR DELETE ON product_cards
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
CREATE TRIGGER catalog_version_languages AFTER INSERT OR DELETE ON product_card_languages
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
CREATE TRIGGER catalog_version_areas AFTER INSERT OR DELETE ON product_card_areas
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
CREATE TRIGGER catalog_version_providers AFTER UPDATE ON providers
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
CREATE TRIGGER catalog_version_services AFTER INSERT OR UPDATE ON service_descriptions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
