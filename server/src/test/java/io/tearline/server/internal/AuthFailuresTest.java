package io.tearline.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The counting of unauthenticated refusals: bounded entries, counts that add up. */
class AuthFailuresTest {

    @Test
    void manyAddressesCannotGrowTheSummary() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<AuditEvent.Unauthenticated> written = new ArrayList<>();
        try (AuthFailures failures = new AuthFailures(written::add, Clock.systemUTC())) {
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                String address = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
                failures.count(random.nextBoolean() ? "credentials.missing" : "token.signature", "GET /api/v1/me", address);
            }
            failures.flush();
            assertThat(written).as("seed %d", seed).hasSize(1);
            AuditEvent.Unauthenticated e = written.get(0);
            assertThat(e.total()).as("seed %d", seed).isEqualTo(n);
            assertThat(e.buckets().stream().mapToLong(AuditEvent.Unauthenticated.Bucket::count).sum()).isEqualTo(n);
            assertThat(e.buckets().stream().map(AuditEvent.Unauthenticated.Bucket::source).distinct().count())
                    .isLessThanOrEqualTo(AuthFailures.MAX_SOURCES + 1);
            assertThat(e.buckets()).anyMatch(b -> b.source().equals("other"));
            // the entry it becomes stays small
            assertThat(e.entry().leaf(0).length).isLessThan(64 * 1024);
            failures.flush();
            assertThat(written).as("an empty window writes nothing").hasSize(1);
        }
    }

    @Test
    void theLastWindowIsWrittenOnClose() {
        List<AuditEvent.Unauthenticated> written = new ArrayList<>();
        AuthFailures failures = new AuthFailures(written::add, Clock.systemUTC());
        failures.count("token.expired", "GET /api/v1/search", "10.1.2.3");
        failures.count("token.expired", "GET /api/v1/search", "10.1.2.200");
        assertThat(written).isEmpty();
        failures.close();
        assertThat(written).hasSize(1);
        assertThat(written.get(0).buckets()).singleElement().satisfies(b -> {
            assertThat(b.count()).isEqualTo(2);
            assertThat(b.source()).isEqualTo("10.1.2.0/24");
            assertThat(b.first()).isBeforeOrEqualTo(b.last());
        });
    }

    @Test
    void sourcesAreNetworksAndNeverNames() {
        assertThat(AuthFailures.network("192.168.7.9")).isEqualTo("192.168.7.0/24");
        assertThat(AuthFailures.network("2001:db8:1234:5678::1")).isEqualTo("2001:db8:1234::/48");
        assertThat(AuthFailures.network("[::1]")).isEqualTo("0:0:0::/48");
        assertThat(AuthFailures.network("example.com")).isEqualTo("unknown");
        assertThat(AuthFailures.network(null)).isEqualTo("unknown");
    }
}
