package io.tearline.store;

/**
 * A body portion as one reader sees it.
 *
 * @param index   the reader's own numbering: 1..n over the portions this reader sees, in order, so that
 *                gaps never tell where withheld portions are
 * @param id      a stable name for the portion that says nothing of its position among withheld ones: a
 *                keyed MAC (the store's secret) of the report id, the portion's marking and text, and
 *                which occurrence of that same marking and text it is. The same for every read of every
 *                version in which the portion is unchanged; a portion whose marking or text changes gets
 *                a new id. Portions elsewhere in the report, visible or not, never change it.
 * @param portion the stored portion ({@link Portion#index()} is its stored position: for trusted
 *                callers and the owner's audit, never for the reader)
 */
public record VisiblePortion(int index, String id, Portion portion) {}
