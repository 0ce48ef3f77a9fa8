package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit log and the store share one bounded connection pool: a burst of public proof and
 * checkpoint reads must neither keep connections for the log once it is over nor starve the store's
 * reads and writes while it lasts.
 */
class PoolStarvationTest {

    static DemoFixture demo;

    @BeforeEach
    void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterEach
    void stop() throws IOException {
        demo.close();
    }

    private static void burst(int clients, int rounds) throws InterruptedException {
        long size = demo.tearline.audit().size();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Integer>> all = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    long index = i % size;
                    String path = i % 4 == 3 ? "/api/v1/audit/checkpoint"
                            : "/api/v1/audit/proof/inclusion?index=" + index + "&size=" + size;
                    all.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return demo.get(path, null).statusCode();
                    }, pool));
                }
                go.countDown();
                for (CompletableFuture<Integer> f : all) {
                    assertThat(f.join()).isEqualTo(200);
                }
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A report read and a report write, each of which must finish well within {@code bound}. */
    private static void readAndWriteWithin(Duration bound) {
        CompletableFuture<HttpResponse<byte[]>> read = CompletableFuture.supplyAsync(
                () -> demo.get("/api/v1/reports/" + demo.id("R1"), "kenji"));
        CompletableFuture<HttpResponse<byte[]>> write = CompletableFuture.supplyAsync(
                () -> demo.post("/api/v1/reports", "ben", Map.of(
                        "title", Map.of("marking", "(U)", "text", "Pool check"),
                        "portions", List.of(Map.of("marking", "(S//REL TO USA, JPN)", "text", "a portion")))));
        HttpResponse<byte[]> r = read.orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS).join();
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        HttpResponse<byte[]> w = write.orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS).join();
        assertThat(w.statusCode()).as(new String(w.body())).isEqualTo(201);
    }

    @Test
    void aBurstOfPublicProofReadsLeavesTheStoreItsConnections() throws InterruptedException {
        readAndWriteWithin(Duration.ofSeconds(10)); // warm: the demo answers at all
        burst(48, 6);
        // the burst is over: nothing may still hold the pool's connections
        readAndWriteWithin(Duration.ofSeconds(5));
    }

    @Test
    void reportReadsAndWritesProceedDuringABurst() throws Exception {
        Thread noise = new Thread(() -> {
            try {
                burst(48, 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        noise.start();
        try {
            for (int i = 0; i < 3; i++) {
                readAndWriteWithin(Duration.ofSeconds(10));
            }
        } finally {
            noise.join(TimeUnit.MINUTES.toMillis(2));
        }
    }
}
