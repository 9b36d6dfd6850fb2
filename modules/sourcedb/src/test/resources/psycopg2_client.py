"""psycopg2 against the source database's PostgreSQL endpoint: prints one 'name: value' line per check.

Usage: python3 psycopg2_client.py PORT
"""
import io
import sys

import psycopg2

port = int(sys.argv[1])
conn = psycopg2.connect(host="127.0.0.1", port=port, dbname="shop", user="lakehouse", password="lakehouse")
cur = conn.cursor()

cur.execute("SELECT order_id, customer_id FROM orders WHERE order_id = %s AND status <> %s", (7, "it's"))
print("param:", cur.fetchall())

cur.execute("SELECT o.order_id, c.email FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
            "WHERE o.order_id <= %s ORDER BY o.order_id", (3,))
rows = cur.fetchall()
print("join:", len(rows), [d.name for d in cur.description])

cur.execute("UPDATE orders SET status = %s WHERE order_id IN (%s, %s)", ("paid", 1, 2))
print("update:", cur.rowcount, cur.statusmessage)
conn.commit()
cur.execute("SELECT status FROM orders WHERE order_id = 1")
print("updated:", cur.fetchone()[0])

cur.execute("CREATE TABLE py_items (id SERIAL PRIMARY KEY, name VARCHAR(20))")
cur.execute("INSERT INTO py_items (name) VALUES (%s), (%s) RETURNING id, name", ("a\\b", "c"))
print("returning:", cur.fetchall(), cur.statusmessage)
conn.commit()

cur.execute("SELECT count(*) FROM orders")
print("count:", cur.description[0].name, cur.fetchone()[0])

out = io.StringIO()
cur.copy_expert("COPY (SELECT id, name FROM py_items ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)", out)
print("copy out:", repr(out.getvalue()))

cur.copy_expert("COPY py_items (name) FROM STDIN", io.StringIO("x\ny\n"))
print("copy in:", cur.rowcount)
conn.rollback()
cur.execute("SELECT count(*) FROM py_items")
print("after rollback:", cur.fetchone()[0])

try:
    cur.execute("SELECT no_such_column FROM orders")
except psycopg2.Error as e:
    print("error:", e.pgcode)
conn.rollback()
conn.close()

try:
    psycopg2.connect(host="127.0.0.1", port=port, dbname="shop", user="lakehouse", password="wrong")
except psycopg2.OperationalError as e:
    print("wrong password:", str(e).strip().splitlines()[-1])
