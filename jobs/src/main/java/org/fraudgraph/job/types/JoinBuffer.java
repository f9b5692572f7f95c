package org.fraudgraph.job.types;

import java.util.Arrays;
import org.fraudgraph.node.AccountPart;
import org.fraudgraph.node.NodeAnswer;

/**
 * What the feature join holds for one event until it is complete: the account's half (once it has
 * arrived) and the node answers so far.
 */
public final class JoinBuffer {
    /** The account's half, or {@code null} while the answers are ahead of it. */
    public AccountPart part;

    public NodeAnswer[] answers = new NodeAnswer[0];

    public JoinBuffer() {}

    /** A one-piece buffer carrying the account's half to the join. */
    public static JoinBuffer of(AccountPart part) {
        JoinBuffer b = new JoinBuffer();
        b.part = part;
        return b;
    }

    /** A one-piece buffer carrying one answer to the join. */
    public static JoinBuffer of(NodeAnswer answer) {
        JoinBuffer b = new JoinBuffer();
        b.answers = new NodeAnswer[] {answer};
        return b;
    }

    /** True when the account's half is here and all the answers it expects. */
    public boolean complete() {
        return part != null && answers.length == part.answersExpected;
    }

    /** The event id this buffer waits for (the join's partitioning key). */
    public String eventId() {
        return part != null ? part.eventId : answers[0].eventId;
    }

    /**
     * The event this buffer waits for: its id and the account's key. Event ids are unique per
     * account only; two accounts' events under one id are two joins.
     */
    public Key key() {
        return part != null
                ? new Key(part.eventId, part.account)
                : new Key(answers[0].eventId, answers[0].account);
    }

    /** One event of one account. */
    public record Key(String eventId, long account) {}

    public void add(NodeAnswer answer) {
        answers = Arrays.copyOf(answers, answers.length + 1);
        answers[answers.length - 1] = answer;
    }
}
