{{
    config(
        materialized='incremental',
        unique_key='order_date',
        incremental_strategy='merge'
    )
}}

-- Revenue per day. The first run computes every day; later runs only the last days already in the table and
-- anything newer, merged on order_date (a late update of an order still lands in its day).
select
    orders.order_date,
    count(distinct orders.order_id) as orders,
    sum(items.amount) as revenue
from {{ ref('stg_orders') }} as orders
join {{ ref('stg_order_items') }} as items on items.order_id = orders.order_id
where orders.is_revenue
{% if is_incremental() %}
    and orders.order_date >= (select max(order_date) from {{ this }}) - interval '{{ var("lookback_days") }}' day
{% endif %}
group by orders.order_date
