/**
 * Reports and their security-trimmed search on Apache Accumulo 2.1, enforced by the tablet servers.
 *
 * <p>{@link io.tearline.store.accumulo.AccumuloReports} keeps reports as cells. A portion cell's
 * visibility is {@code (compiled)&GATE:<owner>:<level>}: the marking's access expression from
 * {@link io.tearline.access.MarkingCompiler} (clearance, nation, tetragraphs, accesses, ORCON lists) AND
 * the alliance gate token of the report's owner and the portion's level. A reader scans with
 * {@link io.tearline.store.accumulo.AccumuloReports#authorizations}: the principal's compiled
 * authorizations plus the token of every {@link io.tearline.store.accumulo.Gate} open to their nation
 * (the caller computes the open gates from the alliance's read policy; this module does not know the
 * alliance). What the tablet servers return is what the reader may see; DISPLAY ONLY obligations cannot
 * be expressed as visibilities and are the caller's to apply.
 *
 * <p>Search is a document-partitioned index in the same instance (the layout of Accumulo's wikisearch
 * example): see {@code internal.Layout} for the tables and {@code internal.IndexSearch} for how a query
 * runs. The query language is the Lucene backend's core (words, {@code prefix*}, {@code "phrases"},
 * {@code OR}) with its limits; anything else is refused with {@code search.unsupported}.
 *
 * <p>{@link io.tearline.store.accumulo.EmbeddedAccumulo} starts a MiniAccumuloCluster (for tests and a
 * demo). On JDK 25 it needs the Hadoop 3.5.0 client ({@code hadoop-client-api} and
 * {@code hadoop-client-runtime}, pinned in the parent pom: older clients call
 * {@code Subject.getSubject}) and no JVM flag of its own; the forked servers print JDK warnings only.
 * With one tablet server and 256 MiB heaps (ZooKeeper 128 MiB) it started in 24 to 44 s on a busy
 * two-core machine and its four server JVMs took 815 to 870 MiB resident.
 */
package io.tearline.store.accumulo;
