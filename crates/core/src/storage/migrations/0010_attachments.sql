-- 招商台账 schema v10: 附件 (contracts, 签约 photos, PDFs, Word/Excel files) on projects,
-- companies and activities (issue 16).
--
-- `attachments` is a domain row like any other: written through the change log, so 撤销 and
-- sync follow it, and soft-deleted (deleted_at). Its content lives in `attachment_blobs`, keyed
-- by the SHA-256 of the bytes: immutable, stored once however many rows name it, never logged
-- as a change and never removed when a row is deleted (a restore or an undo finds it again).
-- Inside the ledger file, so SQLCipher encrypts it, VACUUM INTO backups and the integrity
-- check cover it like every other page (figures: crates/core/src/attachments/mod.rs).
CREATE TABLE attachments (
    id          TEXT PRIMARY KEY,
    -- 'project', 'company' or 'activity'
    owner       TEXT NOT NULL CHECK (owner IN ('project', 'company', 'activity')),
    owner_id    TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    -- the officer (id) at the keyboard when it was added
    added_by    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX attachments_owner ON attachments(owner, owner_id, added_at);
CREATE INDEX attachments_sha256 ON attachments(sha256);

CREATE TABLE attachment_blobs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    content     BLOB NOT NULL
);
