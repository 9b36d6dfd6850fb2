package dev.lakehouse.sourcedb.pg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: a socket to the client, one to H2's PostgreSQL server, and two pumps between them.
 *
 * <p>Client to H2 ({@link #run}): SQL in Query and Parse messages is rewritten ({@link SqlRewriter}); each message
 * that H2 answers is remembered in {@link #pending} with what its answer needs; the password is checked before H2
 * sees it; {@code COPY ... FROM STDIN} is run by the front.
 *
 * <p>H2 to client ({@link #pumpReplies}): each answer is matched with the oldest pending message (the protocol
 * answers in order) and adjusted: command tags, column labels, error texts, and rows of a {@code COPY ... TO STDOUT}
 * sent as COPY data.
 */
final class PgSession {
    private static final Logger LOG = LoggerFactory.getLogger(PgSession.class);
    /**
     * The version the front reports instead of H2's 8.2.23: the PostgreSQL JDBC driver warns on every connection to a
     * server older than 9.0, and 9.2 is the oldest psql 15 describes with its current queries (which the catalog
     * views are made for).
     */
    static final String SERVER_VERSION = "9.2.0";

    /** A message H2 has yet to answer (completely). */
    private static final class Pending {
        enum Kind { QUERY, PARSE_BIND_CLOSE, DESCRIBE, EXECUTE, SYNC, COPY_IN_PROBE, COPY_IN_INSERT }

        final Kind kind;
        final List<Statement> statements;
        int index;
        long rows;
        boolean failed;
        boolean copying;
        int columns;

        Pending(Kind kind, List<Statement> statements) {
            this.kind = kind;
            this.statements = statements;
        }

        /** The statement the next answers belong to, or null. */
        Statement statement() {
            return index < statements.size() ? statements.get(index) : null;
        }

        /** Whether a ReadyForQuery ends this one. */
        boolean endsWithReady() {
            return kind == Kind.QUERY || kind == Kind.SYNC || kind == Kind.COPY_IN_PROBE || kind == Kind.COPY_IN_INSERT;
        }
    }

    private final Socket client;
    private final InetSocketAddress backendAddress;
    private final PgFront.Authenticator authenticator;
    private final Runnable onClose;
    private Socket backend;
    private OutputStream clientOut;
    private OutputStream backendOut;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private volatile char transactionStatus = 'I';
    private final AtomicBoolean closed = new AtomicBoolean();

    // client side only
    private final Map<String, Statement> prepared = new HashMap<>();
    private final Map<String, Statement> portals = new HashMap<>();
    private Statement.CopyIn copyIn;
    private final List<byte[]> copyData = new ArrayList<>();
    private String user = "";
    private String database = "";
    private boolean authenticated;

    PgSession(Socket client, InetSocketAddress backendAddress, PgFront.Authenticator authenticator, Runnable onClose) {
        this.client = client;
        this.backendAddress = backendAddress;
        this.authenticator = authenticator;
        this.onClose = onClose;
    }

    /** Runs the client side of the connection until either side closes it. */
    void run() {
        try {
            client.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            clientOut = new BufferedOutputStream(client.getOutputStream());
            if (!startup(in)) {
                return;
            }
            Thread replies = Thread.ofPlatform().daemon().name(Thread.currentThread().getName() + "-replies")
                    .start(this::pumpReplies);
            PgMessage message;
            while (!closed.get() && (message = PgMessage.read(in)) != null) {
                fromClient(message);
            }
            closeQuietly();
            replies.join(1000);
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("PostgreSQL client connection ended: {}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
    }

    /** The startup packets: SSL and GSS encryption are declined, a cancel request is passed on, the startup forwarded. */
    private boolean startup(DataInputStream in) throws IOException {
        while (true) {
            PgMessage packet = PgMessage.readStartup(in);
            if (packet == null) {
                return false;
            }
            int code = packet.startupCode();
            if (code == PgMessage.SSL_REQUEST || code == PgMessage.GSS_ENCRYPTION_REQUEST) {
                clientOut.write('N');
                clientOut.flush();
                continue;
            }
            if (code == PgMessage.CANCEL_REQUEST) {
                try (Socket cancel = connectBackend()) {
                    packet.writeTo(cancel.getOutputStream());
                    cancel.getOutputStream().flush();
                }
                return false;
            }
            Map<String, String> parameters = packet.startupParameters();
            user = parameters.getOrDefault("user", "");
            database = parameters.getOrDefault("database", user);
            backend = connectBackend();
            backendOut = new BufferedOutputStream(backend.getOutputStream());
            toBackend(packet);
            return true;
        }
    }

    private Socket connectBackend() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(backendAddress, 10_000);
        return socket;
    }

    // ---- client to H2 ----

    private void fromClient(PgMessage message) throws IOException {
        if (copyIn != null && message.type() != 'd' && message.type() != 'c' && message.type() != 'f') {
            // the COPY never started (its probe failed): the client went on
            copyIn = null;
            copyData.clear();
        }
        switch (message.type()) {
            case 'p' -> password(message);
            case 'Q' -> query(message.reader().string());
            case 'P' -> parse(message);
            case 'B' -> {
                PgMessage.Reader reader = message.reader();
                String portal = reader.string();
                portals.put(portal, prepared.get(reader.string()));
                forward(new Pending(Pending.Kind.PARSE_BIND_CLOSE, List.of()), message);
            }
            case 'D' -> {
                PgMessage.Reader reader = message.reader();
                char kind = (char) reader.int8();
                Statement statement = (kind == 'S' ? prepared : portals).get(reader.string());
                forward(new Pending(Pending.Kind.DESCRIBE, listOf(statement)), message);
            }
            case 'E' -> forward(new Pending(Pending.Kind.EXECUTE, listOf(portals.get(message.reader().string()))), message);
            case 'C' -> {
                PgMessage.Reader reader = message.reader();
                char kind = (char) reader.int8();
                (kind == 'S' ? prepared : portals).remove(reader.string());
                forward(new Pending(Pending.Kind.PARSE_BIND_CLOSE, List.of()), message);
            }
            case 'S' -> forward(new Pending(Pending.Kind.SYNC, List.of()), message);
            case 'd' -> {
                if (copyIn != null) {
                    copyData.add(message.body());
                }
            }
            case 'c' -> copyDone();
            case 'f' -> copyFail(message.reader().string());
            case 'X' -> {
                toBackend(message);
                closeQuietly();
            }
            default -> toBackend(message);
        }
    }

    private static List<Statement> listOf(Statement statement) {
        return statement == null ? List.of() : List.of(statement);
    }

    /** Checks the password before H2 sees it: H2 drops a refused connection without a word (and prints a stack trace). */
    private void password(PgMessage message) throws IOException {
        if (authenticated) {
            toBackend(message);
            return;
        }
        String password = new String(message.body(), 0, Math.max(0, message.body().length - 1), StandardCharsets.UTF_8);
        PgFront.Refusal refusal = authenticator.check(user, database, password);
        if (refusal != null) {
            toClient(PgMessage.error("FATAL", refusal.sqlState(), refusal.message()));
            closeQuietly();
            return;
        }
        authenticated = true;
        toBackend(message);
    }

    private void query(String sql) throws IOException {
        List<Statement> statements = SqlRewriter.script(sql);
        for (Statement statement : statements) {
            if (statement.error() != null) {
                refuse("0A000", statement.error());
                return;
            }
        }
        if (statements.size() == 1 && statements.getFirst().copyIn() != null) {
            copyIn = statements.getFirst().copyIn();
            copyData.clear();
            forward(new Pending(Pending.Kind.COPY_IN_PROBE, statements), PgMessage.query(copyIn.probe()));
            return;
        }
        if (statements.stream().anyMatch(s -> s.copyIn() != null)) {
            refuse("0A000", "COPY FROM STDIN must be the only statement of its query here");
            return;
        }
        String script = String.join(";\n", statements.stream().map(Statement::sql).toList());
        forward(new Pending(Pending.Kind.QUERY, statements), PgMessage.query(script));
    }

    private void parse(PgMessage message) throws IOException {
        PgMessage.Reader reader = message.reader();
        String name = reader.string();
        String sql = reader.string();
        byte[] parameterTypes = reader.rest();
        Statement statement = SqlRewriter.statement(sql);
        if (statement.copyOut() != null || statement.copyIn() != null || statement.error() != null) {
            // COPY works in the simple query protocol only (as psql, psycopg2 and pgjdbc's CopyManager send it)
            statement = Statement.plain(sql, "COPY", List.of());
        }
        prepared.put(name, statement);
        PgMessage rewritten = new PgMessage.Writer().string(name).string(statement.sql()).bytes(parameterTypes).build('P');
        forward(new Pending(Pending.Kind.PARSE_BIND_CLOSE, List.of()), rewritten);
    }

    private void copyDone() throws IOException {
        if (copyIn == null) {
            return;
        }
        List<List<String>> rows;
        try {
            rows = copyIn.format().parse(CopyFormat.concat(copyData));
        } finally {
            copyData.clear();
        }
        Pending insert = new Pending(Pending.Kind.COPY_IN_INSERT, List.of());
        insert.rows = rows.size();
        String sql = rows.isEmpty() ? "SELECT 1 WHERE FALSE" : copyIn.insert(rows);
        copyIn = null;
        forward(insert, PgMessage.query(sql));
    }

    private void copyFail(String reason) throws IOException {
        if (copyIn == null) {
            return;
        }
        copyIn = null;
        copyData.clear();
        refuse("57014", "COPY from stdin failed: " + reason);
    }

    /** Answers a query the front does not pass on with an error (H2 is idle: the client waits for this answer). */
    private void refuse(String sqlState, String message) throws IOException {
        synchronized (clientOut) {
            PgMessage.error("ERROR", sqlState, message).writeTo(clientOut);
            PgMessage.readyForQuery(transactionStatus).writeTo(clientOut);
            clientOut.flush();
        }
    }

    private void forward(Pending expected, PgMessage message) throws IOException {
        synchronized (pending) {
            pending.addLast(expected);
        }
        toBackend(message);
    }

    private void toBackend(PgMessage message) throws IOException {
        message.writeTo(backendOut);
        backendOut.flush();
    }

    // ---- H2 to client ----

    private void pumpReplies() {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(backend.getInputStream()));
            PgMessage message;
            while (!closed.get() && (message = PgMessage.read(in)) != null) {
                fromBackend(message);
                if (in.available() == 0) {
                    synchronized (clientOut) {
                        clientOut.flush();
                    }
                }
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("H2's side of a PostgreSQL connection ended: {}", e.toString());
            }
        } finally {
            closeQuietly();
        }
    }

    private void fromBackend(PgMessage message) throws IOException {
        Pending head;
        synchronized (pending) {
            head = pending.peekFirst();
        }
        switch (message.type()) {
            case 'Z' -> ready(message);
            case 'E' -> {
                if (head != null) {
                    head.failed = true;
                    head.copying = false;
                    if (!head.endsWithReady()) {
                        pop(head);
                    }
                }
                toClient(Replies.error(message));
            }
            case 'T' -> rowDescription(head, message);
            case 'D' -> dataRow(head, message);
            case 'C' -> commandComplete(head, message);
            case 'n' -> {
                if (head != null && head.kind == Pending.Kind.DESCRIBE) {
                    pop(head);
                }
                toClient(message);
            }
            case 's', 'I' -> {
                if (head != null && head.kind == Pending.Kind.EXECUTE) {
                    pop(head);
                } else if (head != null && head.kind == Pending.Kind.QUERY) {
                    head.index++;
                }
                toClient(message);
            }
            case 'S' -> toClient(parameterStatus(message));
            case '1', '2', '3' -> {
                if (head != null && head.kind == Pending.Kind.PARSE_BIND_CLOSE) {
                    pop(head);
                }
                toClient(message);
            }
            default -> toClient(message);
        }
    }

    /**
     * The server parameters the front corrects. H2 says standard_conforming_strings is off, but reads backslashes in '...' literally, as "on" means. Clients
     * that believe "off" double backslashes (libpq writes E'a\\b', which the front reads as PostgreSQL would).
     */
    private static PgMessage parameterStatus(PgMessage message) {
        PgMessage.Reader reader = message.reader();
        String name = reader.string();
        if (name.equals("standard_conforming_strings")) {
            return new PgMessage.Writer().string(name).string("on").build('S');
        }
        if (name.equals("server_version")) {
            return new PgMessage.Writer().string(name).string(SERVER_VERSION).build('S');
        }
        return message;
    }

    private void ready(PgMessage message) throws IOException {
        transactionStatus = (char) message.body()[0];
        Pending done = null;
        synchronized (pending) {
            while (!pending.isEmpty()) {
                Pending next = pending.pollFirst();
                if (next.endsWithReady()) {
                    done = next;
                    break;
                }
            }
        }
        if (done != null && done.kind == Pending.Kind.COPY_IN_PROBE && !done.failed) {
            // the table is there: now the client sends its rows (the ReadyForQuery comes after the INSERT)
            toClient(PgMessage.copyResponse('G', done.columns));
            return;
        }
        if (done != null && done.kind == Pending.Kind.COPY_IN_INSERT && !done.failed) {
            toClient(PgMessage.commandComplete("COPY " + done.rows));
        }
        if (done != null && done.kind == Pending.Kind.QUERY && done.statements.isEmpty()) {
            toClient(PgMessage.emptyQueryResponse());
        }
        toClient(message);
    }

    private void rowDescription(Pending head, PgMessage message) throws IOException {
        if (head == null) {
            toClient(message);
            return;
        }
        if (head.kind == Pending.Kind.COPY_IN_PROBE) {
            head.columns = message.rowDescription().size();
            return;
        }
        if (head.kind == Pending.Kind.COPY_IN_INSERT) {
            return;
        }
        Statement statement = head.statement();
        List<PgMessage.Field> fields = message.rowDescription();
        if (statement != null) {
            fields = relabel(fields, statement.labels());
        }
        if (head.kind == Pending.Kind.DESCRIBE) {
            pop(head);
        }
        if (head.kind == Pending.Kind.QUERY && statement != null && statement.copyOut() != null) {
            head.copying = true;
            head.rows = 0;
            toClient(PgMessage.copyResponse('H', fields.size()));
            if (statement.copyOut().header()) {
                toClient(PgMessage.copyData(statement.copyOut().line(fields.stream().map(PgMessage.Field::name).toList())));
            }
            return;
        }
        toClient(PgMessage.rowDescription(fields));
    }

    /** PostgreSQL's names where H2 says {@code ?column?} (count(*) is "count") or lower-cased a quoted name. */
    private static List<PgMessage.Field> relabel(List<PgMessage.Field> fields, List<String> labels) {
        if (labels.size() != fields.size()) {
            return fields;
        }
        List<PgMessage.Field> relabeled = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            PgMessage.Field f = fields.get(i);
            String label = labels.get(i);
            relabeled.add(label != null && (f.name().equals("?column?") || f.name().equalsIgnoreCase(label))
                    ? new PgMessage.Field(label, f.tableOid(), f.column(), f.typeOid(), f.typeSize(), f.typeModifier(), f.format())
                    : f);
        }
        return relabeled;
    }

    private void dataRow(Pending head, PgMessage message) throws IOException {
        if (head == null) {
            toClient(message);
            return;
        }
        if (head.kind == Pending.Kind.COPY_IN_PROBE || head.kind == Pending.Kind.COPY_IN_INSERT) {
            return;
        }
        head.rows++;
        if (head.copying) {
            List<String> values = message.dataRow().stream()
                    .map(v -> v == null ? null : new String(v, PgMessage.BYTES)).toList();
            toClient(PgMessage.copyData(head.statement().copyOut().line(values)));
            return;
        }
        toClient(message);
    }

    private void commandComplete(Pending head, PgMessage message) throws IOException {
        if (head == null) {
            toClient(message);
            return;
        }
        if (head.kind == Pending.Kind.COPY_IN_PROBE || head.kind == Pending.Kind.COPY_IN_INSERT) {
            return;
        }
        Statement statement = head.statement();
        String h2Tag = message.reader().string();
        if (head.copying) {
            head.copying = false;
            toClient(PgMessage.copyDone());
            toClient(PgMessage.commandComplete("COPY " + head.rows));
        } else {
            toClient(statement == null ? message : PgMessage.commandComplete(Replies.commandTag(h2Tag, statement, head.rows)));
        }
        head.rows = 0;
        if (head.kind == Pending.Kind.EXECUTE) {
            pop(head);
        } else if (head.kind == Pending.Kind.QUERY) {
            head.index++;
        }
    }

    private void pop(Pending head) {
        synchronized (pending) {
            pending.remove(head);
        }
    }

    private void toClient(PgMessage message) throws IOException {
        synchronized (clientOut) {
            message.writeTo(clientOut);
        }
    }

    /** Closes both sockets (idempotent; either pump calls it when its side ends). */
    void closeQuietly() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (clientOut != null) {
                synchronized (clientOut) {
                    clientOut.flush();
                }
            }
        } catch (IOException ignored) {
            // the client is gone
        }
        for (Socket socket : new Socket[] {client, backend}) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        onClose.run();
    }
}
