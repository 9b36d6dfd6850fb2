select
    products.product_id,
    products.product_name,
    products.category,
    sum(items.quantity) as units,
    sum(items.amount) as revenue
from {{ ref('stg_order_items') }} as items
join {{ ref('stg_orders') }} as orders on orders.order_id = items.order_id and orders.is_revenue
join {{ ref('stg_products') }} as products on products.product_id = items.product_id
group by 1, 2, 3
