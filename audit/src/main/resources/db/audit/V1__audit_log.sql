-- The audit log (module audit). Portable SQL: the same script runs on H2 2.x and PostgreSQL 15.
-- One row per leaf; idx is dense from 0 in commit order. leaf is the exact canonical JSON that is
-- hashed; leaf_hash = SHA-256(0x00 || leaf), kept so that proofs never re-hash entries.
CREATE TABLE audit_entry (
    idx        BIGINT        NOT NULL PRIMARY KEY,
    leaf       BYTEA         NOT NULL,
    leaf_hash  BYTEA         NOT NULL,
    -- access metadata beside the leaf (not covered by the tree): who the entry concerns
    reader     VARCHAR(16),
    owners     VARCHAR(1024) NOT NULL
);

-- Openings of salted commitments in a leaf: field carries base64(SHA-256(salt || secret)).
CREATE TABLE audit_opening (
    idx     BIGINT       NOT NULL,
    field   VARCHAR(256) NOT NULL,
    nation  VARCHAR(16)  NOT NULL,
    salt    BYTEA        NOT NULL,
    secret  BYTEA        NOT NULL,
    PRIMARY KEY (idx, field)
);

-- Signed checkpoints (C2SP signed notes), one per tree size ever signed.
CREATE TABLE audit_checkpoint (
    tree_size  BIGINT        NOT NULL PRIMARY KEY,
    root_hash  BYTEA         NOT NULL,
    note       VARCHAR(4000) NOT NULL,
    signed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The leaf hashes of every complete, aligned chunk of 256 leaves in one row, and the chunk's subtree
-- root, written in the transaction that completes the chunk: a proof reads one row per chunk instead of
-- 256, and start-up rebuilds the tree from the roots instead of re-reading every entry.
CREATE TABLE audit_chunk (
    chunk        BIGINT NOT NULL PRIMARY KEY,
    root         BYTEA  NOT NULL,
    leaf_hashes  BYTEA  NOT NULL
);
