package org.dump.repository.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the check of a downloaded bundle ({@link BundleCheck}) with jars the fuzzer builds (Jazzer; issue 27): the
 * entries of a jar the publisher signed, then up to a dozen changes chosen by the fuzzer, each to one entry: its
 * content replaced or edited (a manifest header added, a line of the signature file changed), the entry removed,
 * duplicated, renamed, moved, stored instead of deflated, lying about its size, or made a zip bomb of up to 1 GiB
 * (one per jar). Written with {@link RawZip}, which writes whatever it is told. Without
 * {@code JAZZER_FUZZ} it runs the committed seeds (CraftedJarFuzzTestInputs/); CI fuzzes it for 4 s,
 * {@code benchmarks/fuzz/run.sh} as long as it is told. For every input ({@link FuzzPublisher#checkBundle}): a jar
 * passes only with the entries and manifest the publisher signed, and without changes it passes; otherwise a
 * {@code ModuleRefusedException}, no other exception, no unbounded unpacking; each input done within a second.
 */
public class CraftedJarFuzzTest {

    /** The signed jar's entries (signature files and directories included), in order. */
    private static final List<RawZip.Entry> SIGNED = new ArrayList<>();
    private static final int CHANGES = 12;

    static {
        try {
            Path jar = FuzzPublisher.WORK.resolve("crafted-original.jar");
            Files.write(jar, FuzzPublisher.SIGNED_JAR);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements();) {
                    ZipEntry entry = all.nextElement();
                    try (InputStream in = zip.getInputStream(entry)) {
                        SIGNED.add(new RawZip.Entry(entry.getName(), in.readAllBytes(), RawZip.DEFLATED));
                    }
                }
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void aCraftedJarPassesOnlyAsSigned(FuzzedDataProvider data) throws Exception {
        check(data);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws Exception {
        check(data);
    }

    private static void check(FuzzedDataProvider data) throws Exception {
        List<RawZip.Entry> entries = new ArrayList<>();
        for (RawZip.Entry entry : SIGNED) {
            entries.add(copy(entry, entry.name));
        }
        int changes = data.consumeInt(0, CHANGES);
        boolean bomb = false;
        for (int i = 0; i < changes; i++) {
            bomb |= change(entries, data, bomb);
        }
        RawZip zip = new RawZip();
        entries.forEach(zip::add);
        long began = System.nanoTime();
        boolean passed = FuzzPublisher.checkBundle(zip.toByteArray());
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second");
        assertTrue(passed || changes > 0, "the signed entries, unchanged, did not pass");
    }

    /** @return whether it made a zip bomb; there is one at most, or legitimate unpacking would take seconds */
    private static boolean change(List<RawZip.Entry> entries, FuzzedDataProvider data, boolean bomb) {
        int kind = data.consumeInt(0, 9);
        if (entries.isEmpty()) {
            kind = 2;
        }
        int at = data.consumeInt(0, Math.max(entries.size() - 1, 0));
        switch (kind) {
            case 0 -> entries.set(at, content(entries.get(at), data.consumeBytes(data.consumeInt(0, 512))));
            case 1 -> entries.remove(at);
            case 2 -> entries.add(data.consumeInt(0, entries.size()), new RawZip.Entry(name(data),
                    data.consumeBytes(data.consumeInt(0, 256)), data.consumeBoolean() ? RawZip.DEFLATED
                            : RawZip.STORED));
            case 3 -> entries.add(data.consumeInt(0, entries.size()), content(entries.get(at),
                    data.consumeBytes(data.consumeInt(0, 256))));
            case 4 -> entries.set(at, copy(entries.get(at), name(data)));
            case 5 -> entries.add(data.consumeInt(0, entries.size() - 1), entries.remove(at));
            case 6 -> entries.set(at, content(entries.get(at), inflated(entries.get(at)), RawZip.STORED));
            case 7 -> entries.get(at).size = data.consumeLong(0, 0xFFFFFFFFL);
            case 8 -> {
                if (bomb) {
                    return true;
                }
                // Up to 1 GiB of zeros, declaring a size that BundleCheck either unpacks quickly or refuses unread.
                RawZip.Entry zeros = RawZip.zeros(entries.get(at).name, data.consumeInt(1, 1024));
                zeros.size = data.consumeBoolean() ? data.consumeLong(0, 8L << 20)
                        : data.consumeLong(BundleCheck.MAX_UNPACKED_BYTES + 1, 0xFFFFFFFFL);
                entries.set(at, zeros);
                return true;
            }
            default -> entries.set(at, content(entries.get(at), edit(inflated(entries.get(at)), data)));
        }
        return false;
    }

    /** A line of text inserted after one of the entry's lines, or one of its lines replaced by it. */
    private static byte[] edit(byte[] content, FuzzedDataProvider data) {
        List<String> lines = new ArrayList<>(List.of(new String(content, StandardCharsets.UTF_8).split("\r\n", -1)));
        int line = data.consumeInt(0, lines.size() - 1);
        String text = data.consumeString(100);
        if (data.consumeBoolean()) {
            lines.set(line, text);
        } else {
            lines.add(line + 1, text);
        }
        return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** A name of the signed jar (for a second entry of that name), of the signature's kind, or any. */
    private static String name(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 2)) {
            case 0 -> SIGNED.get(data.consumeInt(0, SIGNED.size() - 1)).name;
            case 1 -> "META-INF/" + data.consumeString(8) + (data.consumeBoolean() ? ".SF" : ".EC");
            default -> data.consumeString(64);
        };
    }

    private static RawZip.Entry copy(RawZip.Entry entry, String name) {
        RawZip.Entry copy = new RawZip.Entry(name, new byte[0], entry.method);
        copy.data = entry.data;
        copy.size = entry.size;
        copy.crc = entry.crc;
        return copy;
    }

    private static RawZip.Entry content(RawZip.Entry entry, byte[] content) {
        return content(entry, content, entry.method);
    }

    private static RawZip.Entry content(RawZip.Entry entry, byte[] content, int method) {
        return new RawZip.Entry(entry.name, content, method);
    }

    /** @return the content of an entry as made here (a bomb is zeros, the first MiB of them) */
    private static byte[] inflated(RawZip.Entry entry) {
        if (entry.method == RawZip.STORED) {
            return entry.data;
        }
        Inflater inflater = new Inflater(true);
        inflater.setInput(entry.data);
        byte[] content = new byte[(int) Math.min(Math.max(entry.size, 0), 1024 * 1024)];
        try {
            int n = inflater.inflate(content);
            return Arrays.copyOf(content, n);
        } catch (DataFormatException e) {
            return new byte[0];
        } finally {
            inflater.end();
        }
    }
}
