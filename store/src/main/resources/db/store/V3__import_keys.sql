-- Reports stored by a bulk import, by the key that identifies them in their source: the record's
-- externalId ('id:' + it) or, when it has none, the digest of its content ('sha256:' + hex). One key per
-- owner nation at most once, written in the same transaction as the report, so that running an import
-- again (after an interrupt) skips what was stored.
create table store_import_key (
    owner varchar(32) not null,
    import_key varchar(300) not null,
    report_id varchar(16) not null,
    primary key (owner, import_key)
);
