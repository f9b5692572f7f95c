package org.fraudgraph.export;

import java.time.Instant;

/**
 * Who exports, why, when and with what: stamped on the page, the summary, the manifest and the
 * audit line.
 *
 * @param tool the exporting program and its version, e.g. {@code fraudgraph 0.1.0}
 * @param reason the investigator's reason for the referral, may be empty
 * @param hashedAtExport personal identifiers that arrived raw and the export hashed with the job's
 *     key (0 when every one was hashed already)
 */
public record BundleInfo(
        String investigator, String reason, Instant exportedAt, String tool, int hashedAtExport) {
    public BundleInfo(String investigator, String reason, Instant exportedAt, String tool) {
        this(investigator, reason, exportedAt, tool, 0);
    }

    /** The same, noting how many identifiers the export hashed itself. */
    public BundleInfo withHashedAtExport(int count) {
        return new BundleInfo(investigator, reason, exportedAt, tool, count);
    }
}
