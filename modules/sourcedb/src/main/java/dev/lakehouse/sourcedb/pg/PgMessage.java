package dev.lakehouse.sourcedb.pg;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of the PostgreSQL wire protocol (v3): a type byte and a body. The startup packets (startup, SSL,
 * GSS encryption and cancel requests) have no type byte; they are read with {@link #readStartup} and carry type 0.
 *
 * <p>Text travels in the client's encoding. The front reads and writes it as ISO-8859-1, which maps every byte to
 * one char and back: the SQL it rewrites and the values it re-encodes (COPY) keep their bytes whatever the encoding,
 * and every byte the rewrites look for (keywords, quotes, separators) is ASCII.
 */
record PgMessage(char type, byte[] body) {
    static final Charset BYTES = StandardCharsets.ISO_8859_1;
    static final int SSL_REQUEST = 80877103;
    static final int GSS_ENCRYPTION_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    private static final int MAX_LENGTH = 1 << 30;

    /** A typed message, or null at the end of the stream. */
    static PgMessage read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        return new PgMessage((char) type, readBody(in));
    }

    /** A startup packet (no type byte), or null at the end of the stream. */
    static PgMessage readStartup(DataInputStream in) throws IOException {
        try {
            return new PgMessage('\0', readBody(in));
        } catch (EOFException e) {
            return null;
        }
    }

    private static byte[] readBody(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 4 || length > MAX_LENGTH) {
            throw new IOException("invalid message length " + length);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return body;
    }

    void writeTo(OutputStream out) throws IOException {
        byte[] frame = new byte[(type == 0 ? 4 : 5) + body.length];
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        if (type != 0) {
            buffer.put((byte) type);
        }
        buffer.putInt(body.length + 4).put(body);
        out.write(frame);
    }

    /** The protocol code of a startup packet (its first int). */
    int startupCode() {
        return ByteBuffer.wrap(body).getInt();
    }

    /** The parameters of a startup message (user, database, options...). */
    Map<String, String> startupParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        Reader reader = reader();
        reader.int32();
        while (reader.remaining() > 0) {
            String key = reader.string();
            if (key.isEmpty()) {
                break;
            }
            parameters.put(key, reader.string());
        }
        return parameters;
    }

    Reader reader() {
        return new Reader(ByteBuffer.wrap(body));
    }

    @Override
    public String toString() {
        return "PgMessage[" + (type == 0 ? "startup" : type) + ", " + body.length + " bytes]";
    }

    // ---- the messages the front writes itself ----

    static PgMessage commandComplete(String tag) {
        return new Writer().string(tag).build('C');
    }

    static PgMessage readyForQuery(char status) {
        return new Writer().int8(status).build('Z');
    }

    static PgMessage emptyQueryResponse() {
        return new Writer().build('I');
    }

    /** An ErrorResponse (or with severity FATAL, the last word of a refused connection). */
    static PgMessage error(String severity, String sqlState, String message) {
        return new Writer().int8('S').string(severity).int8('V').string(severity).int8('C').string(sqlState)
                .int8('M').string(message).int8(0).build('E');
    }

    /** CopyOutResponse / CopyInResponse: overall format text, every column text. */
    static PgMessage copyResponse(char type, int columns) {
        Writer writer = new Writer().int8(0).int16(columns);
        for (int i = 0; i < columns; i++) {
            writer.int16(0);
        }
        return writer.build(type);
    }

    static PgMessage copyData(byte[] data) {
        return new PgMessage('d', data);
    }

    static PgMessage copyDone() {
        return new PgMessage('c', new byte[0]);
    }

    static PgMessage query(String sql) {
        return new Writer().string(sql).build('Q');
    }

    // ---- structured bodies the front reads or rewrites ----

    /** An ErrorResponse's or NoticeResponse's fields, code to value, in order. */
    Map<Character, String> fields() {
        Map<Character, String> fields = new LinkedHashMap<>();
        Reader reader = reader();
        while (reader.remaining() > 0) {
            char code = (char) reader.int8();
            if (code == 0) {
                break;
            }
            fields.put(code, reader.string());
        }
        return fields;
    }

    static PgMessage withFields(char type, Map<Character, String> fields) {
        Writer writer = new Writer();
        fields.forEach((code, value) -> writer.int8(code).string(value));
        return writer.int8(0).build(type);
    }

    /** One column of a RowDescription. */
    record Field(String name, int tableOid, short column, int typeOid, short typeSize, int typeModifier, short format) {
    }

    List<Field> rowDescription() {
        Reader reader = reader();
        int count = reader.int16();
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new Field(reader.string(), reader.int32(), (short) reader.int16(), reader.int32(),
                    (short) reader.int16(), reader.int32(), (short) reader.int16()));
        }
        return fields;
    }

    static PgMessage rowDescription(List<Field> fields) {
        Writer writer = new Writer().int16(fields.size());
        for (Field f : fields) {
            writer.string(f.name()).int32(f.tableOid()).int16(f.column()).int32(f.typeOid()).int16(f.typeSize())
                    .int32(f.typeModifier()).int16(f.format());
        }
        return writer.build('T');
    }

    /** A DataRow's values as bytes (null for SQL NULL). */
    List<byte[]> dataRow() {
        Reader reader = reader();
        int count = reader.int16();
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = reader.int32();
            values.add(length < 0 ? null : reader.bytes(length));
        }
        return values;
    }

    /** Reads a body: big-endian integers and NUL-terminated strings. */
    static final class Reader {
        private final ByteBuffer buffer;

        private Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        int remaining() {
            return buffer.remaining();
        }

        int int8() {
            return buffer.get() & 0xff;
        }

        int int16() {
            return buffer.getShort();
        }

        int int32() {
            return buffer.getInt();
        }

        byte[] bytes(int length) {
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            return bytes;
        }

        String string() {
            int start = buffer.position();
            int end = start;
            while (end < buffer.limit() && buffer.get(end) != 0) {
                end++;
            }
            String value = new String(buffer.array(), start, end - start, BYTES);
            buffer.position(Math.min(end + 1, buffer.limit()));
            return value;
        }

        byte[] rest() {
            return bytes(buffer.remaining());
        }
    }

    /** Builds a body. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer int8(int value) {
            out.write(value);
            return this;
        }

        Writer int16(int value) {
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Writer int32(int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Writer string(String value) {
            out.writeBytes(value.getBytes(BYTES));
            out.write(0);
            return this;
        }

        Writer bytes(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        PgMessage build(char type) {
            return new PgMessage(type, out.toByteArray());
        }
    }
}
