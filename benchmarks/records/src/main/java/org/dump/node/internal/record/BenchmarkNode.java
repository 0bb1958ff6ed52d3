package org.dump.node.internal.record;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.dump.api.record.AuthorReference;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.RecordInventory;
import org.dump.node.testing.TestNodeIdentity;
import org.osgi.framework.Version;

/**
 * The node's record store as the benchmarks use it: its components ({@link TestRecords}) on the node's
 * persistence unit (EclipseLink) and a pooled datasource as the node's, on an embedded Derby database on disk or on
 * PostgreSQL ({@link BenchmarkDatabase}), exactly as in a node but without OSGi around it.
 */
public final class BenchmarkNode implements AutoCloseable {

    static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 1, "org.dump.module.market",
            new Version(1, 0, 0));

    private static final String[] WORDS = ("socks wool red blue green lamp table chair boots hiking bicycle kettle "
            + "teapot scarf hat coat jacket shirt desk shelf mirror clock radio guitar piano drum book novel atlas "
            + "camera lens tripod tent stove pan pot knife spoon fork plate bowl cup mug vase rug pillow blanket "
            + "sofa bed crib stroller toy puzzle game ball racket skates helmet gloves ring necklace watch").split(" ");

    private final Path directory;
    private final BenchmarkDatabase database;
    private final EntityManagerFactory factory;
    final TestRecords records;
    private final TestNodeIdentity identity = new TestNodeIdentity();

    public BenchmarkNode(Path directory) {
        this(directory, BenchmarkDatabase.DERBY);
    }

    /**
     * A node whose files live in {@code directory}, on {@code database}: {@code derby} (in that folder) or
     * {@code postgresql} (a fresh database, see {@link BenchmarkDatabase}; dropped by {@link #discard()} and
     * {@link #delete()}).
     */
    public BenchmarkNode(Path directory, String database) {
        this(directory, database, false);
    }

    /**
     * @param search whether the store keeps its text index (in {@code directory/search}), with the market's fields
     *               declared as its {@code @Module(search = ...)} declares them; without it, text searches go to SQL
     */
    public BenchmarkNode(Path directory, String database, boolean search) {
        this.directory = directory;
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        }
        // As the node distribution sets it (karaf-assembly/pom.xml); read when Derby boots.
        if (System.getProperty("derby.storage.logBufferSize") == null) {
            System.setProperty("derby.storage.logBufferSize", "1048576");
        }
        this.database = BenchmarkDatabase.open(database, directory);
        factory = Persistence.createEntityManagerFactory(Transactions.UNIT,
                Map.of("javax.persistence.nonJtaDataSource", this.database.dataSource()));
        records = new TestRecords(factory, identity, 512 * 1024, search ? directory.resolve("search") : null);
        if (search) {
            records.declareSearch("market", "listing.title", "listing.description");
            records.search().settled().join(); // an index new to these records is made from the database first
        }
    }

    /** @return the directory of a filled store to use again: {@code dump.bench.reuse}, or null for a new one */
    static Path reusable(String name) {
        String reuse = System.getProperty("dump.bench.reuse");
        return reuse == null ? null : Path.of(reuse, name);
    }

    /** Writes {@code listings} market listings from 16 threads at once, by 16 authors. */
    public void fill(int listings) throws InterruptedException, ExecutionException {
        ExecutorService writers = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        int perWriter = listings / 16;
        for (int w = 0; w < 16; w++) {
            int seed = w;
            done.add(writers.submit(() -> {
                Random words = new Random(seed);
                AuthorReference author = new AuthorReference("author" + "abcdefghijklmnop".charAt(seed) + "x".repeat(19));
                for (int i = 0; i < perWriter; i++) {
                    records.create(MARKET, "listing", listing(words), author);
                }
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();
    }

    public RecordInventory inventory() {
        return records.inventory();
    }

    public RecordIngest ingest() {
        return records.ingest();
    }

    public TestNodeIdentity identity() {
        return identity;
    }

    /** A listing like the market's, with random words and a random price, about 300 bytes of JSON. */
    static Map<String, Object> listing(Random random) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("title", words(random, 3));
        payload.put("description", words(random, 30));
        payload.put("price", BigDecimal.valueOf(random.nextInt(50_000), 2));
        payload.put("currency", "EUR");
        return payload;
    }

    static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        records.stop();
        factory.close();
        database.close();
    }


    /** Stops the store and removes its database. */
    public void discard() throws IOException {
        close();
        delete();
    }

    /** Removes the database: its folder, or its PostgreSQL database. */
    public void delete() throws IOException {
        database.drop();
        deleteDirectory(directory);
    }

    /** Removes {@code directory} with all it holds: the benchmarks' databases live in temporary folders. */
    public static void deleteDirectory(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
