{%- set revenue_statuses = var('revenue_statuses') -%}

select
    order_id,
    customer_id,
    order_date,
    status,
    -- true for the statuses that count as revenue (a var of dbt_project.yml)
    status in ({% for status in revenue_statuses %}'{{ status }}'{% if not loop.last %}, {% endif %}{% endfor %}) as is_revenue
from {{ source('silver', 'orders') }}
