package org.dump.shell.internal;

import java.time.Duration;
import java.time.Instant;

/** How long ago something happened, in the words an administrator reads at a glance: {@code 2 min ago}. */
final class Ago {

    private Ago() {
    }

    static String of(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 5) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86400 + " days ago";
    }
}
