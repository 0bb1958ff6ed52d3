package org.dump.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A flood of requests signed by one {@link FakePeer}, each with a new nonce and a {@code created} of the flood's
 * choosing, sent by a few threads at once as fast as the node answers them: the shape of issue 22's replay attack.
 */
public final class SignedFlood {

    private final FakePeer sender;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public SignedFlood(FakePeer sender) {
        this.sender = sender;
    }

    /**
     * Sends {@code count} POSTs of {@code body} to {@code path}, {@code threads} at a time, each signed at
     * {@code created}'s time (epoch seconds, asked anew per request).
     *
     * @return how many requests got each status; 0 counts those that got no answer
     */
    public Map<Integer, Integer> send(URI node, String path, byte[] body, int count, int threads, LongSupplier created)
            throws InterruptedException {
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                while (left.getAndDecrement() > 0) {
                    int status;
                    try {
                        status = client.send(sender.request(node, path, body, created.getAsLong()),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = 0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new AssertionError("the flood of " + count + " requests to " + path + " took over 5 minutes");
        }
        Map<Integer, Integer> counted = new TreeMap<>();
        statuses.forEach((status, n) -> counted.put(status, n.intValue()));
        return counted;
    }
}
