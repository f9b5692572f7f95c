package org.fraudgraph.job.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import org.fraudgraph.schema.codec.Pseudonymiser;

/**
 * Where the HMAC key for raw personal identifiers is: a file or an environment variable. Only the
 * place travels with the job; the key is read where it is used (the source readers on the
 * TaskManagers), so it is never part of the job graph, a savepoint or a log line. In Kubernetes the
 * same Secret is mounted on every pod.
 *
 * @param file the key file, or null
 * @param environmentVariable the variable holding the key, or null
 */
public record PersonalDataKey(String file, String environmentVariable) implements Serializable {

    /** Where the key is, for a log line. */
    public String describe() {
        return file != null ? "file " + file : "environment variable " + environmentVariable;
    }

    /**
     * A pseudonymiser with the key, or an exception with a one-line reason that names the place,
     * never the key.
     */
    public Pseudonymiser load() {
        byte[] key;
        if (file != null) {
            try {
                key = Pseudonymiser.readKeyFile(Path.of(file));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException(file + ": no such file");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read the HMAC key file "
                                + file
                                + ": "
                                + e.getClass().getSimpleName());
            }
        } else {
            key = Pseudonymiser.readKeyEnv(environmentVariable);
            if (key == null) {
                throw new IllegalArgumentException(
                        "the HMAC key variable " + environmentVariable + " is not set");
            }
        }
        String weakness = Pseudonymiser.weakness(key);
        if (weakness != null) {
            throw new IllegalArgumentException(
                    "the HMAC key in "
                            + describe()
                            + " "
                            + weakness
                            + " (make one with: openssl rand -hex 32)");
        }
        return Pseudonymiser.withKey(key);
    }
}
