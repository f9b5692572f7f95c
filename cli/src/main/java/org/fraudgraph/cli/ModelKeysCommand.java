package org.fraudgraph.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fraudgraph.job.io.ModelSignature;
import org.fraudgraph.job.options.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Makes the operator's key pair for signing scoring models. */
@Command(
        name = "model-keys",
        mixinStandardHelpOptions = true,
        description = {
            "Makes a key pair for signing scoring models (Ed25519, PEM).",
            "NAME.key stays with the operator and signs ('publish-model --sign-key NAME.key'); NAME.pub goes to the job"
                    + " ('--model-public-key NAME.pub'), which then refuses any model on the models topic that is not"
                    + " signed with NAME.key."
        })
final class ModelKeysCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
    Path out;

    @Option(
            names = "--name",
            defaultValue = "model-signing",
            description = "File name without extension (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--force", description = "Replace a key pair of that name.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new Cli.UsageProblem("--name must be letters, digits, '.', '-' or '_'");
        }
        Path key = out.resolve(name + ".key");
        if (!force && (Files.exists(key) || Files.exists(out.resolve(name + ".pub")))) {
            throw new Cli.UsageProblem(
                    key
                            + " or its .pub exists; --force replaces them (models signed with the old key are then refused)");
        }
        ModelSignature.writeKeyPair(out, name);
        System.out.printf(
                "fraudgraph: wrote %s (private: keep it with the operator, owner-only) and %s (public: give it to the job)%n",
                key, out.resolve(name + ".pub"));
        return 0;
    }
}
