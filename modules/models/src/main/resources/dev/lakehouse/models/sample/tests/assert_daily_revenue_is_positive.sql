-- A singular test: the rows it returns are failures. A day in daily_revenue has orders, so revenue above zero.
select order_date, revenue
from {{ ref('daily_revenue') }}
where revenue <= 0
