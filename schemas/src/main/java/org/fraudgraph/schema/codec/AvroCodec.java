package org.fraudgraph.schema.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.fraudgraph.schema.DeadLetterReason;

/**
 * Avro single-object encoding of one generated record type (the wire format of every fraudgraph
 * topic).
 *
 * <p>The 10-byte header carries the writer schema's fingerprint, so no registry is needed: the
 * decoder knows the current schema and every earlier released version listed in {@link
 * SchemaHistory}, and resolves old bytes to the current class. Decoding never throws anything but
 * {@link DecodeException}, whose reason becomes the dead-letter reason.
 *
 * <pre>{@code
 * AvroCodec<TransactionEvent> codec = AvroCodec.of(TransactionEvent.class);
 * byte[] bytes = codec.encode(event);
 * TransactionEvent back = codec.decode(bytes);
 * }</pre>
 *
 * <p>Instances are serializable (they travel inside Flink functions) and thread-safe.
 */
public final class AvroCodec<T extends SpecificRecord> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;
    private transient Schema schema;

    private AvroCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        init();
    }

    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    private void init() {
        SpecificData model = SpecificData.getForClass(type);
        schema = model.getSchema(type);
        encoder = new BinaryMessageEncoder<>(model, schema);
        decoder = new BinaryMessageDecoder<>(model, schema);
        for (Schema previous : SchemaHistory.previousVersions(schema.getName())) {
            decoder.addSchema(previous);
        }
    }

    private void readObject(java.io.ObjectInputStream in)
            throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes and checks that every required (non-null) string field is non-empty. */
    public T decode(byte[] bytes) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException(DeadLetterReason.NOT_SINGLE_OBJECT, "empty record value");
        }
        T record;
        try {
            record = decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new DecodeException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema fingerprint "
                            + fingerprintOf(bytes)
                            + " is not a known "
                            + schema.getName()
                            + " schema",
                    e);
        } catch (BadHeaderException e) {
            throw new DecodeException(
                    DeadLetterReason.NOT_SINGLE_OBJECT,
                    "no Avro single-object header (magic C3 01)",
                    e);
        } catch (IOException | RuntimeException e) {
            throw new DecodeException(
                    DeadLetterReason.MALFORMED_BODY,
                    schema.getName() + " body does not decode: " + oneLine(e),
                    e);
        }
        List<String> missing = RequiredFields.missing(record);
        if (!missing.isEmpty()) {
            throw new DecodeException(
                    DeadLetterReason.MISSING_FIELD,
                    schema.getName() + " lacks required " + String.join(", ", missing));
        }
        return record;
    }

    private static String fingerprintOf(byte[] bytes) {
        if (bytes.length < 10) {
            return "(truncated header)";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 9; i >= 2; i--) {
            hex.append(String.format("%02x", bytes[i]));
        }
        return hex.toString();
    }

    private static String oneLine(Throwable e) {
        String message =
                e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message;
    }

    /** Reads a schema file from the class path; used for the schema history. */
    static Schema parseResource(String path) {
        try (InputStream in = AvroCodec.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + path);
            }
            return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Schema> parseAll(List<String> paths) {
        List<Schema> out = new ArrayList<>();
        for (String p : paths) {
            out.add(parseResource(p));
        }
        return out;
    }
}
