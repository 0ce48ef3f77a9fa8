-- Release to partners. A portion may be a tearline: a sanitised paraphrase of another portion
-- (derived_from: its stored position, 0 for none) released in place of it.
alter table store_portion add column tearline boolean default false not null;
alter table store_portion add column derived_from integer default 0 not null;

-- Foreign disclosure requests. The columns are what queues are filtered by; the request itself
-- (portions, replacements, organisations, findings, decisions) is a JSON document beside them.
create table store_disclosure (
    id varchar(16) primary key,
    report_id varchar(16) not null,
    owner varchar(32) not null,
    org varchar(200) not null,
    requester varchar(200) not null,
    status varchar(32) not null,
    report_version integer not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    document text not null,
    constraint store_disclosure_report foreign key (report_id) references store_report (id)
);
create index store_disclosure_status on store_disclosure (owner, status);
create index store_disclosure_requester on store_disclosure (requester);
