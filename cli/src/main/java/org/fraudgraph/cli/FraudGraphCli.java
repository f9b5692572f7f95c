package org.fraudgraph.cli;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code fraudgraph} command: {@code bin/fraudgraph <command> [flags]}.
 *
 * <pre>{@code
 * bin/fraudgraph demo
 * bin/fraudgraph run --bootstrap-servers kafka-1:9092
 * }</pre>
 */
@Command(
        name = "fraudgraph",
        mixinStandardHelpOptions = true,
        versionProvider = FraudGraphCli.Version.class,
        description = "Real-time fraud and black-market ring detection on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            GenerateCommand.class,
            ReplayCommand.class,
            TrainCommand.class,
            AlertsCommand.class,
            PublishModelCommand.class,
            VerdictCommand.class,
            ModelKeysCommand.class,
            ExportCommand.class,
            CreateTopicsCommand.class,
            SubmitCommand.class,
            DeliveryReportCommand.class,
            PartitionLeadersCommand.class,
            SendHostileCommand.class,
            VerifyBundleCommand.class,
            SettingsCommand.class,
            CommandLine.HelpCommand.class
        },
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'fraudgraph <command> --help' for the flags of a command."})
public final class FraudGraphCli implements Callable<Integer> {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command with every subcommand, those of other modules on the class path included (the
     * benchmark harness adds {@code bench}, {@code bench-features} and {@code bench-burst}).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FraudGraphCli());
        for (MoreCommands more : ServiceLoader.load(MoreCommands.class)) {
            more.commands().forEach(cli::addSubcommand);
        }
        return Cli.configure(cli);
    }

    /** Without a command: the list of all commands on stderr, exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("fraudgraph: which command?");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The version from the jar's manifest, or "development" from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FraudGraphCli.class.getPackage().getImplementationVersion();
            return new String[] {"fraudgraph " + (version == null ? "development" : version)};
        }
    }
}
