package dev.lakehouse.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * dbt projects for the tests, written the way dbt users write them, into a folder of the test's own.
 */
final class TestProjects {
    private TestProjects() {
    }

    /** Writes files (path to text) under {@code root}. */
    static Path write(Path root, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = root.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A jaffle-shop-like project: seeds (customers, orders, payments), a source over a table the test makes
     * (app.order_events), staging views in one folder, marts in another (refs across folders), an ephemeral model,
     * a macro, a Jinja loop over a var, a table, an incremental model merged on a key, every generic test kind with
     * a warning among them, and a singular test.
     *
     * @param sourceSchema the schema holding order_events
     */
    static Map<String, String> shop(String sourceSchema) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dbt_project.yml", """
                name: 'jaffle'
                version: '1.0.0'
                config-version: 2
                profile: 'jaffle'

                model-paths: ["models"]
                seed-paths: ["seeds"]
                test-paths: ["tests"]
                macro-paths: ["macros"]

                vars:
                  payment_methods: ['credit_card', 'coupon', 'bank_transfer', 'gift_card']

                models:
                  jaffle:
                    staging:
                      +materialized: view
                      +tags: ['staging']
                    marts:
                      +materialized: table
                      +schema: marts
                seeds:
                  jaffle:
                    +tags: ['raw']
                    raw_payments:
                      +column_types:
                        amount: bigint
                """);
        files.put("seeds/raw_customers.csv", """
                id,first_name,last_name
                1,Michael,P.
                2,Shawn,M.
                3,Kathleen,P.
                4,Jimmy,C.
                5,Katherine,R.
                """);
        files.put("seeds/raw_orders.csv", """
                id,user_id,order_date,status
                1,1,2018-01-01,returned
                2,3,2018-01-02,completed
                3,4,2018-01-04,completed
                4,1,2018-01-05,completed
                5,5,2018-01-05,completed
                6,2,2018-01-07,placed
                7,3,2018-01-09,shipped
                8,4,2018-01-11,return_pending
                """);
        files.put("seeds/raw_payments.csv", """
                id,order_id,payment_method,amount
                1,1,credit_card,1000
                2,2,credit_card,2000
                3,3,coupon,100
                4,4,coupon,2500
                5,5,bank_transfer,1700
                6,6,credit_card,600
                7,7,credit_card,1600
                8,8,credit_card,2300
                9,2,gift_card,300
                10,5,coupon,200
                """);
        files.put("macros/cents_to_dollars.sql", """
                {# a macro of the project, with a default argument #}
                {% macro cents_to_dollars(column_name, scale=2) -%}
                    round(cast({{ column_name }} as double) / 100, {{ scale }})
                {%- endmacro %}
                """);
        files.put("models/staging/sources.yml", """
                version: 2

                sources:
                  - name: app
                    schema: %s
                    description: The shop application's database, copied as it is.
                    tables:
                      - name: order_events
                        description: One row per change of an order.
                        columns:
                          - name: event_id
                            data_tests:
                              - unique
                              - not_null
                """.formatted(sourceSchema));
        files.put("models/staging/stg_customers.sql", """
                with source as (
                    select * from {{ ref('raw_customers') }}
                ),

                renamed as (
                    select
                        id as customer_id,
                        first_name,
                        last_name
                    from source
                )

                select * from renamed
                """);
        files.put("models/staging/stg_orders.sql", """
                select
                    id as order_id,
                    user_id as customer_id,
                    order_date,
                    status
                from {{ ref('raw_orders') }}
                """);
        files.put("models/staging/stg_payments.sql", """
                {{ config(materialized='ephemeral') }}

                select
                    id as payment_id,
                    order_id,
                    payment_method,
                    -- amount is stored in cents, convert it to dollars
                    {{ cents_to_dollars('amount') }} as amount
                from {{ ref('raw_payments') }}
                """);
        files.put("models/staging/schema.yml", """
                version: 2

                models:
                  - name: stg_customers
                    description: One row per customer.
                    columns:
                      - name: customer_id
                        data_tests:
                          - unique
                          - not_null
                  - name: stg_orders
                    columns:
                      - name: order_id
                        tests:
                          - unique
                          - not_null
                      - name: status
                        data_tests:
                          - accepted_values:
                              values: ['placed', 'shipped', 'completed', 'return_pending', 'returned']
                      - name: customer_id
                        data_tests:
                          - relationships:
                              to: ref('stg_customers')
                              field: customer_id
                """);
        files.put("models/marts/orders.sql", """
                {% set payment_methods = var('payment_methods') %}

                with orders as (
                    select * from {{ ref('stg_orders') }}
                ),

                payments as (
                    select * from {{ ref('stg_payments') }}
                ),

                order_payments as (
                    select
                        order_id,
                        {% for payment_method in payment_methods -%}
                        sum(case when payment_method = '{{ payment_method }}' then amount else 0 end) as {{ payment_method }}_amount,
                        {% endfor -%}
                        sum(amount) as total_amount
                    from payments
                    group by order_id
                )

                select
                    orders.order_id,
                    orders.customer_id,
                    orders.order_date,
                    orders.status,
                    {% for payment_method in payment_methods -%}
                    order_payments.{{ payment_method }}_amount,
                    {% endfor -%}
                    order_payments.total_amount as amount
                from orders
                left join order_payments on orders.order_id = order_payments.order_id
                """);
        files.put("models/marts/customers.sql", """
                with customers as (
                    select * from {{ ref('stg_customers') }}
                ),

                orders as (
                    select * from {{ ref('orders') }}
                ),

                customer_orders as (
                    select
                        customer_id,
                        min(order_date) as first_order,
                        max(order_date) as most_recent_order,
                        count(order_id) as number_of_orders,
                        sum(amount) as customer_lifetime_value
                    from orders
                    group by customer_id
                )

                select
                    customers.customer_id,
                    customers.first_name,
                    customers.last_name,
                    customer_orders.first_order,
                    customer_orders.most_recent_order,
                    coalesce(customer_orders.number_of_orders, 0) as number_of_orders,
                    customer_orders.customer_lifetime_value
                from customers
                left join customer_orders on customers.customer_id = customer_orders.customer_id
                """);
        files.put("models/marts/order_status_history.sql", """
                {{
                    config(
                        materialized='incremental',
                        unique_key='event_id',
                        incremental_strategy='merge',
                        tags=['events']
                    )
                }}

                select
                    event_id,
                    order_id,
                    status,
                    changed_at
                from {{ source('app', 'order_events') }}
                {% if is_incremental() %}
                -- only the events newer than what this table has
                where changed_at > (select max(changed_at) from {{ this }})
                {% endif %}
                """);
        files.put("models/marts/marts.yml", """
                version: 2

                models:
                  - name: customers
                    description: One row per customer, with what they ordered.
                    columns:
                      - name: customer_id
                        data_tests:
                          - unique
                          - not_null
                  - name: orders
                    columns:
                      - name: order_id
                        data_tests:
                          - unique
                          - not_null
                      - name: amount
                        data_tests:
                          - not_null:
                              config:
                                severity: warn
                                where: "status <> 'placed'"
                """);
        files.put("tests/assert_total_payment_amount_is_positive.sql", """
                -- refunds are negative; an order's total must never be
                select
                    order_id,
                    sum(amount) as total_amount
                from {{ ref('orders') }}
                group by 1
                having not (sum(amount) >= 0)
                """);
        return files;
    }

    /** {@code size} models in 10 folders: each refs the one before it (two before, every fifth), uses a macro and a loop. */
    static Map<String, String> generated(int size) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dbt_project.yml", """
                name: generated
                config-version: 2
                vars:
                  columns: ['a', 'b', 'c', 'd']
                models:
                  generated:
                    +materialized: table
                    layer_0:
                      +materialized: view
                """);
        files.put("macros/double.sql", "{% macro double(column) %}({{ column }} * 2){% endmacro %}\n");
        StringBuilder schema = new StringBuilder("version: 2\nmodels:\n");
        for (int i = 0; i < size; i++) {
            String folder = "layer_" + (i * 10 / size);
            StringBuilder sql = new StringBuilder();
            if (i % 7 == 0) {
                sql.append("{{ config(tags=['every_seventh']) }}\n");
            }
            sql.append("select\n    id,\n");
            sql.append("    {% for c in var('columns') %}\n    {{ double(c) }} as {{ c }}{% if not loop.last %},{% endif %}\n    {% endfor %}\n");
            if (i == 0) {
                sql.append("from (select 1 as id, 1 as a, 2 as b, 3 as c, 4 as d) as t\n");
            } else {
                sql.append("from {{ ref('model_").append(i - 1).append("') }}\n");
                if (i % 5 == 0 && i >= 2) {
                    sql.append("where id in (select id from {{ ref('model_").append(i - 2).append("') }})\n");
                }
            }
            files.put("models/" + folder + "/model_" + i + ".sql", sql.toString());
            if (i % 5 == 0) {
                schema.append("  - name: model_").append(i).append("\n    columns:\n      - name: id\n        data_tests: [not_null]\n");
            }
        }
        files.put("models/schema.yml", schema.toString());
        return files;
    }
}
