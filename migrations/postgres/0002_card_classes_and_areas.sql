-- Catalog filters: a PTV service class per card, and the card's languages and areas
-- (municipality codes) as rows, so filters use indexes instead of scanning text.
ALTER TABLE product_cards ADD COLUMN service_class TEXT NOT NULL DEFAULT '';
CREATE INDEX product_cards_class ON product_cards(status, service_class, sort_key);

CREATE TABLE product_card_languages (
  product_card_id BIGINT NOT NULL REFERENCES product_cards(id),
  language TEXT NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  PRIMARY KEY (language, product_card_id)
);
CREATE INDEX product_card_languages_card ON product_card_languages(product_card_id);

CREATE TABLE product_card_areas (
  product_card_id BIGINT NOT NULL REFERENCES product_cards(id),
  municipality_code TEXT NOT NULL,
  PRIMARY KEY (municipality_code, product_card_id)
);
CREATE INDEX product_card_areas_card ON product_card_areas(product_card_id);

INSERT INTO product_card_languages (product_card_id, language)
  SELECT id, 'fi' FROM product_cards WHERE (',' || languages || ',') LIKE '%,fi,%';
INSERT INTO product_card_languages (product_card_id, language)
  SELECT id, 'sv' FROM product_cards WHERE (',' || languages || ',') LIKE '%,sv,%';
INSERT INTO product_card_languages (product_card_id, language)
  SELECT id, 'en' FROM product_cards WHERE (',' || languages || ',') LIKE '%,en,%';
