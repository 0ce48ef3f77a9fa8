-- The release guard's fingerprints moved into the search index (a multi-valued point field of each
-- portion's document, derived from the change feed like the rest of the index; see
-- io.tearline.store.internal.Fingerprints). The table V3_5 created is no longer written or read.
drop table if exists store_fingerprint;
