package org.dump.federation.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.dump.crypto.SealedBox;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The sealing of profiles in consent answers, on both sides, without HTTP (ConsentTransportTest has that). */
public class SealedProfilesTest {

    static final String REQUEST_ID = "abcdefghijklmnopqrstuvwxyz";
    static final String PROFILE = "{\"displayName\":\"Adam\",\"email\":\"adam@example.org\",\"bio\":\"socks\","
            + "\"updated\":\"2026-01-02T03:04:05Z\",\"avatar\":{\"mediaType\":\"image/png\",\"data\":\"iVBORw0=\"}}";
    static final String GRANT = "{\"requestId\":\"" + REQUEST_ID + "\",\"version\":3,\"state\":\"granted\","
            + "\"profile\":" + PROFILE + "}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestNodeIdentity receiver = new TestNodeIdentity();

    @Test
    public void theProfileTravelsSealedAndOpensAsItWasWritten() throws Exception {
        byte[] wire = SealedProfiles.seal(bytes(GRANT), receiver.id(), receiver.publicKey());

        JsonNode onTheWire = JSON.readTree(wire);
        assertFalse(onTheWire.has("profile"));
        assertFalse("nothing of the profile shows", new String(wire, StandardCharsets.UTF_8).contains("Adam"));
        assertEquals(REQUEST_ID, onTheWire.path("requestId").asText());
        assertEquals(3, onTheWire.path("version").asInt());
        assertEquals("granted", onTheWire.path("state").asText());
        byte[] sealed = Base64.getDecoder().decode(onTheWire.path("sealedProfile").asText());
        // A second implementation opens it knowing only the documented purpose and aad.
        assertEquals(JSON.readTree(PROFILE), JSON.readTree(receiver.open("profile answer", sealed,
                (REQUEST_ID + "\n3\n" + receiver.id()).getBytes(StandardCharsets.UTF_8))));

        assertEquals(JSON.readTree(GRANT), JSON.readTree(SealedProfiles.open(wire, receiver)));
    }

    @Test
    public void answersWithoutAProfilePassUnchanged() throws Exception {
        byte[] refusal = bytes("{\"requestId\":\"" + REQUEST_ID + "\",\"version\":2,\"state\":\"refused\"}");

        assertSame(refusal, SealedProfiles.seal(refusal, receiver.id(), receiver.publicKey()));
        assertSame(refusal, SealedProfiles.open(refusal, receiver));
        byte[] notJson = bytes("not json");
        assertSame(notJson, SealedProfiles.seal(notJson, receiver.id(), receiver.publicKey()));
    }

    @Test
    public void aPlainProfileIsRefused() {
        SealedProfiles.Refused refused = assertThrows(SealedProfiles.Refused.class,
                () -> SealedProfiles.open(bytes(GRANT), receiver));

        assertTrue(refused.getMessage(), refused.getMessage().contains("profiles must be sealed"));
        assertFalse(refused.getMessage(), refused.getMessage().contains("Adam"));
    }

    @Test
    public void aProfileSealedForAnotherNodeRequestOrVersionDoesNotOpen() throws Exception {
        TestNodeIdentity other = new TestNodeIdentity();
        byte[] forOther = SealedProfiles.seal(bytes(GRANT), other.id(), other.publicKey());
        assertDoesNotOpen(forOther);
        // Sealed to this node's key but named for another node id: the aad differs.
        assertDoesNotOpen(SealedProfiles.seal(bytes(GRANT), other.id(), receiver.publicKey()));

        byte[] wire = SealedProfiles.seal(bytes(GRANT), receiver.id(), receiver.publicKey());
        ObjectNode moved = (ObjectNode) JSON.readTree(wire);
        moved.put("requestId", "bcdefghijklmnopqrstuvwxyza");
        assertDoesNotOpen(JSON.writeValueAsBytes(moved));
        ObjectNode older = (ObjectNode) JSON.readTree(wire);
        older.put("version", 2);
        assertDoesNotOpen(JSON.writeValueAsBytes(older));
        ObjectNode changed = (ObjectNode) JSON.readTree(wire);
        byte[] sealed = Base64.getDecoder().decode(changed.path("sealedProfile").asText());
        sealed[sealed.length - 20] ^= 1;
        changed.put("sealedProfile", Base64.getEncoder().encodeToString(sealed));
        assertDoesNotOpen(JSON.writeValueAsBytes(changed));
    }

    @Test
    public void aMalformedSealedProfileIsRefusedSayingWhy() throws Exception {
        ObjectNode wire = (ObjectNode) JSON.readTree(SealedProfiles.seal(bytes(GRANT), receiver.id(),
                receiver.publicKey()));
        String sealed = wire.path("sealedProfile").asText();

        assertRefused(wire.deepCopy().put("sealedProfile", "%%%"), "not a base64 string");
        assertRefused(wire.deepCopy().put("sealedProfile", sealed.substring(0, 40)), "at least 48 bytes");
        assertRefused(wire.deepCopy().put("version", "3"), "version (an integer)");
        assertRefused(wire.deepCopy().put("version", 3.5), "version (an integer)");
        assertRefused((ObjectNode) wire.deepCopy().without("requestId"), "requestId");
        byte[] notJson = SealedBox.seal(receiver.publicKey(), SealedProfiles.PURPOSE, bytes("{not json"),
                SealedProfiles.aad(REQUEST_ID, 3, receiver.id()));
        assertRefused(wire.deepCopy().put("sealedProfile", Base64.getEncoder().encodeToString(notJson)), "not JSON");
        SealedProfiles.Refused trailing = assertThrows(SealedProfiles.Refused.class,
                () -> SealedProfiles.open(bytes(JSON.writeValueAsString(wire) + " {}"), receiver));
        assertTrue(trailing.getMessage(), trailing.getMessage().contains("not one JSON object"));
    }

    @Test
    public void anAnswerWithAProfileButNoVersionCannotBeSealed() {
        assertThrows(IllegalArgumentException.class, () -> SealedProfiles.seal(
                bytes("{\"requestId\":\"" + REQUEST_ID + "\",\"profile\":{}}"), receiver.id(), receiver.publicKey()));
    }

    @Test
    public void theAadIsRequestIdVersionAndReceiverOnLinesOfTheirOwn() {
        assertArrayEquals(bytes(REQUEST_ID + "\n12\nnode"), SealedProfiles.aad(REQUEST_ID, 12, "node"));
    }

    private void assertDoesNotOpen(byte[] wire) {
        SealedProfiles.Refused refused = assertThrows(SealedProfiles.Refused.class,
                () -> SealedProfiles.open(wire, receiver));
        assertTrue(refused.getMessage(), refused.getMessage().contains("does not open"));
    }

    private void assertRefused(ObjectNode wire, String expected) throws Exception {
        SealedProfiles.Refused refused = assertThrows(SealedProfiles.Refused.class,
                () -> SealedProfiles.open(JSON.writeValueAsBytes(wire), receiver));
        assertTrue(refused.getMessage(), refused.getMessage().contains(expected));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
