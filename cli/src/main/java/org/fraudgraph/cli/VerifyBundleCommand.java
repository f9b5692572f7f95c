package org.fraudgraph.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fraudgraph.export.BundleManifest;
import org.fraudgraph.export.ExportException;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Recomputes the SHA-256 of every file of a referral bundle and compares with its manifest. */
@Command(
        name = "verify-bundle",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a referral bundle folder: every file's SHA-256 against manifest.json, nothing missing, nothing added.",
            "Exit code 0 when it verifies, 1 when it does not."
        })
final class VerifyBundleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The bundle folder.")
    Path dir;

    @Override
    public Integer call() {
        BundleManifest.Check check;
        try {
            check = BundleManifest.verify(dir);
        } catch (ExportException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        if (check.ok()) {
            System.out.printf(
                    "fraudgraph: bundle %s of case %s v%d verifies: %d files match manifest.json%n",
                    dir, check.caseId(), check.caseVersion(), check.files());
            return 0;
        }
        System.out.printf(
                "fraudgraph: bundle %s of case %s v%d does NOT verify:%n",
                dir, check.caseId(), check.caseVersion());
        check.problems().forEach(p -> System.out.println("  " + p));
        return 1;
    }
}
