package org.dump.network.sim;

import java.util.PriorityQueue;

/**
 * Simulated time: events run in order of their time, and events of the same time in the order they were scheduled
 * (a sequence number), so that a run depends on nothing but its seed. Times are microseconds since the start.
 */
final class EventQueue {

    private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long sequence;
    private long ran;

    long now() {
        return now;
    }

    /** @return the events run so far */
    long ran() {
        return ran;
    }

    void at(long time, Runnable action) {
        events.add(new Event(Math.max(time, now), sequence++, action));
    }

    void after(long delay, Runnable action) {
        at(now + delay, action);
    }

    /** Runs every event up to {@code end} (inclusive), then leaves the clock at {@code end}. */
    void runUntil(long end) {
        while (!events.isEmpty() && events.peek().at <= end) {
            Event event = events.poll();
            now = event.at;
            ran++;
            event.action.run();
        }
        now = Math.max(now, end);
    }

    static long seconds(double seconds) {
        return Math.round(seconds * 1_000_000);
    }
}
