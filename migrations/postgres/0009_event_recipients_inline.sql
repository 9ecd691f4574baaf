-- Each event also keeps its recipients (their uuids joined by commas) in its own row: the relay
-- reads them from there, and retention deletes a batch's recipient rows by their primary key.
-- So the index on event_recipients(event_id) goes: it cost every stored event one more index
-- entry per recipient in the writing transaction.
ALTER TABLE events ADD COLUMN recipients TEXT NOT NULL DEFAULT '';
UPDATE events e SET recipients = coalesce(
  (SELECT string_agg(r.user_uuid::text, ',') FROM event_recipients r WHERE r.event_id = e.id), '');
DROP INDEX event_recipients_event;
