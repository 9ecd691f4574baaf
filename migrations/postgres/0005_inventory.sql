-- Inventory (spec/beyo.md §1): Beyo's items, their notes, note subjects and history, and the
-- dealers with their notes and history, reached only through the schemes face's model registry
-- (domain/inventory/inventory_models.cpp). Users and roles are the identity tables (0001).
-- Integers are int4 as in the original; timestamps are microseconds since the Unix epoch, UTC,
-- filled by the server when a create leaves them out. The deletes of §1.5 are the FKs' actions.
-- Table names never contain "users" or "roles": the statement classifier (data_version.cpp)
-- would otherwise count every inventory write as a change to the rows authentication reads.
CREATE TABLE dealers (
  id SERIAL PRIMARY KEY,
  dealer_type TEXT,
  dealer_name TEXT,
  phone TEXT,
  email TEXT,
  raw_address TEXT,
  coordinates JSONB,
  age INTEGER,
  gender TEXT,
  purchased_count INTEGER DEFAULT 0,
  item_count INTEGER DEFAULT 0,
  created_at BIGINT
);
CREATE INDEX dealers_dealer_type ON dealers (dealer_type);
CREATE INDEX dealers_dealer_name ON dealers (dealer_name);
CREATE INDEX dealers_email ON dealers (email);
CREATE INDEX dealers_raw_address ON dealers (raw_address);
CREATE INDEX dealers_purchased_count ON dealers (purchased_count);
CREATE INDEX dealers_item_count ON dealers (item_count);

CREATE TABLE items (
  id SERIAL PRIMARY KEY,
  article_number TEXT,
  reference_number TEXT,
  category TEXT,
  type TEXT,
  properties JSONB DEFAULT '{}',
  dimensions JSONB DEFAULT '{}',
  issues JSONB DEFAULT '[]',
  parts JSONB DEFAULT '[]',
  missing_parts JSONB DEFAULT '[]',
  purchased_price INTEGER DEFAULT 0,
  valuation INTEGER DEFAULT 0,
  sold_price INTEGER DEFAULT 0,
  metafields JSONB DEFAULT '{}',
  state TEXT,
  location TEXT,
  images JSONB,
  created_at BIGINT,
  created_by TEXT,
  dealer_id INTEGER REFERENCES dealers (id) ON DELETE SET NULL
);
-- article_number is not unique: the client uses it as a business key all the same.
CREATE INDEX items_article_number ON items (article_number);
CREATE INDEX items_reference_number ON items (reference_number);
CREATE INDEX items_category ON items (category);
CREATE INDEX items_type ON items (type);
CREATE INDEX items_state ON items (state);
CREATE INDEX items_location ON items (location);
CREATE INDEX items_purchased_price ON items (purchased_price);
CREATE INDEX items_valuation ON items (valuation);
CREATE INDEX items_sold_price ON items (sold_price);
CREATE INDEX items_dealer_id ON items (dealer_id);
-- The client's searches are containment tests (@>), which jsonb_path_ops serves.
CREATE INDEX items_properties ON items USING GIN (properties jsonb_path_ops);
CREATE INDEX items_dimensions ON items USING GIN (dimensions jsonb_path_ops);
CREATE INDEX items_issues ON items USING GIN (issues jsonb_path_ops);
CREATE INDEX items_missing_parts ON items USING GIN (missing_parts jsonb_path_ops);

CREATE TABLE item_note_subjects (
  id SERIAL PRIMARY KEY,
  subject TEXT,
  notes_counter INTEGER DEFAULT 0
);
CREATE INDEX item_note_subjects_subject ON item_note_subjects (subject);

CREATE TABLE item_notes (
  id SERIAL PRIMARY KEY,
  note_content TEXT,
  creation_time BIGINT,
  subject_id INTEGER REFERENCES item_note_subjects (id) ON DELETE SET NULL
);
CREATE INDEX item_notes_subject_id ON item_notes (subject_id);

-- Deleting an item or a note removes its links; the other side survives.
CREATE TABLE items_notes (
  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  note_id INTEGER NOT NULL REFERENCES item_notes (id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, note_id)
);
CREATE INDEX items_notes_note_id ON items_notes (note_id);

-- An item's audit trail goes with the item.
CREATE TABLE item_history (
  id SERIAL PRIMARY KEY,
  column_name TEXT,
  from_value JSONB,
  to_value JSONB,
  recorded_time BIGINT,
  item_id INTEGER REFERENCES items (id) ON DELETE CASCADE,
  type TEXT,
  user_name TEXT
);
CREATE INDEX item_history_column_name ON item_history (column_name);
CREATE INDEX item_history_item_id ON item_history (item_id);
CREATE INDEX item_history_type ON item_history (type);

-- A dealer's notes and history outlive the dealer, detached.
CREATE TABLE dealer_history (
  id SERIAL PRIMARY KEY,
  column_name TEXT,
  from_value JSONB,
  to_value JSONB,
  recorder_time BIGINT,
  dealer_id INTEGER REFERENCES dealers (id) ON DELETE SET NULL
);
CREATE INDEX dealer_history_dealer_id ON dealer_history (dealer_id);

CREATE TABLE dealer_notes (
  id SERIAL PRIMARY KEY,
  subject TEXT,
  content TEXT,
  created_at BIGINT,
  dealer_id INTEGER REFERENCES dealers (id) ON DELETE SET NULL
);
CREATE INDEX dealer_notes_dealer_id ON dealer_notes (dealer_id);
