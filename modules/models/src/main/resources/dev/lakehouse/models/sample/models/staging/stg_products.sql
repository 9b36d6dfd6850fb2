{{ config(materialized='ephemeral') }}

-- ephemeral: no view of its own, inlined as a CTE where it is used
select
    product_id,
    name as product_name,
    category
from {{ source('silver', 'products') }}
