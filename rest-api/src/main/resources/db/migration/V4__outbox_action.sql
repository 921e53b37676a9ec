-- The run's action, for the relay's publish span (conveyor.action): the row is read without decoding its payload.
ALTER TABLE outbox ADD COLUMN action varchar(100);
