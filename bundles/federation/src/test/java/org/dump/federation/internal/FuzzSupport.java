package org.dump.federation.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.PeerOrigin;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.persistence.Transactions;

/**
 * What the fuzz targets of this package share (issue 27): stores on in-memory Derby databases (the real persistence
 * units, as {@code NodeDatabase} opens them on disk for the unit tests), node identities with fixed keys (so that
 * committed seeds can name them and carry their signatures), a clock for rate limits that each input moves on, and
 * the time bound of every input.
 */
final class FuzzSupport {

    /** How long one input may take. */
    static final long SECOND = 1_000_000_000L;

    static {
        // While fuzzing (Jazzer's JUnit fuzzing mode, or its command line), the warnings of every refused input
        // would be most of the work; the regression runs among the other tests log as they do.
        boolean fuzzing = System.getenv("JAZZER_FUZZ") != null
                || System.getProperty("sun.java.command", "").startsWith("com.code_intelligence.jazzer");
        if (fuzzing && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
    }

    private FuzzSupport() {
    }

    /** @return the persistence unit {@code unit} on a fresh in-memory Derby database, its tables made */
    static EntityManagerFactory database(String unit) {
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.method", "java.io.OutputStream.nullOutputStream"); // no derby.log
        }
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:fuzz-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return Persistence.createEntityManagerFactory(unit, Map.of("javax.persistence.nonJtaDataSource", dataSource));
    }

    /** @return the federation's persistence unit on a fresh in-memory database */
    static Transactions federationDatabase() {
        return new Transactions(database(JpaPeerDirectory.UNIT));
    }

    /**
     * A node whose key is made from a fixed seed: the same in every run, so that seed files can hold its id, key and
     * signatures. It signs; it opens nothing.
     */
    static NodeIdentity fixedNode(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
        Ed25519PublicKey publicKey = Ed25519PublicKey.fromRaw(key.generatePublicKey().getEncoded());
        return new NodeIdentity() {
            @Override
            public String id() {
                return publicKey.fingerprint();
            }

            @Override
            public Ed25519PublicKey publicKey() {
                return publicKey;
            }

            @Override
            public byte[] sign(byte[] message) {
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(true, key);
                signer.update(message, 0, message.length);
                return signer.generateSignature();
            }

            @Override
            public byte[] open(String purpose, byte[] sealed, byte[] aad) {
                throw new UnsupportedOperationException("a fixed node of the fuzz targets opens nothing");
            }
        };
    }

    /** @return nanoseconds that move on by a minute at each {@link #tick}: every input finds the rate limits full */
    static final class Nanos implements LongSupplier {
        private final AtomicLong now = new AtomicLong(System.nanoTime());

        void tick() {
            now.addAndGet(60 * SECOND);
        }

        @Override
        public long getAsLong() {
            return now.get();
        }
    }

    /** @return headers by name in any case, as a servlet request gives them */
    static Function<String, String> headers(Map<String, String> headers) {
        Map<String, String> any = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        any.putAll(headers);
        return any::get;
    }

    /** @return the headers of a POST of {@code body} to {@code target} signed by {@code node} now */
    static Function<String, String> signed(NodeIdentity node, URI target, byte[] body) {
        return headers(new RequestSignatures(Clock.systemUTC()).sign(node, "POST", target, body));
    }

    /** @return a front door that is never read: that of no address answers */
    static NodeFrontDoor noFrontDoors() {
        return new NodeFrontDoor(null, java.time.Duration.ofSeconds(1)) {
            @Override
            NodeCard read(URI base) {
                throw new org.dump.federation.PeerRefusedException("cannot reach " + base + ": not while fuzzing");
            }
        };
    }

    /** Keeps {@code node} as a peer at {@code url}, as {@code PeerOriginStoreTest} does: no front door is read. */
    static void storePeer(Transactions transactions, URI url, NodeIdentity node, String modules) {
        String card = "{\"id\":\"" + node.id() + "\",\"publicKey\":\"" + node.publicKey().base64()
                + "\",\"name\":\"peer\",\"protocol\":" + org.dump.federation.FederationProtocol.VERSION
                + ",\"modules\":" + modules + "}";
        NodeCard read = NodeFrontDoor.card(url, card.getBytes(StandardCharsets.UTF_8));
        transactions.write(manager -> {
            manager.persist(new PeerEntity(url, read, Instant.now(), PeerOrigin.ADMIN));
            return null;
        });
    }

    /** Fails unless {@code began} (System.nanoTime) was less than a second ago. */
    static void inTime(long began, int bytes) {
        long took = System.nanoTime() - began;
        assertTrue(took < SECOND, "more than a second (" + took / 1_000_000 + " ms) for " + bytes + " bytes");
    }

    /** @return the input's mode, {@code '0'} being 0, and the rest of it */
    static int mode(byte[] input, int modes) {
        return input.length == 0 ? 0 : Math.floorMod(input[0] - '0', modes);
    }

    static byte[] rest(byte[] input) {
        return input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    }
}
