package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.Identifiers;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Test;

public class RecordSignaturesTest {

    private final TestNodeIdentity x = new TestNodeIdentity();
    private final TestNodeIdentity z = new TestNodeIdentity();
    private final TestNodeIdentity stranger = new TestNodeIdentity();
    private final Map<String, Ed25519PublicKey> known = Map.of(x.id(), x.publicKey(), z.id(), z.publicKey(),
            // a key that is not the one whose fingerprint the id is: it counts for nobody
            stranger.id(), x.publicKey());

    @Test
    public void validRecordsOfManyOriginsPassAndEachBadOneIsFoundAmongThem() {
        List<SignedRecord> records = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> records.add(signed(i % 3 == 0 ? z : x, i)));
        Set<Integer> bad = new TreeSet<>();
        // Content changed after signing: only this record's own batch part fails and is checked one by one.
        records.set(17, changed(records.get(17)));
        bad.add(17);
        // Signed by Z but claiming X as origin.
        SignedRecord claimed = records.get(40);
        records.set(40, withOrigin(signed(z, 40), x.id()));
        bad.add(40);
        // A signature that is no base64, and one of the wrong length.
        records.set(101, records.get(101).withSignature("not base64!"));
        records.set(202, records.get(202).withSignature(Base64.getEncoder().encodeToString(new byte[63])));
        bad.addAll(List.of(101, 202));
        // An origin whose key is unknown, and one whose key does not match its id.
        records.add(signed(new TestNodeIdentity(), 300));
        records.add(signed(stranger, 301));
        bad.addAll(List.of(300, 301));

        boolean[] valid = RecordSignatures.check(records, origin -> Optional.ofNullable(known.get(origin)));

        Set<Integer> refused = new TreeSet<>();
        for (int i = 0; i < valid.length; i++) {
            if (!valid[i]) {
                refused.add(i);
            }
            assertEquals("record " + i + " as one check says", records.get(i).verify(
                    Optional.ofNullable(known.get(records.get(i).origin())).orElse(stranger.publicKey())), valid[i]);
        }
        assertEquals(bad, refused);
        assertEquals(x.id(), claimed.origin());
    }

    @Test
    public void fewRecordsAreCheckedOneByOne() {
        List<SignedRecord> records = List.of(signed(x, 1), changed(signed(x, 2)), signed(z, 3));
        boolean[] valid = RecordSignatures.check(records, origin -> Optional.ofNullable(known.get(origin)));
        assertEquals("[true, false, true]", java.util.Arrays.toString(valid));
    }

    private static SignedRecord signed(TestNodeIdentity origin, int sequence) {
        SignedRecord unsigned = new SignedRecord("market", "listing", Identifiers.random(), origin.id(), sequence + 1,
                null, 1000, 1000, "1.0.0", false, "{\"title\":\"socks " + sequence + "\"}", null);
        return new RecordSigner(origin).sign(unsigned);
    }

    private static SignedRecord changed(SignedRecord record) {
        return new SignedRecord(record.module(), record.type(), record.id(), record.origin(), record.sequence(),
                record.author(), record.createdMillis(), record.updatedMillis(), record.dataVersion(), false,
                "{\"title\":\"shoes\"}", record.signature());
    }

    private static SignedRecord withOrigin(SignedRecord record, String origin) {
        return new SignedRecord(record.module(), record.type(), record.id(), origin, record.sequence(),
                record.author(), record.createdMillis(), record.updatedMillis(), record.dataVersion(), false,
                record.payload(), record.signature());
    }
}
