package org.fraudgraph.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fraudgraph.job.io.EventProducer;
import org.fraudgraph.job.io.EventValues;
import org.fraudgraph.job.io.FieldBounds;
import org.fraudgraph.job.io.Topics;
import org.fraudgraph.job.options.Cli;
import org.fraudgraph.schema.EntityType;
import org.fraudgraph.schema.FeedbackEvent;
import org.fraudgraph.schema.RingCase;
import org.fraudgraph.schema.RingMember;
import org.fraudgraph.schema.Verdict;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Records an analyst's or the chargeback system's verdict on an account or a ring case. */
@Command(
        name = "verdict",
        mixinStandardHelpOptions = true,
        description = {
            "Records a verdict on an account, or on every account of a ring case, as FeedbackEvents on the feedback"
                    + " topic the job reads, and says what the job will do with it.",
            "A verdict on a case reads the case's latest version from the cases topic."
        })
final class VerdictCommand implements Callable<Integer> {
    @Mixin KafkaTopicsOption kafka;

    static final class Target {
        @Option(names = "--account", paramLabel = "ID", description = "The account.")
        String account;

        @Option(
                names = "--case",
                paramLabel = "ID",
                description = "A ring case: the verdict goes to each of its accounts.")
        String caseId;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Kind {
        @Option(names = "--confirmed-fraud", description = "Fraud, confirmed by an investigation.")
        boolean confirmedFraud;

        @Option(names = "--chargeback", description = "A chargeback came in for it.")
        boolean chargeback;

        @Option(names = "--false-positive", description = "An alert or a case that was wrong.")
        boolean falsePositive;

        @Option(names = "--cleared", description = "Looked at and cleared.")
        boolean cleared;

        Verdict verdict() {
            return confirmedFraud
                    ? Verdict.CONFIRMED_FRAUD
                    : chargeback
                            ? Verdict.CHARGEBACK
                            : falsePositive ? Verdict.FALSE_POSITIVE : Verdict.CLEARED;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @Option(
            names = "--by",
            paramLabel = "NAME",
            required = true,
            description = "Who gives the verdict (kept with it).")
    String by;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, in a few words.")
    String note;

    @Option(
            names = "--feedback-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.feedback",
            description = "Where verdicts go (default: ${DEFAULT-VALUE}).")
    String feedbackTopic;

    @Option(
            names = "--cases-topic",
            paramLabel = "TOPIC",
            defaultValue = "fraudgraph.cases",
            description = "Where a --case is looked up (default: ${DEFAULT-VALUE}).")
    String casesTopic;

    @Override
    public Integer call() throws Exception {
        Verdict verdict = kind.verdict();
        String words = "by " + by.strip() + (note == null ? "" : ": " + note.strip());
        if (by.isBlank()) {
            throw new Cli.UsageProblem("--by needs a name");
        }
        List<String> accounts = new ArrayList<>();
        String caseId = target.caseId;
        if (caseId != null) {
            kafka.requireTopics(feedbackTopic, casesTopic);
            accounts.addAll(accountsOf(caseId));
        } else {
            kafka.requireTopics(feedbackTopic);
            accounts.add(target.account);
        }
        Instant now = Instant.now();
        List<FeedbackEvent> events = new ArrayList<>();
        for (String account : accounts) {
            FeedbackEvent e =
                    FeedbackEvent.newBuilder()
                            .setEventId("verdict-" + UUID.randomUUID())
                            .setEventTime(now)
                            .setEntityType(EntityType.ACCOUNT)
                            .setEntityId(account)
                            .setVerdict(verdict)
                            .setCaseId(caseId)
                            .setSource(
                                    verdict == Verdict.CHARGEBACK
                                            ? "CHARGEBACK_SYSTEM"
                                            : "INVESTIGATOR")
                            .setNote(words)
                            .build();
            // What the job would dead-letter is refused here, before anything is sent.
            String problem = FieldBounds.problem(e);
            if (problem == null) {
                problem = EventValues.problem(e);
            }
            if (problem != null) {
                throw new Cli.UsageProblem("the verdict would be refused by the job: " + problem);
            }
            events.add(e);
        }
        Topics topics =
                new Topics(
                        Topics.DEFAULTS.transactions(),
                        Topics.DEFAULTS.devices(),
                        Topics.DEFAULTS.applications(),
                        feedbackTopic,
                        Topics.DEFAULTS.models(),
                        Topics.DEFAULTS.scores(),
                        casesTopic,
                        Topics.DEFAULTS.deadLetters());
        try (EventProducer producer = new EventProducer(kafka.settings(), topics)) {
            for (FeedbackEvent e : events) {
                producer.send(e);
            }
            producer.flush();
        }
        System.out.printf(
                "fraudgraph verdict: %s on %s, %s, sent to %s%n",
                verdict,
                caseId != null
                        ? caseId + " (" + accounts.size() + " accounts)"
                        : "account " + accounts.get(0),
                words,
                feedbackTopic);
        System.out.println(whatTheJobDoes(verdict, caseId != null));
        return 0;
    }

    /** The accounts of the latest version of a case on the cases topic. */
    private List<String> accountsOf(String caseId) {
        PrintWriter warnings =
                new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8));
        RingCase latest =
                CaseSource.fromKafka(kafka.settings(), casesTopic, warnings).stream()
                        .filter(c -> c.getCaseId().equals(caseId))
                        .max(Comparator.comparingInt(RingCase::getVersion))
                        .orElseThrow(
                                () ->
                                        new Cli.UsageProblem(
                                                "no case " + caseId + " in " + casesTopic));
        List<String> out = new ArrayList<>();
        for (RingMember m : latest.getMembers()) {
            if (m.getEntityType() == EntityType.ACCOUNT) {
                out.add(m.getEntityId());
            }
        }
        if (out.isEmpty()) {
            throw new Cli.UsageProblem("case " + caseId + " has no accounts");
        }
        return out;
    }

