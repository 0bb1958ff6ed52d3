package org.dump.federation.internal.reconcile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a reconciliation message (protocol §7.7): a version byte, then segments until the end. A
 * segment is its upper bound, a mode byte and the mode's payload. Origins are front-coded against the previous origin
 * of the message (bounds and runs alike), and numbers are unsigned LEB128 varints. Decoding checks every length and
 * count against {@link Limits} before it allocates, so a lying peer gets a {@link MalformedReconciliation}, not the
 * node's memory.
 */
final class ReconcileCodec {

    static final int VERSION = 1;

    static final int SKIP = 0;
    static final int FINGERPRINT = 1;
    static final int RUNS = 2;
    static final int DIFFERENCES = 3;

    static final int MAX_ORIGIN_BYTES = 64;

    private ReconcileCodec() {
    }

    static byte[] encode(List<Segment> segments) {
        Encoder out = new Encoder();
        segments.forEach(out::segment);
        return out.toByteArray();
    }

    static List<Segment> decode(byte[] message, Limits limits) throws MalformedReconciliation {
        if (message.length > limits.messageBytes()) {
            throw new MalformedReconciliation("a message of " + message.length + " bytes; at most "
                    + limits.messageBytes() + " are read");
        }
        Reader in = new Reader(message, limits);
        if (message.length == 0 || in.next() != VERSION) {
            throw new MalformedReconciliation("not a reconciliation message of version " + VERSION);
        }
        List<Segment> segments = new ArrayList<>();
        while (in.more()) {
            if (segments.size() == limits.segments()) {
                throw new MalformedReconciliation("more than " + limits.segments() + " segments in a message");
            }
            Bound upper = in.bound();
            int mode = in.next();
            segments.add(switch (mode) {
                case SKIP -> new Segment.Skip(upper);
                case FINGERPRINT -> new Segment.Fingerprint(upper, in.bytes(Fingerprints.SIZE));
                case RUNS -> new Segment.Runs(upper, in.runs());
                case DIFFERENCES -> new Segment.Differences(upper, in.runs(), in.runs());
                default -> throw new MalformedReconciliation("unknown segment mode " + mode);
            });
        }
        return segments;
    }

    /** Writes a message segment by segment, so that its size is known as it grows. */
    static final class Encoder extends ByteArrayOutputStream {

        private String previous = "";

        Encoder() {
            write(VERSION);
        }

        void segment(Segment segment) {
            bound(segment.upper());
            if (segment instanceof Segment.Fingerprint fingerprint) {
                write(FINGERPRINT);
                write(fingerprint.value(), 0, Fingerprints.SIZE);
            } else if (segment instanceof Segment.Runs runs) {
                write(RUNS);
                runs(runs.runs());
            } else if (segment instanceof Segment.Differences differences) {
                write(DIFFERENCES);
                runs(differences.youLack());
                runs(differences.iLack());
            } else {
                write(SKIP);
            }
        }

        private void bound(Bound bound) {
            if (bound.isEnd()) {
                write(0);
                return;
            }
            origin(bound.origin(), 1);
            varint(bound.sequence());
        }

        private void runs(List<Run> runs) {
            varint(runs.size());
            for (Run run : runs) {
                origin(run.origin(), 0);
                varint(run.from());
                varint(run.to() - run.from());
            }
        }

        /** Writes how many leading bytes it shares with the previous origin (plus {@code offset}) and the rest. */
        private void origin(String origin, int offset) {
            byte[] bytes = origin.getBytes(StandardCharsets.UTF_8);
            byte[] last = previous.getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            while (shared < bytes.length && shared < last.length && bytes[shared] == last[shared]) {
                shared++;
            }
            varint(shared + offset);
            varint(bytes.length - shared);
            write(bytes, shared, bytes.length - shared);
            previous = origin;
        }

        private void varint(long value) {
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                write((int) ((rest & 0x7F) | 0x80));
                rest >>>= 7;
            }
            write((int) rest);
        }
    }

    private static final class Reader {

        private final byte[] data;
        private final Limits limits;
        private int at;
        private int runsRead;
        private byte[] previous = new byte[0];

        Reader(byte[] data, Limits limits) {
            this.data = data;
            this.limits = limits;
        }

        boolean more() {
            return at < data.length;
        }

        int next() throws MalformedReconciliation {
            if (at >= data.length) {
                throw new MalformedReconciliation("the message ends in the middle of a segment");
            }
            return data[at++] & 0xFF;
        }

        byte[] bytes(int count) throws MalformedReconciliation {
            if (count > data.length - at) {
                throw new MalformedReconciliation("the message ends in the middle of a segment");
            }
            byte[] bytes = Arrays.copyOfRange(data, at, at + count);
            at += count;
            return bytes;
        }

        Bound bound() throws MalformedReconciliation {
            long shared = varint();
            if (shared == 0) {
                return Bound.END;
            }
            return new Bound(origin(shared - 1), varint());
        }

        List<Run> runs() throws MalformedReconciliation {
            long count = varint();
            if (count > limits.runs() - runsRead) {
                throw new MalformedReconciliation("more than " + limits.runs() + " runs in a message");
            }
            runsRead += (int) count;
            List<Run> runs = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                String origin = origin(varint());
                long from = varint();
                long length = varint();
                if (length > Long.MAX_VALUE - from) {
                    throw new MalformedReconciliation("a run past the largest sequence number");
                }
                runs.add(new Run(origin, from, from + length));
            }
            return runs;
        }

        private String origin(long shared) throws MalformedReconciliation {
            long rest = varint();
            if (rest > MAX_ORIGIN_BYTES || shared > previous.length || rest < 1 && shared == 0
                    || shared + rest > MAX_ORIGIN_BYTES) {
                throw new MalformedReconciliation("an origin of more than " + MAX_ORIGIN_BYTES
                        + " bytes, or none, or sharing more than the previous one has");
            }
            byte[] origin = Arrays.copyOf(previous, (int) (shared + rest));
            System.arraycopy(bytes((int) rest), 0, origin, (int) shared, (int) rest);
            for (byte b : origin) {
                if (b < 0x21 || b > 0x7E) {
                    throw new MalformedReconciliation("an origin holds a byte other than printable ASCII");
                }
            }
            previous = origin;
            return new String(origin, StandardCharsets.US_ASCII);
        }

        /** An unsigned LEB128 number of at most 63 bits. */
        private long varint() throws MalformedReconciliation {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                int b = next();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new MalformedReconciliation("a number over 2⁶³ − 1");
        }
    }
}
