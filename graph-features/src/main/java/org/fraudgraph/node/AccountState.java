package org.fraudgraph.node;

import static org.fraudgraph.node.FeatureSettings.DAY;
import static org.fraudgraph.node.FeatureSettings.HOUR;
import static org.fraudgraph.node.FeatureSettings.WEEK;
import static org.fraudgraph.node.FeatureSettings.WINDOWS;
import static org.fraudgraph.node.FeatureSettings.WINDOW_NAMES;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.fraudgraph.feature.Amounts;
import org.fraudgraph.graph.AccountEvent;
import org.fraudgraph.graph.Keys;
import org.fraudgraph.graph.NodeKind;
import org.fraudgraph.schema.EventKind;
import org.fraudgraph.window.Neighbourhood;
import org.fraudgraph.window.RollingCounter;

/**
 * Everything the graph remembers about one account: its velocity (events and money in 1 h, 24 h, 7
 * d), the devices, IPs, cities and merchants it used (distinct counts and novelty), its identity
 * nodes (for the two-hop questions on events that do not name them), its first-seen time, its burst
 * counts and whether it is confirmed fraud. {@link #apply} turns one event into the account's
 * features and the requests to send to the event's nodes.
 *
 * <p>Bounded: buckets of a 1 h and a 7 d counter, at most 32 devices, 32 IPs, 16 cities, 64
 * merchants and 16 identity nodes, each forgotten after its retention, and the ids of its last 32
 * events (so that a repeated event is applied once). {@link AccountStateSerializer} writes it as
 * one byte array.
 */
public final class AccountState {
    /** Format 2 added the recent event ids; format 1 is still read (without them). */

    /** How many of the account's latest event ids it remembers, to apply each event once. */
    static final int RECENT_IDS = 32;

    private static final Duration FINE = Duration.ofMinutes(5);

    /**
     * A claimed event time ahead of the event's arrival by less than this is transport and clock
     * resolution, not a forged clock: a phone's clock follows its network to well within a second.
     */
    static final long CLOCK_AHEAD_NOTED_MILLIS = 1_000;

    static final int DEVICES = 32;
    static final int IPS = 32;
    static final int CITIES = 16;
    static final int MERCHANTS = 64;
    private static final int IDENTITIES = 16;
    private static final String[] DEVICES_IN = names("account.devices_");
    private static final String[] IPS_IN = names("account.ips_");

    private static String[] names(String prefix) {
        String[] names = new String[WINDOW_NAMES.length];
        for (int w = 0; w < names.length; w++) {
            names[w] = prefix + WINDOW_NAMES[w];
        }
        return names;
    }

    /**
     * How many of its latest amounts an account's typical amount follows: a running mean of their
     * logarithms over about this many, so a new habit replaces an old one within weeks.
     */
    static final int AMOUNT_MEMORY = 32;

    /** How long after a password reset or phone change the feature says how long ago it was. */
    static final long CREDENTIALS_NOTED_MILLIS = 7 * 86_400_000L;

    /**
     * Amounts an account must have paid or sent before it has a typical amount: with fewer there is
     * no middle to compare with.
     */
    static final int AMOUNT_SCALE_FROM = 3;

    long firstSeenMillis = Long.MAX_VALUE;

    /** How many amounts {@link #amountLogMean} holds, at most {@value #AMOUNT_MEMORY}. */
    int amounts;

    /** Running mean of the logarithms of the amounts the account paid or sent. */
    double amountLogMean;

    /**
     * Running mean of the squared distances of those logarithms from their mean (their variance,
     * over the same memory): how far the account's own amounts spread.
     */
    double amountLogVariance;

    /**
     * When the account was opened: the earliest creation time its events said, else its first
     * {@code REGISTER} event; 0 when the job knows neither.
     */
    long registeredMillis;

    /**
     * When the account's password was last reset or its phone number changed, 0 when the job never
     * saw it.
     */
    long credentialsChangedMillis;

    /** The size it was read from: the next encoding starts that large and rarely grows. */
    int readSize;

    long lastEventMillis = Long.MIN_VALUE;
    long confirmedAtMillis;
    RollingCounter lastHour = new RollingCounter();
    RollingCounter lastWeek = new RollingCounter();
    Neighbourhood devices = Neighbourhood.empty(DEVICES);
    Neighbourhood ips = Neighbourhood.empty(IPS);
    Neighbourhood cities = Neighbourhood.empty(CITIES);
    Neighbourhood merchants = Neighbourhood.empty(MERCHANTS);
    String[] identityNodes = new String[0];
    long[] identitySeen = new long[0];
    long firstTick = Long.MAX_VALUE;
    BurstCounter burst = new BurstCounter();
    long[] recentIds = new long[0];

    public AccountState() {}

