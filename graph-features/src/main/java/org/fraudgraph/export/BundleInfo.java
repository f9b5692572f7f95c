package org.fraudgraph.export;

import java.time.Instant;

/**
 * Who exports, why, when and with what: stamped on the page, the summary, the manifest and the
 * audit line.
 *
 * @param tool the exporting program and its version, e.g. {@code fraudgraph 0.1.0}
 * @param reason the investigator's reason for the referral, may be empty
 */
public record BundleInfo(String investigator, String reason, Instant exportedAt, String tool) {}
