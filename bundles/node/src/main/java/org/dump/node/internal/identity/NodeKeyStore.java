package org.dump.node.internal.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.SealedBox;
import org.dump.crypto.SealedBoxException;
import org.dump.crypto.KeyFile;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.internal.NodeDataDirectory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's key pair, kept in {@code ${karaf.data}/dump/node.key} (mode 0600). Made on the first start; read on
 * every later one, so the node id survives restarts of the bundle and of the node. A key file that cannot be read
 * stops the node rather than being replaced: a new key would be a different node to every peer.
 */
@Component(service = NodeIdentity.class)
public final class NodeKeyStore implements NodeIdentity {

    static final String KEY_FILE = "node.key";

    private static final Logger LOG = LoggerFactory.getLogger(NodeKeyStore.class);

    private final Ed25519KeyPair keyPair;
    private final String id;

    @Activate
    public NodeKeyStore(BundleContext context) throws IOException {
        this(NodeDataDirectory.of(context).resolve(KEY_FILE));
    }

    NodeKeyStore(Path file) throws IOException {
        boolean existed = Files.exists(file);
        try {
            keyPair = KeyFile.loadOrCreate(file);
        } catch (IOException e) {
            LOG.error("Cannot read the node key {}: {}. Restore the file from a backup, or move it away to start "
                    + "as a new node with a new id.", file, e.getMessage());
            throw e;
        }
        id = keyPair.publicKey().fingerprint();
        if (!existed) {
            LOG.info("Made a new node key in {}: this node's id is {}", file, id);
        } else if (KeyFile.restrictToOwner(file)) {
            LOG.warn("The node key {} was readable by others; it is now readable by its owner only", file);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return keyPair.publicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
        return keyPair.sign(message);
    }

    @Override
    public byte[] open(String purpose, byte[] sealed, byte[] aad) throws SealedBoxException {
        return SealedBox.open(keyPair, purpose, sealed, aad);
    }
}
