package org.fraudgraph.job.options;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Shared command-line behaviour of the job's main class and the {@code fraudgraph} tool: one-line
 * errors, exit codes 2 for bad usage and 1 for failures.
 */
public final class Cli {
    private Cli() {}

    /** A problem the user can fix; printed as one line, exit code 2. */
    public static final class UsageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageProblem(String message) {
            super(message);
        }
    }

    public static void requireValid(JobOptions options) {
        String problem = options.problem();
        if (problem != null) {
            throw new UsageProblem(problem);
        }
    }

    public static CommandLine commandLine(Object command) {
        return configure(new CommandLine(command));
    }

    /**
     * One-line errors and exit codes on {@code cli} and the subcommands it has so far (add
     * subcommands first).
     */
    public static CommandLine configure(CommandLine cli) {
        cli.setParameterExceptionHandler(
                (ex, args) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    String hint = "";
                    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                            && !unmatched.getSuggestions().isEmpty()) {
                        hint = "; did you mean " + unmatched.getSuggestions().get(0) + "?";
                    }
                    err.println(
                            "fraudgraph: "
                                    + ex.getMessage()
                                    + hint
                                    + " (see '"
                                    + ex.getCommandLine().getCommandSpec().qualifiedName()
                                    + " --help')");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    if (ex instanceof UsageProblem) {
                        err.println("fraudgraph: " + ex.getMessage());
                        return 2;
                    }
                    err.println(
                            "fraudgraph: "
                                    + commandLine.getCommandName()
                                    + " failed: "
                                    + rootMessage(ex));
                    if (System.getenv("FRAUDGRAPH_DEBUG") != null) {
                        ex.printStackTrace(err);
                    } else {
                        String log = System.getProperty("fraudgraph.log.file");
                        err.println(
                                "(set FRAUDGRAPH_DEBUG=1 for the stack trace; details in "
                                        + (log == null ? "the log" : log)
                                        + ")");
                    }
                    return 1;
                });
        return cli;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
