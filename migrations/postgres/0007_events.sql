-- Stored events (the transactional outbox, design.md "Events"): every domain event is a row
-- written in the transaction of the change it describes, with its recipients fixed at that
-- moment, so no event exists without its commit and no commit without its event.
--
-- txid: the writing transaction's id. Ids are taken at INSERT but transactions commit in any
-- order, so "id > cursor" alone would skip an event whose transaction commits late. Readers
-- take only rows whose transaction has finished (txid below the snapshot's xmin) and order them
-- by (txid, id): that order never gains a row in front of a position already read.
-- payload: the object the WebSocket frame carries, without its "id". JSON rather than JSONB:
-- it is stored and returned byte for byte, so a frame read back is the frame that was built.
--
-- Retention (TANDEM_EVENT_RETENTION_DAYS) deletes the oldest rows in small batches. A later
-- step could partition both tables by day of created_at and drop whole partitions (no dead
-- tuples, no vacuum); not done yet: every key would have to carry created_at, and at a week of
-- events per user the batched deletes stay small.
CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  txid BIGINT NOT NULL DEFAULT txid_current(),
  created_at BIGINT NOT NULL,  -- microseconds since the Unix epoch, UTC
  channel TEXT NOT NULL,       -- task_updates, kanban_updates, project_updates
  type TEXT NOT NULL,          -- the payload's "event" (task_created, ...)
  payload JSON NOT NULL
);

-- One row per recipient. The key is the order a user's events are read in ("this user's events
-- after X" is one range of it); txid is copied from the event for that. No foreign key to
-- events: both rows are written by one statement and deleted in one transaction, and a key
-- check per recipient would only slow the writing transaction down.
CREATE TABLE event_recipients (
  user_uuid UUID NOT NULL,
  txid BIGINT NOT NULL DEFAULT txid_current(),
  event_id BIGINT NOT NULL,
  PRIMARY KEY (user_uuid, txid, event_id)
);
-- Retention deletes a batch of events' recipients by event id.
CREATE INDEX event_recipients_event ON event_recipients (event_id);
