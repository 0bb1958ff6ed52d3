package org.dump.federation;

/** Whether a peer takes this node as its peer in turn: only then does it accept what this node sends it. */
public enum Mutuality {

    /** It takes this node as its peer: it said so to a hello, or accepted a signed request. */
    MUTUAL,
    /** Its administrator has yet to approve this node's request (that node approves peers by hand). */
    PENDING,
    /** It does not take this node as its peer: it refused the hello, or answers "not a peer" to requests. */
    ONE_SIDED,
    /** Not known yet: it has not been asked, or could not be. */
    UNKNOWN
}
