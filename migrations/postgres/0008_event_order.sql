-- The relay on every instance reads all new events in the shared (txid, id) order and starts
-- from the newest one: both are ranges of this index (event_recipients' key serves one user's
-- events; this one serves everybody's).
CREATE INDEX events_order ON events (txid, id);
