package dev.lakehouse.models;

import dev.lakehouse.models.jinja.JinjaHost;
import dev.lakehouse.models.jinja.Relation;
import dev.lakehouse.models.jinja.RenderContext;
import dev.lakehouse.models.jinja.Templates;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dbt's Jinja on Jinjava: what dbt models and macros write renders as dbt renders it. */
class TemplatesTest {
    private final Templates templates = new Templates();
    private final Relation.Naming naming = new Relation.Naming('"', "iceberg");

    /** Answers as a run would: refs are tables in schema analytics, var x is 3. */
    private final JinjaHost host = new JinjaHost() {
        @Override
        public Relation ref(RenderContext context, String packageName, String name, Object version) {
            if (name.equals("missing")) {
                throw ModelsException.in(context.file(), 0, "ref('missing') names no model");
            }
            return Relation.of("iceberg", "analytics", name, "table", naming);
        }

        @Override
        public Relation source(RenderContext context, String sourceName, String tableName) {
            return Relation.of("iceberg", sourceName, tableName, "table", naming);
        }

        @Override
        public Object var(RenderContext context, String name, Object fallback, boolean hasFallback) {
            return name.equals("x") ? 3 : name.equals("methods") ? List.of("card", "coupon") : fallback;
        }

        @Override
        public boolean isIncremental(RenderContext context) {
            return true;
        }

        @Override
        public Object config(RenderContext context, String key, Object fallback) {
            return key.equals("unique_key") ? "id" : fallback;
        }

        @Override
        public QueryResult runQuery(RenderContext context, String sql) {
            return new QueryResult(List.of("status"), List.of(List.of("paid"), List.of("shipped")));
        }

        @Override
        public Relation getRelation(RenderContext context, String database, String schema, String identifier) {
            return null;
        }

        @Override
        public List<Map<String, Object>> columns(RenderContext context, Relation relation) {
            return List.of();
        }

        @Override
        public String doc(RenderContext context, String name) {
            return "the doc " + name;
        }

        @Override
        public void log(String message) {
        }

        @Override
        public String adapterType() {
            return "trino";
        }

        @Override
        public Relation relation(String database, String schema, String identifier, String type) {
            return Relation.of(database, schema, identifier, type, naming);
        }
    };

    private String render(String template) {
        RenderContext context = new RenderContext(RenderContext.Phase.EXECUTE, "models/m.sql", host, null);
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("this", Relation.of("iceberg", "analytics", "m", "table", naming));
        bindings.put("target", Map.of("schema", "analytics", "name", "dev", "database", "iceberg"));
        bindings.put("config", dev.lakehouse.models.jinja.ConfigObject.of(context));
        return templates.render(template, context, bindings);
    }

    @Test
    void refsSourcesThisAndTarget() {
        assertThat(render("select * from {{ ref('orders') }} join {{ source('shop', 'customers') }} -- {{ this }} {{ this.schema }} {{ target.name }}"))
                .isEqualTo("select * from analytics.orders join shop.customers -- analytics.m analytics dev");
        assertThat(render("{{ this.identifier }} {{ this.is_table }} {{ ref('x').include(schema=false) }}")).isEqualTo("m true x");
    }

    @Test
    void loopsSetsConditionsCommentsAndWhitespaceControl() {
        assertThat(render("""
                {%- set methods = var('methods') -%}
                select
                {%- for m in methods %}
                    sum(case when method = '{{ m }}' then amount end) as {{ m }}_amount{% if not loop.last %},{% endif %}
                {%- endfor %}
                {# a comment #}
                from t{% if is_incremental() %} where id > {{ var('x') }}{% endif %}""")).isEqualTo("""
                select
                    sum(case when method = 'card' then amount end) as card_amount,
                    sum(case when method = 'coupon' then amount end) as coupon_amount

                from t where id > 3""");
    }

    @Test
    void macrosReturnValuesAndCallEachOther() {
        templates.addMacroFile("""
                {% macro cents_to_dollars(column, scale=2) -%}
                    round({{ column }} / 100, {{ scale }})
                {%- endmacro %}
                {% macro statuses() %}{{ return(['paid', 'shipped']) }}{% endmacro %}
                {% macro is_big(n) %}{% do return(n > 10) %}{% endmacro %}
                {% macro default__greeting(name) %}hello {{ name }}{% endmacro %}
                """, "macros/m.sql");
        assertThat(render("{{ cents_to_dollars('amount') }} {{ cents_to_dollars('x', scale=0) }}"))
                .isEqualTo("round(amount / 100, 2) round(x / 100, 0)");
        assertThat(render("{{ statuses() | length }} {{ statuses()[1] }} {% if is_big(11) %}big{% endif %}{% if is_big(2) %}small{% endif %}"))
                .isEqualTo("2 shipped big");
        assertThat(render("{{ adapter.dispatch('greeting', 'shop')('you') }}")).isEqualTo("hello you");
    }

    @Test
    void pythonStringMethodsAndFilters() {
        assertThat(render("{{ 'Paid'.lower() }} {{ 'a,b'.split(',') | length }} {{ 'x.y'.startswith('x') }} {{ '  s '.strip() }}"
                + " {{ 'a_b'.replace('_', '-') }} {{ '{}-{}'.format(1, 2) }} {{ ', '.join(['a', 'b']) }} {{ 'ab' ~ 1 }}"))
                .isEqualTo("paid 2 true s a-b 1-2 a, b ab1");
        assertThat(render("{{ ['a', 'b'] | join('|') }} {{ none | default('d') }} {{ [1, 2] }} {{ {'k': 1}['k'] }}"))
                .isEqualTo("a|b d [1, 2] 1");
    }

    @Test
    void configGetRunQueryAndDocs() {
        assertThat(render("{{ config.get('unique_key') }} {{ config.get('other', 'fallback') }}")).isEqualTo("id fallback");
        assertThat(render("{% set r = run_query('select 1') %}{% for row in r.rows %}{{ row[0] }} {% endfor %}{{ r.columns[0].values() | join(',') }}"))
                .isEqualTo("paid shipped paid,shipped");
        assertThat(render("{{ doc('orders') }}")).isEqualTo("the doc orders");
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertThatThrownBy(() -> render("select\n1 from {{ ref('missing') }}")).hasMessage("models/m.sql:2: ref('missing') names no model");
        assertThatThrownBy(() -> render("select 1\n{{ exceptions.raise_compiler_error('nope') }}"))
                .hasMessage("models/m.sql:2: Compilation Error: nope");
        assertThatThrownBy(() -> render("{% if true %}\nselect 1")).hasMessageStartingWith("models/m.sql:1: Jinja error: ");
    }

    @Test
    void genericTestBlocksAreMacrosNamedTest() {
        templates.addMacroFile("""
                {% test is_even(model, column_name) %}
                select * from {{ model }} where {{ column_name }} % 2 = 1
                {% endtest %}
                """, "tests/generic/is_even.sql");
        assertThat(templates.hasMacro("test_is_even")).isTrue();
        assertThat(templates.hasMacro("test_unique")).isTrue();
    }
}
