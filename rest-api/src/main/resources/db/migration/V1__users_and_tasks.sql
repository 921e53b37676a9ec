-- Emails are stored lower-cased, so this unique constraint is case-insensitive in effect; it also makes
-- the admin bootstrap safe when several gateway instances start at once.
CREATE TABLE app_user (
    id            uuid         PRIMARY KEY,
    name          varchar(100) NOT NULL,
    email         varchar(254) NOT NULL CONSTRAINT app_user_email_key UNIQUE,
    password_hash varchar(100) NOT NULL,
    role          varchar(16)  NOT NULL,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL
);

CREATE TABLE task (
    id           uuid          PRIMARY KEY,
    owner_id     uuid          NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    title        varchar(200)  NOT NULL,
    description  varchar(2000),
    action       varchar(100)  NOT NULL,
    input        jsonb         NOT NULL,
    priority     varchar(8)    NOT NULL,
    max_attempts integer       NOT NULL,
    timeout_ms   bigint        NOT NULL,
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    CONSTRAINT task_owner_title_key UNIQUE (owner_id, title)
);
