{#- One row per customer: orders by status (a Jinja loop writes one column per status) and revenue. -#}
{%- set statuses = ['created', 'paid', 'shipped', 'delivered', 'cancelled'] -%}

with order_totals as (
    select
        orders.order_id,
        orders.customer_id,
        orders.status,
        orders.is_revenue,
        sum(items.amount) as amount
    from {{ ref('stg_orders') }} as orders
    join {{ ref('stg_order_items') }} as items on items.order_id = orders.order_id
    group by 1, 2, 3, 4
)

select
    customers.customer_id,
    customers.customer_name,
    customers.country_code,
    coalesce(countries.country_name, 'Unknown') as country_name,
    {%- for status in statuses %}
    count(case when order_totals.status = '{{ status }}' then 1 end) as {{ status }}_orders,
    {%- endfor %}
    coalesce(sum(case when order_totals.is_revenue then order_totals.amount end), 0) as revenue
from {{ ref('stg_customers') }} as customers
left join order_totals on order_totals.customer_id = customers.customer_id
left join {{ ref('country_names') }} as countries on countries.country_code = customers.country_code
group by 1, 2, 3, 4
