-- Week-level labels (a label that holds for one week, e.g. a diagnosis date); they override the
-- user's label of the same name for that week.
CREATE TABLE week_labels (
    week_id INTEGER NOT NULL REFERENCES weeks (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (week_id, name)
) WITHOUT ROWID;
CREATE INDEX week_labels_by_name ON week_labels (name, value);

-- Uploads are recorded when received; `external_id` is the wearer named with the upload, and an
-- upload with the same content for the same wearer is recognised by (external_id, sha256).
ALTER TABLE uploads ADD COLUMN external_id TEXT;
CREATE INDEX uploads_by_content ON uploads (external_id, sha256);
