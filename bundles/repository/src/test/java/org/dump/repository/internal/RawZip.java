package org.dump.repository.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A zip written byte by byte, for tests that craft hostile jars: each entry states whatever size it likes, and a
 * zip bomb of many MiB costs a few KiB to make ({@link #zeros}). {@code java.util.zip} would write neither.
 */
final class RawZip {

    static final int STORED = 0;
    static final int DEFLATED = 8;
    private static final byte[] BRICK;
    private static final byte[] LAST;

    static {
        // One MiB of zeros deflated and fully flushed: copies of it follow one another in a single deflate stream.
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1024 * 1024]);
        byte[] buffer = new byte[64 * 1024];
        BRICK = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH));
        deflater.end();
        Deflater last = new Deflater(Deflater.BEST_COMPRESSION, true);
        last.finish();
        LAST = Arrays.copyOf(buffer, last.deflate(buffer));
        last.end();
    }

    /** One entry: its name, how its data is stored, the data as stored, and the size it declares. */
    static final class Entry {
        String name;
        int method;
        byte[] data;
        long size;
        long crc;

        Entry(String name, byte[] content, int method) {
            this.name = name;
            this.method = method;
            this.data = method == DEFLATED ? deflate(content) : content;
            this.size = content.length;
            CRC32 crc32 = new CRC32();
            crc32.update(content);
            this.crc = crc32.getValue();
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    RawZip add(Entry entry) {
        entries.add(entry);
        return this;
    }

    /** @return an entry that inflates to {@code mib} MiB of zeros, declaring that size (change it to lie) */
    static Entry zeros(String name, int mib) {
        Entry entry = new Entry(name, new byte[0], DEFLATED);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < mib; i++) {
            data.writeBytes(BRICK);
        }
        data.writeBytes(LAST);
        entry.data = data.toByteArray();
        entry.size = mib * 1024L * 1024;
        entry.crc = 0; // java.util.zip.ZipFile does not check it
        return entry;
    }

    static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    byte[] toByteArray() {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (Entry entry : entries) {
            offsets.add(zip.size());
            header(zip, 0x04034b50, entry, false);
            zip.writeBytes(entry.name.getBytes(StandardCharsets.UTF_8));
            zip.writeBytes(entry.data);
        }
        int directory = zip.size();
        for (int i = 0; i < entries.size(); i++) {
            header(zip, 0x02014b50, entries.get(i), true);
            int32(zip, offsets.get(i));
            zip.writeBytes(entries.get(i).name.getBytes(StandardCharsets.UTF_8));
        }
        int32(zip, 0x06054b50);
        int16(zip, 0);
        int16(zip, 0);
        int16(zip, entries.size());
        int16(zip, entries.size());
        int32(zip, zip.size() - directory - 12);
        int32(zip, directory);
        int16(zip, 0);
        return zip.toByteArray();
    }

    /** A local header, or a central one (which has the version made by and, after this, the offset). */
    private static void header(ByteArrayOutputStream zip, int signature, Entry entry, boolean central) {
        int32(zip, signature);
        if (central) {
            int16(zip, 20);
        }
        int16(zip, 20);
        int16(zip, 0x0800); // UTF-8 names
        int16(zip, entry.method);
        int32(zip, 0x58210000); // 2024-01-01 00:00
        int32(zip, (int) entry.crc);
        int32(zip, entry.data.length);
        int32(zip, (int) entry.size);
        int16(zip, entry.name.getBytes(StandardCharsets.UTF_8).length);
        int16(zip, 0);
        if (central) {
            int16(zip, 0);
            int16(zip, 0);
            int16(zip, 0);
            int32(zip, 0);
        }
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
    }

    private static void int32(ByteArrayOutputStream out, int value) {
        int16(out, value);
        int16(out, value >>> 16);
    }
}
