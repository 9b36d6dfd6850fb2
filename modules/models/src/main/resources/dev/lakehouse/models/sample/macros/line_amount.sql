{#- What an order line is worth: quantity times unit price, to the cent. Used by stg_order_items. -#}
{% macro line_amount(quantity, unit_price) -%}
    cast({{ quantity }} * {{ unit_price }} as decimal(12, 2))
{%- endmacro %}
