package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.dump.crypto.Identifiers;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Test;

/** Origin keys count for the batch's own origins only: a peer cannot make this node learn (and keep) any others. */
public class WireRecordsTest {

    @Test
    public void keysOfOriginsWithoutARecordInTheBatchAreLeftOut() throws Exception {
        TestNodeIdentity origin = new TestNodeIdentity();
        SignedRecord record = new SignedRecord("market", "listing", Identifiers.random(), origin.id(), 1, null, 1, 1,
                "1.0.0", false, "{}", "signature");
        StringBuilder keys = new StringBuilder("\"" + origin.id() + "\":\"" + origin.publicKey().base64() + "\"");
        for (int i = 0; i < 1000; i++) {
            TestNodeIdentity stranger = new TestNodeIdentity();
            keys.append(",\"").append(stranger.id()).append("\":\"").append(stranger.publicKey().base64()).append('"');
        }
        String one = new String(WireRecords.encode(List.of(record), Map.of(), null), StandardCharsets.UTF_8);
        String body = one.substring(0, one.length() - 1) + ",\"originKeys\":{" + keys + "}}";

        WireRecords.Batch batch = WireRecords.decode(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(record), batch.records());
        assertEquals(Map.of(origin.id(), origin.publicKey()), batch.originKeys());
    }
}
