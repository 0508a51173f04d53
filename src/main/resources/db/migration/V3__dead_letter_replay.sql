-- One row per handler whose dead letters were replayed: the instance replaying them holds the
-- row's lock (SELECT ... FOR UPDATE SKIP LOCKED), so the others leave them alone.
CREATE TABLE IF NOT EXISTS dead_letter_replay (handler_id VARCHAR(64) PRIMARY KEY);
