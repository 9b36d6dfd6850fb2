select
    customer_id,
    name as customer_name,
    country as country_code
from {{ source('silver', 'customers') }}
