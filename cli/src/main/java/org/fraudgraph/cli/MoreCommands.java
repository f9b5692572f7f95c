package org.fraudgraph.cli;

import java.util.List;

/**
 * Commands another module adds to {@code fraudgraph} when it is on the class path, found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.fraudgraph.cli.MoreCommands}). The
 * benchmark harness adds its commands this way, so the command line does not depend on it.
 */
public interface MoreCommands {
    /** picocli command objects, each with its own {@code @Command} name. */
    List<Object> commands();
}
