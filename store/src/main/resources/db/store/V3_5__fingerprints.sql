-- The release guard's fingerprint index: winnowed hashes of word 5-grams of every portion of every
-- report's current version (see io.tearline.store.internal.Fingerprints). Written in the same
-- transaction as the report write it follows, replaced on every new version, rebuilt by reindex.
-- Looked up by hash to find stored portions that share a run of words with outgoing text.
create table store_fingerprint (
    hash bigint not null,
    report_id varchar(16) not null,
    idx integer not null,
    label_id integer not null,
    primary key (hash, report_id, idx)
);
create index store_fingerprint_report on store_fingerprint (report_id);
