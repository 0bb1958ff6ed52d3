package org.dump.federation.internal.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one reconciliation costs between two nodes holding a module's versions in memory, on the federation's own
 * classes (issue 23, "Measure"). Bytes are the reconciliation messages themselves ("raw") and the same inside the JSON
 * body that carries them over HTTP ({@code {"module":…,"dataVersion":…,"message":"<base64>"}} and
 * {@code {"message":"<base64>"}}). Today's protocol is the summary a node sends every round
 * ({@code {"module":…,"dataVersion":…,"origins":{…}}}); the answer's records are the same in both and not counted.
 */
public final class ReconcileBytes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODULE = "market";
    private static final String DATA_VERSION = "1.0.0";

    private ReconcileBytes() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("## In step: origins of 100 versions each\n");
        System.out.println("| origins | versions | round trips | raw bytes | bytes in JSON bodies | today's summary |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int origins : new int[] {1, 100, 10_000}) {
            List<Run> runs = full(new Random(origins), origins, 100);
            Measure m = reconcile(VersionRuns.of(runs), VersionRuns.of(runs));
            System.out.printf("| %,d | %,d | %d | %,d | %,d | %,d |%n", origins, origins * 100L, m.roundTrips,
                    m.raw, m.enveloped, summaryBytes(runs));
        }
        System.out.println("\n## d differences among 10^6 versions (10,000 origins × 100), half missing on each side;"
                + " medians of " + seeds + " seeds\n");
        System.out.println("| d | round trips | raw bytes | bytes in JSON bodies | ms | today's summary "
                + "(initiator's) | 1 % Bloom filter (base64) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        long bloom = bloomBytes(1_000_000, 0.01);
        for (int d : new int[] {1, 10, 100, 1_000}) {
            long[] trips = new long[seeds];
            long[] raw = new long[seeds];
            long[] enveloped = new long[seeds];
            long[] millis = new long[seeds];
            long[] today = new long[seeds];
            for (int seed = 0; seed < seeds; seed++) {
                Random random = new Random(1000L * d + seed);
                List<Run> all = full(random, 10_000, 100);
                List<Run> missingHere = new ArrayList<>();
                List<Run> missingThere = new ArrayList<>();
                for (int i = 0; i < d; i++) {
                    Run origin = all.get(random.nextInt(all.size()));
                    long number = 1 + random.nextInt(100);
                    (i % 2 == 0 ? missingHere : missingThere).add(new Run(origin.origin(), number, number));
                }
                List<Run> mine = RunLists.minus(all, RunLists.canonical(missingHere));
                List<Run> theirs = RunLists.minus(all, RunLists.canonical(missingThere));
                Measure m = reconcile(VersionRuns.of(mine), VersionRuns.of(theirs));
                if (!m.complete || !m.weLack.equals(RunLists.minus(theirs, mine))) {
                    throw new IllegalStateException("reconciliation missed differences at d = " + d);
                }
                trips[seed] = m.roundTrips;
                raw[seed] = m.raw;
                enveloped[seed] = m.enveloped;
                millis[seed] = m.nanos / 1_000_000;
                today[seed] = summaryBytes(mine);
            }
            System.out.printf("| %,d | %d | %,d | %,d | %d | %,d | %,d |%n", d, median(trips), median(raw),
                    median(enveloped), median(millis), median(today), bloom);
        }
    }

    private record Measure(int roundTrips, long raw, long enveloped, long nanos, boolean complete, List<Run> weLack) {
    }

    private static Measure reconcile(VersionRuns mine, VersionRuns theirs) throws Exception {
        long[] enveloped = {0};
        long start = System.nanoTime();
        Reconciliation.Outcome outcome = Reconciliation.run(mine, Limits.DEFAULT, message -> {
            enveloped[0] += envelope(message, true);
            byte[] answer = Reconciliation.answer(theirs, Limits.DEFAULT, message);
            enveloped[0] += envelope(answer, false);
            return answer;
        });
        long nanos = System.nanoTime() - start;
        return new Measure(outcome.roundTrips(), outcome.bytesSent() + outcome.bytesReceived(), enveloped[0], nanos,
                outcome.findings().complete(), outcome.findings().weLack());
    }

    private static long envelope(byte[] message, boolean request) throws java.io.IOException {
        Map<String, String> body = new LinkedHashMap<>();
        if (request) {
            body.put("module", MODULE);
            body.put("dataVersion", DATA_VERSION);
        }
        body.put("message", Base64.getEncoder().encodeToString(message));
        return JSON.writeValueAsBytes(body).length;
    }

    /** @return the bytes of today's summary body for {@code runs} */
    private static long summaryBytes(List<Run> runs) throws Exception {
        Map<String, List<long[]>> origins = new TreeMap<>();
        runs.forEach(run -> origins.computeIfAbsent(run.origin(), o -> new ArrayList<>())
                .add(new long[] {run.from(), run.to()}));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("module", MODULE);
        body.put("dataVersion", DATA_VERSION);
        body.put("origins", origins);
        return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8).length;
    }

    /** @return the bytes, in base64, of a Bloom filter of {@code n} items at false-positive rate {@code p} */
    private static long bloomBytes(long n, double p) {
        long bits = (long) Math.ceil(-n * Math.log(p) / (Math.log(2) * Math.log(2)));
        return ((bits + 7) / 8 + 2) / 3 * 4;
    }

    private static List<Run> full(Random random, int origins, int each) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        List<Run> runs = new ArrayList<>();
        for (int o = 0; o < origins; o++) {
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            runs.add(new Run(id.toString(), 1, each));
        }
        return RunLists.canonical(runs);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
