-- What a read needs before it loads any text: for each report, its owner, current version and the
-- distinct label ids of that version (comma-separated; null for reports written before this table,
-- which the store fills in when it opens). A sentinel row 'g' sorts after every report id (16 hex
-- digits), so that "the first row at or after an id" finds exactly one row whether or not that
-- report exists: a read decides a report it may not see at the cost of deciding a missing one.
create table store_head (
    id varchar(16) primary key,
    owner varchar(32) not null,
    version integer not null,
    label_ids varchar(4000)
);
insert into store_head (id, owner, version, label_ids) select id, owner, version, null from store_report;
insert into store_head (id, owner, version, label_ids) values ('g', '', 0, '0');

-- Secrets the store keys derived values with, created once per store (e.g. the portion ids readers see).
create table store_secret (
    name varchar(64) primary key,
    secret varchar(128) not null
);
