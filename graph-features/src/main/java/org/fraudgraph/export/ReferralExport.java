package org.fraudgraph.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.fraudgraph.schema.RingCase;

/**
 * Writes the referral bundle of one case: a folder and a zip of it, then one audit line.
 *
 * <p>The folder is written next to its destination under a hidden name and moved into place only
 * when complete, so a bundle is never left half-written; an existing non-empty destination is
 * refused unless {@code force}.
 *
 * <pre>{@code
 * Result r = ReferralExport.write(ringCase, Path.of("referral"), false, null, info, auditLog);
 * }</pre>
 */
public final class ReferralExport {
    /** The files of a bundle, besides {@code manifest.json}. */
    public static final List<String> FILES =
            List.of(
                    "ring.graphml",
                    "ring.gexf",
                    "nodes.csv",
                    "edges.csv",
                    "evidence.csv",
                    "ring.html",
                    "summary.md");

    /**
     * @param manifestSha256 SHA-256 of {@code manifest.json}, which lists every other file's hash:
     *     the bundle's fingerprint in the audit log
     */
    public record Result(Path folder, Path zip, String manifestSha256, String zipSha256) {}

    private ReferralExport() {}

    /**
     * @param key the reveal key, or {@code null} to keep personal data hashed
     * @param auditLog the append-only log of exports (created if missing)
     */
    public static Result write(
            RingCase c, Path out, boolean force, RevealKey key, BundleInfo info, Path auditLog)
            throws ExportException {
        Path folder = out.toAbsolutePath().normalize();
        Path parent = folder.getParent();
        if (parent == null) {
            throw new ExportException("cannot write a bundle to " + out);
        }
        Path zip = parent.resolve(folder.getFileName() + ".zip");
        refuseExisting(folder, zip, force);
        Path partial = null;
        try {
            Files.createDirectories(parent);
            partial = Files.createTempDirectory(parent, "." + folder.getFileName() + ".partial-");
            CaseGraph g = CaseGraph.of(c, key);
            GraphFiles.writeGraphMl(g, partial.resolve("ring.graphml"));
            GraphFiles.writeGexf(g, partial.resolve("ring.gexf"));
            GraphFiles.writeCsv(g, partial);
            Files.writeString(partial.resolve("ring.html"), RingPage.render(g, info));
            Files.writeString(partial.resolve("summary.md"), CaseSummary.render(g, info));
            BundleManifest.write(partial, c, info, key);
            Path partialZip = parent.resolve("." + folder.getFileName() + ".partial.zip");
            zip(partial, folder.getFileName().toString(), partialZip, info);
            if (force) {
                deleteRecursively(folder);
                Files.deleteIfExists(zip);
            }
            move(partial, folder);
            partial = null;
            move(partialZip, zip);
            Result r =
                    new Result(
                            folder,
                            zip,
                            Hashes.sha256(folder.resolve(BundleManifest.FILE)),
                            Hashes.sha256(zip));
            audit(auditLog, c, info, key, r);
            return r;
        } catch (IOException e) {
            throw new ExportException(
                    "could not write the bundle " + folder + ": " + RevealKey.reason(e), e);
        } finally {
            if (partial != null) {
                try {
                    deleteRecursively(partial);
                    Files.deleteIfExists(
                            parent.resolve("." + folder.getFileName() + ".partial.zip"));
                } catch (IOException ignored) {
                    // The export already failed with its own message.
                }
            }
        }
    }

    private static void refuseExisting(Path folder, Path zip, boolean force)
            throws ExportException {
        if (force) {
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                throw new ExportException(folder + " is a file, not a folder");
            }
            return;
        }
        if (Files.isRegularFile(folder)) {
            throw new ExportException(folder + " is a file, not a folder");
        }
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(folder)) {
                if (d.iterator().hasNext()) {
                    throw new ExportException(
                            folder + " exists and is not empty (use --force to replace it)");
                }
            } catch (IOException e) {
                throw new ExportException("cannot read " + folder + ": " + RevealKey.reason(e));
            }
        }
        if (Files.exists(zip)) {
            throw new ExportException(zip + " exists (use --force to replace it)");
        }
    }

    private static void move(Path from, Path to) throws IOException {
        if (Files.isDirectory(to)) {
            Files.delete(to); // empty: checked before
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void zip(Path dir, String name, Path zip, BundleInfo info) throws IOException {
        FileTime time = FileTime.from(info.exportedAt());
        try (OutputStream os = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(os, StandardCharsets.UTF_8);
                Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                ZipEntry entry = new ZipEntry(name + "/" + f.getFileName());
                entry.setLastModifiedTime(time);
                z.putNextEntry(entry);
                Files.copy(f, z);
                z.closeEntry();
            }
        }
    }

    private static void audit(Path log, RingCase c, BundleInfo info, RevealKey key, Result r)
            throws IOException {
        ObjectNode line = new ObjectMapper().createObjectNode();
        line.put("time", info.exportedAt().toString());
        line.put("investigator", info.investigator());
        line.put("caseId", c.getCaseId());
        line.put("caseVersion", c.getVersion());
        line.put("kind", c.getKind().name());
        line.put("revealed", key != null);
        if (key != null) {
            line.put("revealKeySha256", key.sha256());
        }
        line.put("reason", info.reason());
        line.put("bundle", r.folder().toString());
        line.put("manifestSha256", r.manifestSha256());
        line.put("zipSha256", r.zipSha256());
        line.put("tool", info.tool());
        Path parent = log.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(
                log,
                line.toString() + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(
                dir,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e)
                            throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
