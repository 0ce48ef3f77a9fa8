/**
 * Security markings: parse, validate, normalise and roll up CAPCO-style banner and portion markings
 * (MARKINGS.md sections 1, 2, 4 and 5).
 *
 * <p>Entry points: {@link io.tearline.markings.Markings} ({@code check}, {@code checkPortion}, {@code parse},
 * {@code rollup}, {@code rollupMarkings}); the content model {@link io.tearline.markings.Marking} with its
 * canonical renderings {@code banner()} and {@code portion()}; results {@link io.tearline.markings.Check} and
 * {@link io.tearline.markings.Rollup}; the register data {@link io.tearline.markings.Register}; and the one
 * exception type {@link io.tearline.markings.MarkingException}. Everything here is immutable and
 * thread-safe; {@code io.tearline.markings.internal} is not API.
 */
package io.tearline.markings;
