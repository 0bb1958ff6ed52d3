package org.dump.node.internal.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordQuery;

/**
 * The CPU one search takes, beside its wall time: on a machine shared with other work, wall time measures the queue
 * for a core as much as the search. Runs the two-word searches of {@link RecordQueryBenchmark} on a store that
 * {@code RecordQueryBenchmark} filled and kept ({@code -Ddump.bench.reuse}), after a warm-up, and prints the median
 * and 99th percentile of both. Usage: {@code SearchCpuTime DIR/listings-N index|like [queries]}.
 */
public final class SearchCpuTime {

    private SearchCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        boolean index = "index".equals(args[1]);
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        try (BenchmarkNode node = new BenchmarkNode(directory, "derby", index)) {
            Random random = new Random(42);
            Function<Random, RecordQuery> newest = r -> RecordQuery.ofType("listing").page(0, 20)
                    .where(RecordFilter.textContains(BenchmarkNode.words(r, 2), "title", "description"));
            Function<Random, RecordQuery> byPrice = r -> {
                BigDecimal min = BigDecimal.valueOf(r.nextInt(45_000), 2);
                return newest.apply(r).where(RecordFilter.numberBetween("price", min, min.add(BigDecimal.valueOf(50))))
                        .orderBy(RecordQuery.Order.byNumber("price", false));
            };
            measure(node, "twoWordsNewest", newest, random, queries);
            measure(node, "twoWordsPriceByPrice", byPrice, random, queries);
        }
    }

    private static void measure(BenchmarkNode node, String name, Function<Random, RecordQuery> query, Random random,
            int queries) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < queries / 5; i++) {
            node.records.query("market", query.apply(random)); // warm-up
        }
        double[] wall = new double[queries];
        double[] cpu = new double[queries];
        for (int i = 0; i < queries; i++) {
            RecordQuery q = query.apply(random);
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            node.records.query("market", q);
            wall[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%s: %d queries, wall p50 %.2f ms p99 %.2f ms; CPU of the query's thread p50 %.2f ms p99 %.2f ms%n",
                name, queries, wall[queries / 2], wall[queries * 99 / 100], cpu[queries / 2], cpu[queries * 99 / 100]);
    }
}
