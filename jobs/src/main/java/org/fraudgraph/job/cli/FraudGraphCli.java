package org.fraudgraph.job.cli;

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
            AlertsCommand.class,
            PublishModelCommand.class,
            ModelKeysCommand.class,
            ExportCommand.class,
            CreateTopicsCommand.class,
            SubmitCommand.class,
            DeliveryReportCommand.class,
            VerifyBundleCommand.class,
            BenchBurstCommand.class,
            BenchFeaturesCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'fraudgraph <command> --help' for the flags of a command."})
public final class FraudGraphCli implements Runnable {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new FraudGraphCli()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "which command? demo, run, generate, replay or bench-burst");
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