    /**
     * Whether an event with this id was applied already (one of the account's last {@value
     * #RECENT_IDS}): a producer's retry or a replayed file must not count twice.
     */
    public boolean alreadyApplied(String eventId) {
        long id = Keys.hash64(eventId);
        for (long seen : recentIds) {
            if (seen == id) {
                return true;
            }
        }
        return false;
    }

    private void rememberId(String eventId) {
        long id = Keys.hash64(eventId);
        if (recentIds.length < RECENT_IDS) {
            recentIds = Arrays.copyOf(recentIds, recentIds.length + 1);
        } else {
            System.arraycopy(recentIds, 1, recentIds, 0, recentIds.length - 1);
        }
        recentIds[recentIds.length - 1] = id;
    }

    /**
     * Applies one event of this account. A verdict (feedback) sets or clears the confirmed-fraud
     * mark (a chargeback does neither) and, when confirming, returns TAINT requests for the
     * account's identity nodes; any other event returns the account's features and one request per
     * node.
     */
    public AccountStep apply(AccountEvent event, FeatureSettings settings) {
        AccountStep step = new AccountStep();
        long t = event.eventTimeMillis;
        lastEventMillis = Math.max(lastEventMillis, t);
        if (event.isFeedback()) {
            if (event.feedback == AccountEvent.Feedback.CONFIRMED_FRAUD) {
                confirmedAtMillis = Math.max(1, t);
                for (String node : identityNodesWithin(t, settings.noveltyRetention())) {
                    step.requests.add(
                            EdgeRequest.of(
                                    EdgeRequest.Op.TAINT,
                                    node,
                                    event.eventId,
                                    t,
                                    Keys.hash64(event.accountId)));
                }
            } else if (event.feedback == AccountEvent.Feedback.CLEARED) {
                confirmedAtMillis = 0;
            }
            // A chargeback (DISPUTED) leaves the mark as it is: the owner disputing says someone
            // used the account, not that its owner is the fraud: confirming it blocked a takeover
            // victim's own later events and tainted its family's devices and phone.
            return step;
        }
        firstSeenMillis = Math.min(firstSeenMillis, t);
        noteOpening(event);
        rememberId(event.eventId);
        step.confirmedAtMillis = confirmedAtMillis;
        // Money counts in the account's own units, the same in every currency: its typical amount
        // before this event is one.
        double typical = typicalAmount();
        boolean largeRound = roundAndLarge(event.amountMinor);
        velocity(step, event, typical);
        boolean round = roundForAccount(event.amountMinor, typical);
        usage(step, event, settings, round);
        // How old the account is: since the platform opened it when an event said so or the job
        // saw it register, else since the job's first event of it; and how long the job has known
        // it (on the job's first day every account is new to it, not new).
        step.put("account.age_days", Math.max(0, t - openedMillis()) / 86_400_000.0);
        step.put("account.seen_days", Math.max(0, t - firstSeenMillis) / 86_400_000.0);
        step.put("account.confirmed_fraud", confirmedAtMillis != 0 ? 1 : 0);
        if (event.kind == EventKind.APPLICATION) {
            // Credit asked for (an application, a limit raise, a loan draw): where a loss begins.
            step.put("event.application", 1);
        }
        if (event.kind == EventKind.TRANSACTION && "TRANSFER".equals(event.subtype)) {
            // Money leaving for another account: what a takeover is after.
            step.put("event.transfer", 1);
        }
        if (event.kind == EventKind.DEVICE
                && ("RESET_PASSWORD".equals(event.subtype)
                        || "CHANGE_PHONE".equals(event.subtype))) {
            credentialsChangedMillis = Math.max(credentialsChangedMillis, t);
        }
        if (credentialsChangedMillis != 0
                && credentialsChangedMillis <= t
                && t - credentialsChangedMillis <= CREDENTIALS_NOTED_MILLIS) {
            // Who resets the password and the phone number owns the account from then on: a
            // takeover's first step, and a reason to hold money leaving soon after.
            step.put(
                    "account.credentials_changed_minutes",
                    (t - credentialsChangedMillis) / 60_000.0);
        }
        if (event.lateByMillis > 0) {
            step.put("event.late_minutes", event.lateByMillis / 60_000.0);
        }
        if (registeredMillis != 0) {
            // New accounts are what a farm makes and a household seldom does: the ring stage
            // counts the accounts of a shared device that registered within its window.
            step.put(
                    "account.registered_days_ago",
                    Math.max(0, t - registeredMillis) / 86_400_000.0);
        }
        if (event.clockAheadMillis >= CLOCK_AHEAD_NOTED_MILLIS) {
            step.put("event.clock_ahead_minutes", event.clockAheadMillis / 60_000.0);
        }
        long tick = settings.tick(t);
        firstTick = Math.min(firstTick, tick);
        step.put(
                "burst.account",
                burst.add(tick, Math.max(1, tick - firstTick + 1), settings.burstDecay()));
        requests(step, event, settings, largeRound, round);
        return step;
    }

