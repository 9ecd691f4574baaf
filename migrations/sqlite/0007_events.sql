-- Stored events (the transactional outbox, design.md "Events"): every domain event is a row
-- written in the transaction of the change it describes, with its recipients fixed at that
-- moment, so no event exists without its commit and no commit without its event.
--
-- txid: always 0 here. SQLite has one writer at a time, so ids are taken in commit order and
-- the (txid, id) order PostgreSQL needs (see its 0007) is the id order. The column keeps the
-- two dialects' statements the same.
-- payload: the object the WebSocket frame carries, without its "id", as JSON text.
-- Retention (TANDEM_EVENT_RETENTION_DAYS) deletes the oldest rows in small batches.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  txid INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,  -- microseconds since the Unix epoch, UTC
  channel TEXT NOT NULL,        -- task_updates, kanban_updates, project_updates
  type TEXT NOT NULL,           -- the payload's "event" (task_created, ...)
  payload TEXT NOT NULL
);

-- One row per recipient; the key is the order a user's events are read in ("this user's events
-- after X" is one range of it). No foreign key: both rows are written and deleted together.
CREATE TABLE event_recipients (
  user_uuid TEXT NOT NULL,
  txid INTEGER NOT NULL DEFAULT 0,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (user_uuid, txid, event_id)
) WITHOUT ROWID;
-- Retention deletes a batch of events' recipients by event id.
CREATE INDEX event_recipients_event ON event_recipients (event_id);
