package org.dump.node.internal.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What one catch-up record costs Derby to store, by part of its row: plain JDBC inserts of N listings in
 * transactions of 500 (as the record writer does: a primary-key probe per record, then the record and number rows
 * in JDBC batches), into the node's own schema (made by EclipseLink from the entities, as on a node), with variants
 * that leave one part out or change it. Prints the CPU time of the inserting thread per record, per round and as
 * the median of the rounds after the first (warm-up); variants are interleaved within each round.
 *
 * <p>Variants: {@code node} (as stored now: ids that sort by time, payload in the row, which of a batch's ids exist
 * read in one scan of their range), {@code id-probes} (asked id by id as before), {@code random-ids} (ids random as
 * before, asked id by id), {@code clob} (payload in the CLOB column as before), {@code before} (all three as before),
 * {@code no-newest}
 * (without the newest-first index), {@code no-numbers} (without the number rows), {@code no-probe} (without asking
 * first whether each record exists).
 *
 * <p>Usage: java … RecordRowCost [N] [ROUNDS] [VARIANT,…] (default 20,000, 5, all)
 */
public final class RecordRowCost {

    private static final String BASE32_SORTED = "234567abcdefghijklmnopqrstuvwxyz";
    private static final List<String> ALL = List.of("node", "id-probes", "random-ids", "clob", "before", "no-newest",
            "no-numbers", "no-probe");

    private RecordRowCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> variants = args.length > 2 ? Arrays.asList(args[2].split(",")) : ALL;
        Path work = Files.createTempDirectory("dump-bench-rows");
        System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
        try {
            try (BenchmarkNode schema = new BenchmarkNode(work.resolve("schema"))) {
                schema.fill(16); // makes the tables and indexes as a node does
            }
            Map<String, List<Double>> perRecord = new TreeMap<>();
            for (int round = 0; round < rounds; round++) {
                for (String variant : variants) {
                    Path database = work.resolve(variant + "-" + round);
                    copy(work.resolve("schema/db"), database);
                    double micros = insert(database, variant, n) / 1e3 / n;
                    System.out.printf("round %d %-11s %6.1f µs a record%n", round, variant, micros);
                    if (round > 0 || rounds == 1) {
                        perRecord.computeIfAbsent(variant, v -> new ArrayList<>()).add(micros);
                    }
                }
            }
            System.out.println("median µs of CPU a record (rounds after the first):");
            for (String variant : variants) {
                List<Double> values = new ArrayList<>(perRecord.get(variant));
                values.sort(null);
                System.out.printf("  %-11s %6.1f%n", variant, values.get(values.size() / 2));
            }
        } finally {
            BenchmarkNode.deleteDirectory(work);
        }
    }

    /** @return CPU nanoseconds of this thread for inserting {@code n} listings into {@code database} */
    private static long insert(Path database, String variant, int n) throws SQLException {
        boolean randomIds = variant.equals("random-ids") || variant.equals("before");
        boolean rangeProbe = variant.equals("node") || variant.equals("clob") || variant.equals("no-newest")
                || variant.equals("no-numbers");
        boolean clob = variant.equals("clob") || variant.equals("before");
        boolean numbers = !variant.equals("no-numbers");
        boolean probes = !variant.equals("no-probe");
        try (Connection connection = DriverManager.getConnection("jdbc:derby:" + database)) {
            connection.setAutoCommit(false);
            try (Statement schema = connection.createStatement()) {
                schema.execute("DELETE FROM DUMP_RECORD_FIELD");
                schema.execute("DELETE FROM DUMP_RECORD");
                if (variant.equals("no-newest")) {
                    schema.execute("DROP INDEX DUMP_RECORD_NEWEST_FIRST");
                }
            }
            connection.commit();
            String payloadColumn = clob ? "PAYLOAD" : "PAYLOAD_TEXT";
            Random random = new Random(1);
            String origin = digits(random, 32);
            String author = digits(random, 26);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            try (PreparedStatement probe = connection.prepareStatement(BatchRows.queries(connection)[0]);
                    PreparedStatement range = connection.prepareStatement(BatchRows.queries(connection)[1]);
                    PreparedStatement records = connection.prepareStatement("INSERT INTO DUMP_RECORD (ID, MODULE, TYPE,"
                            + " ORIGIN, SEQ, AUTHOR, CREATED_MILLIS, UPDATED_MILLIS, DATA_VERSION, DELETED, "
                            + payloadColumn + ", TEXT_INDEX, SIGNATURE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement fields = connection.prepareStatement(RecordFieldEntity.INSERT)) {
                long time = 1_700_000_000_000L;
                for (int from = 0; from < n; from += 500) {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        ids.add(randomIds ? digits(random, 26) : RecordIds.next(time + from + i));
                    }
                    if (rangeProbe) {
                        List<String> sorted = ids.stream().sorted().toList();
                        range.setString(1, sorted.get(0));
                        range.setString(2, sorted.get(sorted.size() - 1));
                        range.setMaxRows(2 * sorted.size() + 1);
                        try (ResultSet rows = range.executeQuery()) {
                            while (rows.next()) {
                                rows.getString(1);
                            }
                        }
                    }
                    for (String id : probes && !rangeProbe ? ids : List.<String>of()) {
                        probe.setString(1, id);
                        try (ResultSet row = probe.executeQuery()) {
                            row.next();
                        }
                    }
                    for (int i = 0; i < 500; i++) {
                        long sequence = from + i + 1;
                        records.setString(1, ids.get(i));
                        records.setString(2, "market");
                        records.setString(3, "listing");
                        records.setString(4, origin);
                        records.setLong(5, sequence);
                        records.setString(6, author);
                        records.setLong(7, time + sequence);
                        records.setLong(8, time + sequence);
                        records.setString(9, "1.0.0");
                        records.setBoolean(10, false);
                        records.setString(11, "{\"currency\":\"EUR\",\"description\":\"wool socks red blue green lamp "
                                + "table chair boots\",\"price\":" + sequence % 500 + ",\"title\":\"catch-up listing "
                                + sequence + "\"}");
                        records.setString(12, "eur\nwool socks red blue green lamp table chair boots\ncatch-up listing "
                                + sequence);
                        records.setString(13, digits(random, 86) + "==");
                        records.addBatch();
                        if (numbers) {
                            fields.setString(1, ids.get(i));
                            fields.setString(2, "price");
                            fields.setDouble(3, sequence % 500);
                            fields.addBatch();
                        }
                    }
                    records.executeBatch();
                    if (numbers) {
                        fields.executeBatch();
                    }
                    connection.commit();
                }
            }
            return threads.getCurrentThreadCpuTime() - cpu;
        } finally {
            try {
                DriverManager.getConnection("jdbc:derby:" + database + ";shutdown=true").close();
            } catch (SQLException expected) {
                // Derby says it shut down by throwing.
            }
        }
    }

    private static String digits(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE32_SORTED.charAt(random.nextInt(32)));
        }
        return text.toString();
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
