-- Versioned documents that other parts of Tearline keep beside the reports (the alliance: its
-- communities, controls and assessments as JSON), every version kept; the highest version wins.
-- Written in the caller's transaction, which is the audit entry's.
create table store_document (
    kind varchar(64) not null,
    version bigint not null,
    document text not null,
    changed_at timestamp with time zone not null,
    changed_by varchar(200) not null,
    reason text not null,
    primary key (kind, version)
);

-- Reports loaded from an outside source (the demo's R1..R8), by their key there, so that loading
-- the source again skips what is already stored.
create table store_source_key (
    source_key varchar(64) primary key,
    report_id varchar(16) not null
);
