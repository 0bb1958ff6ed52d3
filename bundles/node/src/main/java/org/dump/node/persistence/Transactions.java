package org.dump.node.persistence;

import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

/**
 * Units of work on a persistence unit of the node's datasource. Units are RESOURCE_LOCAL (Aries JPA supports no
 * more without a JTA manager, and the node needs none): each unit of work gets its own entity manager and either
 * commits whole or rolls back whole, so a refused request never leaves half a change behind.
 */
public final class Transactions {

    /** The name of the node's own persistence unit, as in its META-INF/persistence.xml and service filters. */
    public static final String UNIT = "dump";

    private final EntityManagerFactory factory;

    public Transactions(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /** Runs {@code work} in a transaction that commits if it returns and rolls back if it throws. */
    public <T> T write(Function<EntityManager, T> work) {
        EntityManager manager = factory.createEntityManager();
        EntityTransaction transaction = manager.getTransaction();
        try {
            transaction.begin();
            T result = work.apply(manager);
            transaction.commit();
            return result;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            manager.close();
        }
    }

    /** Runs {@code work}, which must only read, outside any transaction. */
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager manager = factory.createEntityManager();
        try {
            return work.apply(manager);
        } finally {
            manager.close();
        }
    }
}
