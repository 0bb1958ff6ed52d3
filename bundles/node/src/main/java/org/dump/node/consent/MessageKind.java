package org.dump.node.consent;

/** The two kinds of consent messages between nodes; each has an endpoint of its own. */
public enum MessageKind {
    /** A user's request for a profile, from the asking node to the author's home node. */
    REQUEST("requests"),
    /** The author's answer (grant with the profile, refusal, revocation, or a changed profile), back again. */
    ANSWER("answers");

    private final String path;

    MessageKind(String path) {
        this.path = path;
    }

    /** @return the last segment of the endpoint's path, e.g. {@code requests} */
    public String path() {
        return path;
    }

    /** @return the kind whose endpoint ends in {@code path}, or null */
    public static MessageKind ofPath(String path) {
        for (MessageKind kind : values()) {
            if (kind.path.equals(path)) {
                return kind;
            }
        }
        return null;
    }
}
