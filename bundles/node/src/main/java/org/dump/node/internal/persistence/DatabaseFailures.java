package org.dump.node.internal.persistence;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells, through the layers that wrap a failure (JPA, EclipseLink, JDBC batches and their chains of next exceptions,
 * Derby's own exceptions, the operating system's error), the failures that are the database's condition rather than
 * the work's: a full disk, and a connection the database closed under the work (or a database it could not reach).
 */
final class DatabaseFailures {

    /**
     * SQLStates that mean the disk is full. Derby: XSDG1 a page could not be written, XSLA4 the transaction log could
     * not be written, XSDFI a write during recovery failed (each says to check that the disk is not full; Derby
     * shuts the database down after the first two). PostgreSQL: 53100 disk_full.
     */
    private static final Set<String> OUT_OF_SPACE = Set.of("XSDG1", "XSLA4", "XSDFI", "53100");

    /** What the operating system says (ENOSPC, EDQUOT), as Java passes it on in an IOException's message. */
    private static final String[] SYSTEM_MESSAGES = {"no space left on device", "disk quota exceeded",
        "not enough space on the disk"};

    /**
     * SQLStates of a database that closed the connection or could not be reached for a moment, besides class 08
     * (Derby's 08003 "No current connection" on every connection of a database it shut down, 08006). Derby: XJ004
     * "database not found" and XJ040 "failed to start database" to a connection asked for while it shuts the
     * database down, XJ015 the whole of Derby shut down. PostgreSQL: 57P01-57P03 (shut down, crashed, starting).
     */
    private static final Set<String> UNREACHABLE = Set.of("XJ004", "XJ040", "XJ015", "57P01", "57P02", "57P03");

    /** How many exceptions of a failure are looked at: its causes, suppressed and next exceptions. */
    private static final int MAX_LOOKED_AT = 64;

    private DatabaseFailures() {
    }

    /** @return what the database or system said about the lack of space, if it caused {@code failure} */
    static Optional<String> outOfSpace(Throwable failure) {
        return first(failure, error -> {
            if (error instanceof SQLException sql && sql.getSQLState() != null
                    && OUT_OF_SPACE.contains(sql.getSQLState())) {
                return sql.getSQLState() + " " + sql.getMessage();
            }
            return error instanceof IOException && saysNoSpace(error.getMessage()) ? error.getMessage() : null;
        });
    }

    /**
     * @return what the database said, if it closed the connection {@code failure} was on or could not be reached;
     *         look for {@link #outOfSpace} first: Derby's failure to start may have a full disk as its cause
     */
    static Optional<String> connectionLost(Throwable failure) {
        return first(failure, error -> error instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || UNREACHABLE.contains(sql.getSQLState()))
                ? sql.getSQLState() + " " + sql.getMessage() : null);
    }

    /** @return what {@code telling} makes of the first exception of {@code failure} it makes anything of */
    private static Optional<String> first(Throwable failure, Function<Throwable, String> telling) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        next.add(failure);
        while (!next.isEmpty() && seen.size() < MAX_LOOKED_AT) {
            Throwable error = next.poll();
            if (!seen.add(error)) {
                continue;
            }
            String told = telling.apply(error);
            if (told != null) {
                return Optional.of(told);
            }
            if (error.getCause() != null) {
                next.add(error.getCause());
            }
            if (error instanceof SQLException sql && sql.getNextException() != null) {
                next.add(sql.getNextException());
            }
            for (Throwable suppressed : error.getSuppressed()) {
                next.add(suppressed);
            }
        }
        return Optional.empty();
    }

    private static boolean saysNoSpace(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String words : SYSTEM_MESSAGES) {
            if (lower.contains(words)) {
                return true;
            }
        }
        return false;
    }
}
