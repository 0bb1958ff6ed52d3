package org.dump.node.internal.record;

import javax.persistence.EntityManagerFactory;

import org.dump.node.identity.NodeIdentity;
import org.dump.node.record.RecordIngest;

/**
 * The node's record store for tests of other packages (consent), which need records of other nodes stored the way
 * federation stores them ({@link RecordIngest}). Close it when done: it runs a writer thread.
 */
public final class TestRecordStores {

    private TestRecordStores() {
    }

    /** A record store on {@code factory} for the node {@code identity}; close it with {@link #close}. */
    public static TestRecords open(EntityManagerFactory factory, NodeIdentity identity) {
        return new TestRecords(factory, identity, 64 * 1024);
    }

    public static void close(TestRecords store) {
        store.stop();
    }
}
