-- A launch as the gateway accepted it. The updater owns the run's history; this row answers reads right
-- after a launch (before the updater has seen it) and makes Idempotency-Key replays return the same run.
-- No foreign keys: a run outlives the task and the user it came from.
CREATE TABLE run_launch (
    id              uuid         PRIMARY KEY,
    task_id         uuid         NOT NULL,
    owner_id        uuid         NOT NULL,
    action          varchar(100) NOT NULL,
    input           jsonb        NOT NULL,
    priority        varchar(8)   NOT NULL,
    max_attempts    integer      NOT NULL,
    timeout_ms      bigint       NOT NULL,
    idempotency_key varchar(200),
    created_at      timestamptz  NOT NULL,
    CONSTRAINT run_launch_idempotency_key UNIQUE (owner_id, idempotency_key)
);

-- Records waiting to be published, written in the launch's transaction (transactional outbox).
CREATE TABLE outbox (
    id           bigserial    PRIMARY KEY,
    run_id       uuid         NOT NULL,
    topic        varchar(200) NOT NULL,
    record_key   varchar(200) NOT NULL,
    payload      bytea        NOT NULL,
    -- Checked so no row can carry headers the relay cannot read (it would hold up every row behind it).
    headers      jsonb        NOT NULL CHECK (jsonb_typeof(headers) = 'object'),
    traceparent  varchar(55),
    created_at   timestamptz  NOT NULL,
    published_at timestamptz
);

-- The relay scans unpublished rows in id order; the cleanup scans published ones by age.
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