    /**
     * Notes when the account was opened: the earliest creation time an event said ({@link
     * AccountEvent#accountCreatedMillis}) or, when none did, its first {@code REGISTER} event.
     */
    private void noteOpening(AccountEvent e) {
        long opened = e.accountCreatedMillis;
        if (opened == 0 && e.kind == EventKind.DEVICE && "REGISTER".equals(e.subtype)) {
            opened = registeredMillis == 0 ? e.eventTimeMillis : 0;
        }
        if (opened != 0) {
            registeredMillis = registeredMillis == 0 ? opened : Math.min(registeredMillis, opened);
        }
    }

    /** When the account was opened, as far as the job knows: see {@link #noteOpening}. */
    private long openedMillis() {
        return registeredMillis != 0
                ? Math.min(registeredMillis, firstSeenMillis)
                : firstSeenMillis;
    }

    private void velocity(AccountStep step, AccountEvent e, double typical) {
        long t = e.eventTimeMillis;
        RollingCounter.Totals hour = lastHour.add(t, e.amountMinor, HOUR, FINE);
        lastWeek.add(t, e.amountMinor, WEEK, HOUR);
        RollingCounter.Totals day = lastWeek.totals(t, DAY, HOUR);
        RollingCounter.Totals week = lastWeek.totals(t, WEEK, HOUR);
        step.put("account.events_1h", hour.events());
        step.put("account.events_24h", day.events());
        step.put("account.events_7d", week.events());
        step.put("account.amount_1h_minor", hour.amountMinor());
        step.put("account.amount_24h_minor", day.amountMinor());
        step.put("account.amount_7d_minor", week.amountMinor());
        if (typical > 0) {
            step.put("account.amount_1h_relative", hour.amountMinor() / typical);
            if (e.amountMinor > 0) {
                step.put("event.amount_relative", e.amountMinor / typical);
            }
        }
        if (e.amountMinor > 0 && spendsOrSends(e)) {
            amounts = Math.min(amounts + 1, AMOUNT_MEMORY);
            double x = Math.log(e.amountMinor);
            double before = x - amountLogMean;
            amountLogMean += before / amounts;
            amountLogVariance += (before * (x - amountLogMean) - amountLogVariance) / amounts;
        }
    }

    /**
     * The account's typical amount paid or sent (the geometric mean of its latest ones), 0 while it
     * has fewer than {@value #AMOUNT_SCALE_FROM}.
     */
    double typicalAmount() {
        return amounts >= AMOUNT_SCALE_FROM ? Math.exp(amountLogMean) : 0;
    }

    /** Money the account chose to move: a payment, a purchase or a transfer (not a repayment). */
    private static boolean spendsOrSends(AccountEvent e) {
        return e.kind == EventKind.TRANSACTION
                && switch (e.subtype) {
                    case "PAYMENT", "INSTALMENT_PURCHASE", "TRANSFER" -> true;
                    default -> false;
                };
    }

    /** Distinct devices and IPs, and novelty of this event's device, city and merchant. */
    private void usage(AccountStep step, AccountEvent e, FeatureSettings settings, boolean round) {
        long t = e.eventTimeMillis;
        Duration novelty = settings.noveltyRetention();
        for (String node : e.nodes) {
            NodeKind kind = NodeKind.ofKey(node);
            long key = Keys.hash64(node);
            if (kind == NodeKind.DEVICE) {
                step.put("novelty.new_device", devices.seenWithin(key, t, novelty) ? 0 : 1);
                devices.observe(key, t, novelty);
            } else if (kind == NodeKind.IP) {
                ips.observe(key, t, WEEK);
            } else if (kind == NodeKind.MERCHANT) {
                step.put("novelty.new_merchant", merchants.seenWithin(key, t, novelty) ? 0 : 1);
                if (e.amountMinor > 0) {
                    step.put("payment.round_amount", round ? 1 : 0);
                }
                merchants.observe(key, t, novelty);
            }
        }
        if (e.city != null && !e.city.isBlank()) {
            long key = Keys.hash64(e.city);
            step.put("novelty.new_city", cities.seenWithin(key, t, novelty) ? 0 : 1);
            cities.observe(key, t, novelty);
        }
        for (int w = 0; w < WINDOWS.length; w++) {
            step.put(DEVICES_IN[w], devices.distinctWithin(t, WINDOWS[w]));
        }
        for (int w = 0; w < WINDOWS.length; w++) {
            step.put(IPS_IN[w], ips.distinctWithin(t, WINDOWS[w]));
        }
    }

