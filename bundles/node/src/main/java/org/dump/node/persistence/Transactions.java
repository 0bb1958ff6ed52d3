package org.dump.node.persistence;

import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

/**
 * Units of work on a persistence unit of the node's datasource. Units are RESOURCE_LOCAL (Aries JPA supports no
 * more without a JTA manager, and the node needs none): each unit of work gets its own entity manager and either
 * commits whole or rolls back whole, so a refused request never leaves half a change behind. With a
 * {@link DatabaseSpace}, a unit that fails for lack of disk space throws a {@link StorageFullException}, and writes
 * are refused at once while the disk stays full.
 */
public final class Transactions {

    /** The name of the node's own persistence unit, as in its META-INF/persistence.xml and service filters. */
    public static final String UNIT = "dump";

    private final EntityManagerFactory factory;
    private final DatabaseSpace space;

    /** Units of work that know nothing of disk space: their failures are thrown as they come (tests, tools). */
    public Transactions(EntityManagerFactory factory) {
        this(factory, DatabaseSpace.UNWATCHED);
    }

    /** @param space told of every unit's outcome, and asked before each write */
    public Transactions(EntityManagerFactory factory, DatabaseSpace space) {
        this.factory = factory;
        this.space = space;
    }

    /** Runs {@code work} in a transaction that commits if it returns and rolls back if it throws. */
    public <T> T write(Function<EntityManager, T> work) {
        space.checkWritable();
        EntityManager manager = factory.createEntityManager();
        EntityTransaction transaction = manager.getTransaction();
        try {
            transaction.begin();
            T result = work.apply(manager);
            transaction.commit();
            space.wrote();
            return result;
        } catch (RuntimeException e) {
            throw space.failed(e, true);
        } finally {
            end(manager, transaction);
        }
    }

    /** Runs {@code work}, which must only read, outside any transaction. */
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager manager = factory.createEntityManager();
        try {
            return work.apply(manager);
        } catch (RuntimeException e) {
            throw space.failed(e, false);
        } finally {
            end(manager, null);
        }
    }

    /**
     * Rolls back what is still open and closes the manager. Both fail on a connection the database closed (Derby
     * shuts a database down when it cannot write a page or its log): that must not hide the failure that did it.
     */
    private static void end(EntityManager manager, EntityTransaction transaction) {
        try {
            if (transaction != null && transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException closedAlready) {
            // Nothing to roll back on a connection that is gone: the database rolled the work back itself.
        } finally {
            try {
                manager.close();
            } catch (RuntimeException closedAlready) {
                // As above: the connection goes back to the pool, which drops it.
            }
        }
    }
}
