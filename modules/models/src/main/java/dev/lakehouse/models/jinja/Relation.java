package dev.lakehouse.models.jinja;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code ref()}, {@code source()} and {@code this} give a template: a table or view that renders as its
 * name in SQL, with dbt's attributes ({@code this.schema}, {@code this.identifier}, {@code is_table}...) and
 * methods ({@code include(database=false)}, {@code render()}). A Map to Jinjava, so attributes resolve as
 * keys and methods as callables.
 *
 * <p>The catalog (dbt's database) is left out of the name when it is the target's own: the SQL then runs in
 * whatever catalog the session is on, which is what lets a build on a branch be published to main unchanged
 * (a view's text names no branch).
 */
public final class Relation extends AbstractMap<String, Object> implements PyishSerializable {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Context NO_SCOPE = new Context();

    /** How names are written: the quote character of the engine, and the catalog that goes without saying. */
    public record Naming(char quote, String targetDatabase) {
        public String part(String name) {
            if (PLAIN.matcher(name).matches()) {
                return name;
            }
            String q = String.valueOf(quote);
            return q + name.replace(q, q + q) + q;
        }
    }

    private final String database;
    private final String schema;
    private final String identifier;
    private final String type;
    private final Naming naming;
    private final boolean withDatabase;
    private final boolean withSchema;

    private Relation(String database, String schema, String identifier, String type, Naming naming, boolean withDatabase,
                     boolean withSchema) {
        this.database = database;
        this.schema = schema;
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        this.type = type;
        this.naming = naming;
        this.withDatabase = withDatabase;
        this.withSchema = withSchema;
    }

    /** @param type "table", "view", "cte", or null when not known */
    public static Relation of(String database, String schema, String identifier, String type, Naming naming) {
        return new Relation(database, schema, identifier, type, naming, true, true);
    }

    /** An ephemeral model as its CTE: {@code __dbt__cte__<alias>}. */
    public static Relation cte(String alias, Naming naming) {
        return new Relation(null, null, "__dbt__cte__" + alias, "cte", naming, false, false);
    }

    public String database() {
        return database;
    }

    public String schema() {
        return schema;
    }

    public String identifier() {
        return identifier;
    }

    /** "table", "view", "cte" or null. */
    public String type() {
        return type;
    }

    public Relation withType(String newType) {
        return new Relation(database, schema, identifier, newType, naming, withDatabase, withSchema);
    }

    /** The name as SQL writes it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (withDatabase && database != null && !database.equalsIgnoreCase(naming.targetDatabase())) {
            out.append(naming.part(database)).append('.');
        }
        if (withSchema && schema != null) {
            out.append(naming.part(schema)).append('.');
        }
        return out.append("cte".equals(type) ? identifier : naming.part(identifier)).toString();
    }

    /** schema.identifier, as dbt prints a relation in its log. */
    public String shortName() {
        return schema == null ? identifier : schema + "." + identifier;
    }

    @Override
    public String toString() {
        return render();
    }

    /** In a template's output a relation is its name, not a dict. */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws java.io.IOException {
        return (T) appendable.append(render());
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("database", database);
        view.put("schema", schema);
        view.put("identifier", identifier);
        view.put("name", identifier);
        view.put("table", identifier);
        view.put("type", type);
        view.put("is_table", "table".equals(type));
        view.put("is_view", "view".equals(type));
        view.put("is_cte", "cte".equals(type));
        view.put("include", JavaMacro.of("include", NO_SCOPE, List.of("database=", "schema=", "identifier="), call -> new Relation(
                database, schema, identifier, type, naming,
                call.has("database") ? truthy(call.arg("database")) : withDatabase,
                call.has("schema") ? truthy(call.arg("schema")) : withSchema)));
        view.put("render", JavaMacro.of("render", NO_SCOPE, List.of(), call -> render()));
        view.put("incorporate", JavaMacro.of("incorporate", NO_SCOPE, List.of("path=", "type="),
                call -> call.has("type") ? withType(String.valueOf(call.arg("type"))) : this));
        return view.entrySet();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Relation relation && relation.render().equals(render());
    }

    @Override
    public int hashCode() {
        return render().hashCode();
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value != null && !"false".equalsIgnoreCase(value.toString());
    }
}