    /**
     * A round amount (in any currency, {@link Amounts#round}) at least the account's typical one:
     * cash-out draws a credit line as cash, which is large against what the account usually pays,
     * while round prices of small things (a top-up, a ticket) are not. An account without a typical
     * amount yet has nothing to compare with, and its round amounts count.
     */
    private static boolean roundForAccount(long amountMinor, double typical) {
        return Amounts.round(amountMinor) && amountMinor >= typical;
    }

    /**
     * A round amount (in any currency, {@link Amounts#round}) above the account's usual range:
     * cash-out draws a credit line as cash, which is large against what the account usually pays,
     * while a round price (a sale, a ticket) is one of the account's ordinary amounts. The usual
     * range ends two standard deviations above the mean of the logarithms of the account's own
     * amounts (about the 98th percentile of amounts spread log-normally, as shop prices are); "at
     * least the typical amount" was half of every account's own payments. An account without a
     * typical amount yet has nothing to compare with, and its round amounts count.
     */
    boolean roundAndLarge(long amountMinor) {
        if (!Amounts.round(amountMinor)) {
            return false;
        }
        if (amounts < AMOUNT_SCALE_FROM) {
            return true;
        }
        double spread = Math.sqrt(Math.max(0, amountLogVariance));
        return Math.log(amountMinor) >= amountLogMean + USUAL_RANGE_SPREADS * spread;
    }

    /** Standard deviations above the mean where an account's usual amounts end. */
    static final double USUAL_RANGE_SPREADS = 2;

    /** One UPDATE per node of the event, one QUERY per other identity node of the account. */
    private void requests(
            AccountStep step,
            AccountEvent e,
            FeatureSettings settings,
            boolean largeRound,
            boolean round) {
        long t = e.eventTimeMillis;
        long account = Keys.hash64(e.accountId);
        boolean newAccount = t - openedMillis() < settings.newAccountAge().toMillis();
        Set<String> own = new HashSet<>(Arrays.asList(e.nodes));
        for (String node : identityNodesWithin(t, WEEK)) {
            if (!own.contains(node)) {
                step.requests.add(
                        EdgeRequest.of(EdgeRequest.Op.QUERY, node, e.eventId, t, account));
            }
        }
        for (String node : e.nodes) {
            EdgeRequest r = EdgeRequest.of(EdgeRequest.Op.UPDATE, node, e.eventId, t, account);
            r.application = e.kind == org.fraudgraph.schema.EventKind.APPLICATION;
            r.amountMinor = e.amountMinor;
            r.largeRound = largeRound;
            r.newAccount = newAccount;
            r.emulator = e.emulator;
            r.rooted = e.rooted;
            r.accountConfirmedMillis = confirmedAtMillis;
            step.requests.add(r);
            NodeKind kind = NodeKind.ofKey(node);
            if (kind.identity()) {
                r.accountId = e.accountId;
                r.registeredMillis = registeredMillis;
                rememberIdentity(node, t);
            } else if (kind == NodeKind.MERCHANT) {
                r.accountId = e.accountId;
                r.registeredMillis = registeredMillis;
                r.roundPayment = round && e.amountMinor > 0;
            }
        }
    }

    private String[] identityNodesWithin(long nowMillis, Duration window) {
        return java.util.stream.IntStream.range(0, identityNodes.length)
                .filter(i -> identitySeen[i] > nowMillis - window.toMillis())
                .mapToObj(i -> identityNodes[i])
                .toArray(String[]::new);
    }

    private void rememberIdentity(String node, long t) {
        for (int i = 0; i < identityNodes.length; i++) {
            if (identityNodes[i].equals(node)) {
                identitySeen[i] = Math.max(identitySeen[i], t);
                return;
            }
        }
        int at = identityNodes.length;
        if (at == IDENTITIES) {
            at = 0;
            for (int i = 1; i < identitySeen.length; i++) {
                if (identitySeen[i] < identitySeen[at]) {
                    at = i;
                }
            }
        } else {
            identityNodes = Arrays.copyOf(identityNodes, at + 1);
            identitySeen = Arrays.copyOf(identitySeen, at + 1);
        }
        identityNodes[at] = node;
        identitySeen[at] = t;
    }

    public boolean confirmedFraud() {
        return confirmedAtMillis != 0;
    }

    /**
     * When the account's state can go: after the longest memory (novelty) has passed since its last
     * event, or the taint retention since a fraud verdict; {@link Long#MIN_VALUE} when empty.
     */
    public long expiresAtMillis(FeatureSettings settings) {
        if (lastEventMillis == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long until = lastEventMillis + settings.noveltyRetention().toMillis();
        if (confirmedAtMillis != 0) {
            until = Math.max(until, confirmedAtMillis + settings.taintRetention().toMillis());
        }
        return until;
    }
}
