package org.fraudgraph.training;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.Verdict;

/**
 * Analysts' verdicts on accounts, as labels for the next fit: the latest verdict on an account
 * wins, and it wins over the data set's own label (the analyst looked at the account; the label was
 * a guess or a simulation). Confirmed fraud makes the account's events fraud; a false positive or a
 * clearing makes them honest.
 *
 * <p>A chargeback on an account is no verdict on it, as in the job: its owner disputes what someone
 * did with it, which is a takeover's victim as often as a fraudster, and it names the account, not
 * the events disputed. Counting all the account's events as fraud taught a model that a victim's
 * own life is fraud. So a chargeback leaves the account's label as the data set has it.
 */
public final class Verdicts {
    private final Map<String, FeedbackEvent> latest = new HashMap<>();

    /**
     * Adds one verdict; only verdicts on accounts count, not chargebacks, and a later one replaces
     * an earlier.
     */
    public void add(FeedbackEvent e) {
        if (e.getEntityType() != EntityType.ACCOUNT || e.getVerdict() == Verdict.CHARGEBACK) {
            return;
        }
        latest.merge(
                e.getEntityId(), e, (a, b) -> b.getEventTime().isBefore(a.getEventTime()) ? a : b);
    }

    /** Adds the verdicts of an Avro file of {@code FeedbackEvent} (a data set's feedback.avro). */
    public void addFile(File file) throws IOException {
        try (DataFileReader<FeedbackEvent> in =
                new DataFileReader<>(file, new SpecificDatumReader<>(FeedbackEvent.class))) {
            for (FeedbackEvent e : in) {
                add(e);
            }
        }
    }

    /** Accounts with a verdict. */
    public int accounts() {
        return latest.size();
    }

    /** Accounts whose latest verdict says fraud. */
    public long fraud() {
        return latest.values().stream().filter(e -> isFraud(e.getVerdict())).count();
    }

    /** The latest verdict on an account, or {@code null}. */
    FeedbackEvent of(String account) {
        return latest.get(account);
    }

    static boolean isFraud(Verdict v) {
        return v == Verdict.CONFIRMED_FRAUD;
    }
}
