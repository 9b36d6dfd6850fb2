select
    order_id,
    line_no,
    product_id,
    quantity,
    unit_price,
    {{ line_amount('quantity', 'unit_price') }} as amount
from {{ source('silver', 'order_items') }}
