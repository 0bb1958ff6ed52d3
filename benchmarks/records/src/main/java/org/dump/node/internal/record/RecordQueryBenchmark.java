package org.dump.node.internal.record;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query latency over a store of listings, as the market asks: the newest page, a text search in title and
 * description, a price range, and text searches with a price range ordered by price. Each answers one page of 20.
 * Sample mode, so JMH reports the median and the 99th percentile. On embedded Derby, or with
 * {@code -p database=postgresql} (or {@code derby,postgresql}) on a fresh PostgreSQL database ({@link BenchmarkDatabase}).
 * {@code -p search=index} answers text searches from the store's text index (issue 28), {@code like} from SQL as
 * before it. With {@code -Ddump.bench.reuse=DIR} (in {@code -jvmArgsAppend}) a filled Derby store is kept in
 * {@code DIR/listings-N} and used again by later trials and runs: 10⁶ listings take minutes to write.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RecordQueryBenchmark {

    @Param("100000")
    public int listings;

    @Param("derby")
    public String database;

    /** {@code index}: text searches answered by the text index; {@code like}: by SQL's LIKE, as before issue 28. */
    @Param({"index", "like"})
    public String search;

    private BenchmarkNode node;
    private Path kept;
    private final Random random = new Random(42);

    @Setup(Level.Trial)
    public void fill() throws Exception {
        kept = "derby".equals(database) ? BenchmarkNode.reusable("listings-" + listings) : null;
        boolean filled = kept != null && Files.exists(kept.resolve("filled"));
        Path directory = kept != null ? Files.createDirectories(kept) : Files.createTempDirectory("dump-bench-queries");
        node = new BenchmarkNode(directory, database, "index".equals(search));
        if (!filled) {
            long start = System.nanoTime();
            node.fill(listings);
            if (kept != null) {
                Files.writeString(kept.resolve("filled"), listings + " listings written in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms, search=" + search + "\n");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        node.close();
        if (kept == null) {
            node.delete();
        }
    }

    @Benchmark
    public RecordPage newestPage() {
        return node.records.query("market", RecordQuery.ofType("listing").page(0, 20));
    }

    @Benchmark
    public RecordPage textSearch() {
        return node.records.query("market", RecordQuery.ofType("listing").page(0, 20)
                .where(RecordFilter.textContains(BenchmarkNode.words(random, 1), "title", "description")));
    }

    @Benchmark
    public RecordPage rareTextSearch() {
        // Two words in this order appear in few titles: the search reads far more rows than it returns.
        return node.records.query("market", RecordQuery.ofType("listing").page(0, 20)
                .where(RecordFilter.textContains(BenchmarkNode.words(random, 2), "title")));
    }

    @Benchmark
    public RecordPage priceRange() {
        BigDecimal min = BigDecimal.valueOf(random.nextInt(40_000), 2);
        return node.records.query("market", RecordQuery.ofType("listing").page(0, 20)
                .where(RecordFilter.numberBetween("price", min, min.add(BigDecimal.TEN))));
    }

    @Benchmark
    public RecordPage textAndPriceByPrice() {
        BigDecimal min = BigDecimal.valueOf(random.nextInt(40_000), 2);
        return node.records.query("market", RecordQuery.ofType("listing").page(0, 20)
                .where(RecordFilter.textContains(BenchmarkNode.words(random, 1), "title"))
                .where(RecordFilter.numberBetween("price", min, min.add(BigDecimal.valueOf(50))))
                .orderBy(RecordQuery.Order.byNumber("price", false)));
    }

    /**
     * Issue 28's query, as the market's search asks it: two words (as typed, "wool socks") in title or description,
     * a price window of 50.00 (a tenth of the prices), cheapest first.
     */
    @Benchmark
    public RecordPage twoWordsPriceByPrice() {
        BigDecimal min = BigDecimal.valueOf(random.nextInt(45_000), 2);
        return node.records.query("market", RecordQuery.ofType("listing").page(0, 20)
                .where(RecordFilter.textContains(BenchmarkNode.words(random, 2), "title", "description"))
                .where(RecordFilter.numberBetween("price", min, min.add(BigDecimal.valueOf(50))))
                .orderBy(RecordQuery.Order.byNumber("price", false)));
    }

    /** Two words in title or description, no price filter, newest first: the market's default order. */
    @Benchmark
    public RecordPage twoWordsNewest() {
        return node.records.query("market", RecordQuery.ofType("listing").page(0, 20)
                .where(RecordFilter.textContains(BenchmarkNode.words(random, 2), "title", "description")));
    }
}
