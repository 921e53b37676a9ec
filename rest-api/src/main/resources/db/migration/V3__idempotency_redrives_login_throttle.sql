-- Idempotency-Key belongs to the user who sends it (docs/RUN-SEMANTICS.md), not to the run's owner: an admin
-- launching somebody's task never collides with that owner's keys. The unique constraint is what decides between
-- concurrent launches with one key. Keys live conveyor.launch.idempotency-retention; the purge then clears them
-- (the run_launch row stays: it is the run's launch data).
ALTER TABLE run_launch ADD COLUMN launched_by uuid;
UPDATE run_launch SET launched_by = owner_id;
ALTER TABLE run_launch ALTER COLUMN launched_by SET NOT NULL;
ALTER TABLE run_launch DROP CONSTRAINT run_launch_idempotency_key;
ALTER TABLE run_launch ADD CONSTRAINT run_launch_idempotency_key UNIQUE (launched_by, idempotency_key);
CREATE INDEX run_launch_idempotency_created_at_idx ON run_launch (created_at) WHERE idempotency_key IS NOT NULL;

-- The attempt the latest re-drive asked for: a conditional update on it lets one of two concurrent retries of
-- the same run through, and refuses a second retry before the updater has seen the first.
ALTER TABLE run_launch ADD COLUMN redrive_attempt integer;
ALTER TABLE run_launch ADD COLUMN redriven_at timestamptz;

-- Login attempts per email (unknown emails too, so the answer reveals nothing), shared by every gateway
-- instance: a fixed window that opens with the first attempt after the previous window ended.
CREATE TABLE login_throttle (
    email        varchar(254) PRIMARY KEY,
    window_start timestamptz  NOT NULL,
    attempts     integer      NOT NULL
);
CREATE INDEX login_throttle_window_start_idx ON login_throttle (window_start);
