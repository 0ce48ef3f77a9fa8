-- Tearline store schema. Portable SQL: the same file runs on H2 2.x and PostgreSQL 15+.
-- Tables are prefixed store_ because other modules (audit) migrate into the same schema.

-- One row: the last change id handed out. A write bumps it as its last step, so the row lock
-- orders commits by change id and the committed ids form a gap-free prefix the index can follow.
create table store_counter (
    id integer primary key,
    change_id bigint not null
);
insert into store_counter (id, change_id) values (1, 0);

-- A label is everything a read decision depends on besides the reader:
-- (normalised portion marking, owner nation, ORCON dissemination list).
create table store_label (
    id integer primary key,
    key_hash varchar(64) not null,
    marking varchar(4000) not null,
    owner varchar(32) not null,
    orcon varchar(4000) not null,
    constraint store_label_key unique (key_hash)
);

create table store_report (
    id varchar(16) primary key,
    owner varchar(32) not null,
    org varchar(200) not null,
    version integer not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

-- Every version is kept; change_id marks the commit that made it (the index follows change ids).
create table store_version (
    report_id varchar(16) not null,
    version integer not null,
    banner varchar(4000) not null,
    orcon varchar(4000) not null,
    author varchar(200) not null,
    created_at timestamp with time zone not null,
    change_id bigint not null,
    primary key (report_id, version),
    constraint store_version_report foreign key (report_id) references store_report (id)
);
create index store_version_change on store_version (change_id);

-- Portion 0 is the title; 1..n are the body portions in order. The marking is kept exactly as the
-- originator wrote it, the normalised form beside it.
create table store_portion (
    report_id varchar(16) not null,
    version integer not null,
    idx integer not null,
    marking varchar(4000) not null,
    normalised varchar(4000) not null,
    label_id integer not null,
    body varchar(1000000) not null,
    primary key (report_id, version, idx),
    constraint store_portion_report foreign key (report_id) references store_report (id),
    constraint store_portion_label foreign key (label_id) references store_label (id)
);
