-- Auscult schema, version 1.
-- Times are UTC text as GRDB writes them ('YYYY-MM-DD HH:MM:SS.SSS'); JSON documents are text.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    birth_year INTEGER,
    sex TEXT NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'unknown')),
    device_family TEXT NOT NULL,
    device_model TEXT NOT NULL,
    device_name TEXT NOT NULL,
    device_generation INTEGER,
    source TEXT NOT NULL,
    split TEXT NOT NULL CHECK (split IN ('train', 'tuning', 'test')),
    created_at TEXT NOT NULL
);
CREATE INDEX users_by_split ON users (split);
CREATE INDEX users_by_device_model ON users (device_model);
CREATE INDEX users_by_device_family ON users (device_family);

-- One row per (user, label). A label a user lacks is unknown, never 0.
CREATE TABLE user_labels (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (user_id, name)
) WITHOUT ROWID;
CREATE INDEX user_labels_by_name ON user_labels (name, value);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER,
    parameters TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX jobs_by_state ON jobs (state);

CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    filename TEXT,
    format TEXT,
    byte_count INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    report TEXT,
    created_at TEXT NOT NULL
);

-- A user-week on the 4,096-bin grid. `series` is zlib(float32 little-endian, channel-major,
-- channels in the order `channels` lists them, each bin_count long).
CREATE TABLE weeks (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    start_local TEXT NOT NULL,
    utc_offset_seconds INTEGER NOT NULL,
    bin_count INTEGER NOT NULL CHECK (bin_count > 0),
    channels TEXT NOT NULL,
    series BLOB NOT NULL,
    coverage REAL NOT NULL CHECK (coverage BETWEEN 0 AND 1),
    low_coverage INTEGER NOT NULL CHECK (low_coverage IN (0, 1)),
    upload_id INTEGER REFERENCES uploads (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (user_id, start_local)
);
CREATE INDEX weeks_by_user ON weeks (user_id);

-- What the source knows the wearer was doing in each bin: zlib(one byte per bin, 0 or 1).
CREATE TABLE week_context_masks (
    week_id INTEGER NOT NULL REFERENCES weeks (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    mask BLOB NOT NULL,
    PRIMARY KEY (week_id, name)
) WITHOUT ROWID;

CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    sha256 TEXT NOT NULL,
    onnx BLOB NOT NULL,
    card TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    model_id INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    split TEXT NOT NULL CHECK (split IN ('train', 'tuning', 'test')),
    label TEXT NOT NULL,
    job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    metrics TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX evaluations_by_model ON evaluations (model_id);

-- One prediction per week of an evaluation; `label` is NULL when the user's label is unknown.
CREATE TABLE predictions (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    week_id INTEGER NOT NULL REFERENCES weeks (id) ON DELETE CASCADE,
    prediction REAL NOT NULL,
    label REAL,
    PRIMARY KEY (evaluation_id, week_id)
) WITHOUT ROWID;

-- Bearer tokens are stored as SHA-256 hex digests only; `prefix` identifies a token in listings.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'upload', 'admin')),
    label TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
