package org.fraudgraph.schema.codec;

import org.fraudgraph.schema.DeadLetterReason;

/** A record that cannot be used, with the dead-letter reason that says why. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public DecodeException(DeadLetterReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public DecodeException(DeadLetterReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
