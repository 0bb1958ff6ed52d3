package org.dump.network.sim;

/**
 * What went over the wire: bytes sent by nodes that run the module, by kind and by window of the timeline (busy,
 * idle); payload copies received; and a hash over every message (time, ends, size), which two runs of one seed must
 * share.
 */
final class Traffic {

    enum Kind { PUSH, CATCH_UP, PEER_EXCHANGE, ANNOUNCE, GRAFT }

    enum Window { NONE, BUSY, IDLE }

    private final long[][] bytes = new long[Window.values().length][Kind.values().length];
    long payloadCopies;
    long payloadCopiesElsewhere;
    long messages;
    long lost;
    private long trace = 17;

    void sent(SimNode from, int to, long size, Kind kind, Window window, long now) {
        messages++;
        trace = trace * 31 + (now * 1_000_003L ^ from.index * 7919L ^ to * 104_729L ^ size ^ kind.ordinal());
        if (from.runsModule) {
            bytes[window.ordinal()][kind.ordinal()] += size;
        }
    }

    long bytes(Window window, Kind kind) {
        return bytes[window.ordinal()][kind.ordinal()];
    }

    long bytes(Window window) {
        long sum = 0;
        for (long b : bytes[window.ordinal()]) {
            sum += b;
        }
        return sum;
    }

    long trace() {
        return trace;
    }
}
