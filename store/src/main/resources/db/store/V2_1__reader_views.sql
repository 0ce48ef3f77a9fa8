-- What a read needs before it loads any text: the distinct label ids of each version, comma-separated
-- (null for versions written before this column; the store fills those in when it opens).
alter table store_version add column label_ids varchar(4000);

-- Secrets the store keys derived values with, created once per store (e.g. the portion ids readers see).
create table store_secret (
    name varchar(64) primary key,
    secret varchar(128) not null
);