    /** What the running job does with the verdict, in words. */
    static String whatTheJobDoes(Verdict verdict, boolean onCase) {
        String who = onCase ? "each account of the case" : "the account";
        String does =
                switch (verdict) {
                    case CHARGEBACK ->
                            onCase
                                    ? "  the job records the dispute on each account of the case and changes nothing else: a\n"
                                            + "  chargeback is as often a takeover's victim as a fraudster (confirm with\n"
                                            + "  --confirmed-fraud to block, --false-positive to dismiss the case)."
                                    : "  the job records the dispute and changes nothing else: a chargeback is as often a\n"
                                            + "  takeover's victim as a fraudster, so the account is not blocked and its devices\n"
                                            + "  taint no one (confirm with --confirmed-fraud to block it).";
                    case CONFIRMED_FRAUD ->
                            "  the job marks "
                                    + who
                                    + " confirmed fraud: its next events are blocked (rule CONFIRMED_FRAUD), and\n"
                                    + "  the devices, phones, contact phones, id numbers, cards and addresses it used in 30 days\n"
                                    + "  taint the accounts that share them (taint.* features, halving every 7 days, for 30 days).";
                    case FALSE_POSITIVE, CLEARED ->
                            onCase
                                    ? "  the job closes the case (a last version, status CLOSED, reason DISMISSED): its\n"
                                            + "  members' credit asks are no longer held for it (rule OPEN_CASE_CREDIT), their\n"
                                            + "  accounts open no case among themselves for the ring window, and it lifts a\n"
                                            + "  confirmed-fraud mark each account may have."
                                    : "  the job lifts a confirmed-fraud mark the account may have (a case is closed by a\n"
                                            + "  verdict on the case: --case ID).";
                };
        return does
                + (verdict == Verdict.CHARGEBACK
                        ? "\n  Training does not take it as a label: it names the account, not the events disputed."
                        : "\n  The verdict stays on the feedback topic as a label for training.");
    }
}
