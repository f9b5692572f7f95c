package org.fraudgraph.replay;

/** The black-market patterns the generator injects, each labelled with its name. */
public enum Pattern {
    /** Emulators and proxies registering accounts in a burst, then applying and drawing loans. */
    DEVICE_FARM,
    /**
     * A slow-burn farm on ordinary phones: about one new account a day, registered on one of a few
     * phones and worked on the others, each applying for credit and drawing it. Found as a {@code
     * DEVICE_FARM} case.
     */
    SLOW_FARM,
    /** Applications sharing emergency contacts, phones, addresses and a forged employer. */
    APPLICATION_RING,
    /**
     * Accounts paying colluding merchants round or near-limit amounts, repaid through each other's
     * cards.
     */
    CASH_OUT,
    /** Money passed quickly along a chain (sometimes a cycle) of accounts. */
    MULE_CHAIN,
    /** Many recruited accounts send money to one, which passes it on. */
    FAN_IN,
    /** One account sends money to many. */
    FAN_OUT,
    /** Money goes round a circle of accounts and back to where it started. */
    CYCLE,
    /** One account sends to several, which all send on to one collector. */
    SCATTER_GATHER,
    /** Several accounts send to one hub, which sends on to several others. */
    GATHER_SCATTER,
    /** Money passes through layers of accounts, each paying several of the next. */
    LAYERED,
    /**
     * A known account taken over: new device and city, password reset, phone change, large
     * purchases.
     */
    ACCOUNT_TAKEOVER
}
