-- A dead letter is waiting (replayed in order) or parked (the receiver rejected it for good: kept
-- and listed, replayed only on an operator's retry), with its last error, how often it was tried,
-- and when it was stored.
ALTER TABLE dead_letter ADD COLUMN parked BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE dead_letter ADD COLUMN error VARCHAR(2000);
ALTER TABLE dead_letter ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE dead_letter ADD COLUMN stored_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX dead_letter_waiting ON dead_letter (handler_id, parked, sequence);
