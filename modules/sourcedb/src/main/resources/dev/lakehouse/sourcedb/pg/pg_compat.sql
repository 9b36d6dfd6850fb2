-- The PostgreSQL catalog as psql, psycopg2 and the PostgreSQL JDBC driver read it, on top of what H2 builds.
-- Run by PgCatalog at every start of the source database (it drops and re-creates all of it), so it always
-- matches the running code. H2's own pg_catalog tables cannot be replaced or given columns: the replacements
-- (pg_class with relowner, pg_namespace with oid...) live in the schema pg_compat, where the front sends psql's
-- queries; catalog views H2 has not got at all (pg_tables, pg_views...) are added to pg_catalog itself.
-- Object ids are H2's (pg_catalog.pg_class.oid is the table's id), so the views join up.

DROP SCHEMA IF EXISTS pg_compat CASCADE;
CREATE SCHEMA pg_compat;

-- functions (PgFunctions); the front rewrites calls of these names to pg_compat.lh_<name> (H2 refuses an alias
-- named like one of its own functions, even in another schema)
CREATE ALIAS pg_compat.lh_pg_size_pretty FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.sizePretty';
CREATE ALIAS pg_compat.lh_pg_table_size FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.tableSize';
CREATE ALIAS pg_compat.lh_pg_total_relation_size FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.tableSize';
CREATE ALIAS pg_compat.lh_pg_relation_size FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.tableSize';
CREATE ALIAS pg_compat.lh_format_type FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.formatType';
CREATE ALIAS pg_compat.lh_pg_get_expr FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.getExpr';
CREATE ALIAS pg_compat.lh_pg_get_indexdef FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.indexDefinition';
CREATE ALIAS pg_compat.lh_pg_get_constraintdef FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.constraintDefinition';
CREATE ALIAS pg_compat.lh_pg_get_triggerdef FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.triggerDefinition';
CREATE ALIAS pg_compat.lh_pg_get_viewdef FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.viewDefinition';
CREATE ALIAS pg_compat.lh_regclass FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.regclass';
CREATE ALIAS pg_compat.lh_col_description FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.columnDescription';
CREATE ALIAS pg_compat.lh_obj_description FOR 'dev.lakehouse.sourcedb.pg.PgFunctions.objectDescription';

CREATE VIEW pg_compat.pg_user AS
SELECT u.oid AS usesysid, u.usename, u.usecreatedb, u.usesuper, FALSE AS userepl, FALSE AS usebypassrls,
       '********' AS passwd, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS valuntil, CAST(NULL AS VARCHAR ARRAY) AS useconfig,
       u.oid
FROM pg_catalog.pg_user u;

CREATE VIEW pg_compat.pg_roles AS
SELECT u.oid, u.usename AS rolname, u.usesuper AS rolsuper, TRUE AS rolinherit, u.usesuper AS rolcreaterole,
       u.usecreatedb AS rolcreatedb, TRUE AS rolcanlogin, FALSE AS rolreplication, -1 AS rolconnlimit,
       '********' AS rolpassword, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS rolvaliduntil, FALSE AS rolbypassrls,
       CAST(NULL AS VARCHAR ARRAY) AS rolconfig
FROM pg_catalog.pg_user u;

CREATE VIEW pg_compat.pg_namespace AS
SELECT n.id AS oid, n.nspname, COALESCE(u.oid, 0) AS nspowner, CAST(NULL AS VARCHAR ARRAY) AS nspacl
FROM pg_catalog.pg_namespace n
LEFT JOIN information_schema.schemata s ON s.schema_name = n.nspname
LEFT JOIN pg_catalog.pg_user u ON LOWER(u.usename) = LOWER(s.schema_owner)
WHERE n.nspname <> 'pg_compat';

CREATE VIEW pg_compat.pg_database AS
SELECT d.oid, d.datname, d.datdba, d.encoding, 'c' AS datlocprovider, FALSE AS datistemplate, d.datallowconn,
       -1 AS datconnlimit, d.datlastsysoid, 0 AS datfrozenxid, 0 AS datminmxid, d.dattablespace,
       'C' AS datcollate, 'C' AS datctype, CAST(NULL AS VARCHAR) AS daticulocale, CAST(NULL AS VARCHAR) AS datcollversion,
       d.datacl, d.datconfig
FROM pg_catalog.pg_database d;

CREATE VIEW pg_compat.pg_class AS
SELECT c.oid, c.relname, c.relnamespace, 0 AS reltype, 0 AS reloftype, n.nspowner AS relowner, c.relam,
       c.oid AS relfilenode, c.reltablespace, c.relpages, CAST(COALESCE(t.row_count_estimate, -1) AS REAL) AS reltuples,
       0 AS relallvisible, 0 AS reltoastrelid,
       CASE WHEN c.relkind = 'r' THEN EXISTS (SELECT 1 FROM information_schema.indexes i
            WHERE i.table_schema = n.nspname AND i.table_name = c.relname) ELSE c.relhasindex END AS relhasindex,
       FALSE AS relisshared, 'p' AS relpersistence, c.relkind,
       (SELECT CAST(COUNT(*) AS SMALLINT) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid) AS relnatts,
       (SELECT CAST(COUNT(*) AS SMALLINT) FROM information_schema.table_constraints k WHERE k.table_schema = n.nspname
        AND k.table_name = c.relname AND k.constraint_type = 'CHECK') AS relchecks,
       c.relhasrules,
       -- psql (talking to an 8.2 server, which H2 says it is) lists foreign keys only when this is true
       c.reltriggers > 0 OR EXISTS (SELECT 1 FROM information_schema.referential_constraints rc
            JOIN information_schema.table_constraints k ON k.constraint_schema = rc.constraint_schema
                 AND k.constraint_name = rc.constraint_name
            JOIN information_schema.table_constraints u ON u.constraint_schema = rc.unique_constraint_schema
                 AND u.constraint_name = rc.unique_constraint_name
            WHERE (k.table_schema = n.nspname AND k.table_name = c.relname)
               OR (u.table_schema = n.nspname AND u.table_name = c.relname)) AS relhastriggers,
       c.reltriggers, FALSE AS relhassubclass,
       FALSE AS relrowsecurity, FALSE AS relforcerowsecurity, TRUE AS relispopulated, 'd' AS relreplident,
       FALSE AS relispartition, 0 AS relrewrite, c.relhasoids, CAST(NULL AS VARCHAR ARRAY) AS relacl,
       CAST(NULL AS VARCHAR ARRAY) AS reloptions, CAST(NULL AS VARCHAR) AS relpartbound
FROM pg_catalog.pg_class c
JOIN pg_compat.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN information_schema.tables t ON t.table_schema = n.nspname AND t.table_name = c.relname;

CREATE VIEW pg_compat.pg_attribute AS
SELECT a.oid, a.attrelid, a.attname, a.atttypid, a.attlen, a.attnum,
       CASE WHEN a.atttypid IN (1042, 1043) AND col.character_maximum_length IS NOT NULL
                 AND col.character_maximum_length < 1000000 THEN CAST(col.character_maximum_length + 4 AS INTEGER)
            WHEN a.atttypid = 1700 AND col.numeric_precision IS NOT NULL
                 THEN col.numeric_precision * 65536 + COALESCE(col.numeric_scale, 0) + 4
            ELSE -1 END AS atttypmod,
       a.attnotnull, a.attisdropped, col.column_default IS NOT NULL AS atthasdef,
       CASE col.identity_generation WHEN 'ALWAYS' THEN 'a' WHEN 'BY DEFAULT' THEN 'd' ELSE '' END AS attidentity,
       '' AS attgenerated, 0 AS attcollation, 'p' AS attstorage, 'p' AS attalign, -1 AS attstattarget,
       '' AS attcompression, TRUE AS attislocal, 0 AS attinhcount, 0 AS attndims, FALSE AS attbyval,
       FALSE AS atthasmissing, CAST(NULL AS VARCHAR ARRAY) AS attacl, CAST(NULL AS VARCHAR ARRAY) AS attoptions,
       CAST(NULL AS VARCHAR ARRAY) AS attfdwoptions, col.column_default AS attdefault, col.remarks AS attremarks
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.id = c.relnamespace
LEFT JOIN information_schema.columns col
       ON col.table_schema = n.nspname AND col.table_name = c.relname AND col.column_name = a.attname;

CREATE VIEW pg_compat.pg_attrdef AS
SELECT a.oid, a.attrelid AS adrelid, a.attnum AS adnum, a.attdefault AS adbin, a.attdefault AS adsrc
FROM pg_compat.pg_attribute a WHERE a.attdefault IS NOT NULL;

CREATE VIEW pg_compat.pg_index AS
SELECT ic.oid AS indexrelid, t.oid AS indrelid,
       (SELECT CAST(COUNT(*) AS SMALLINT) FROM information_schema.index_columns k
        WHERE k.index_schema = i.index_schema AND k.index_name = i.index_name AND k.table_name = i.table_name) AS indnatts,
       (SELECT CAST(COUNT(*) AS SMALLINT) FROM information_schema.index_columns k
        WHERE k.index_schema = i.index_schema AND k.index_name = i.index_name AND k.table_name = i.table_name) AS indnkeyatts,
       i.index_type_name IN ('PRIMARY KEY', 'UNIQUE INDEX') AS indisunique, TRUE AS indnullsnotdistinct,
       i.index_type_name = 'PRIMARY KEY' AS indisprimary, FALSE AS indisexclusion, TRUE AS indimmediate,
       FALSE AS indisclustered, TRUE AS indisvalid, FALSE AS indcheckxmin, TRUE AS indisready, TRUE AS indislive,
       FALSE AS indisreplident,
       ARRAY(SELECT CAST(col.ordinal_position AS SMALLINT) FROM information_schema.index_columns k
             JOIN information_schema.columns col ON col.table_schema = k.table_schema AND col.table_name = k.table_name
                  AND col.column_name = k.column_name
             WHERE k.index_schema = i.index_schema AND k.index_name = i.index_name AND k.table_name = i.table_name
             ORDER BY k.ordinal_position) AS indkey,
       CAST(NULL AS INTEGER ARRAY) AS indcollation, CAST(NULL AS INTEGER ARRAY) AS indclass,
       CAST(NULL AS SMALLINT ARRAY) AS indoption, CAST(NULL AS VARCHAR) AS indexprs, CAST(NULL AS VARCHAR) AS indpred
FROM information_schema.indexes i
JOIN pg_catalog.pg_namespace n ON n.nspname = i.index_schema
JOIN pg_catalog.pg_class ic ON ic.relname = i.index_name AND ic.relnamespace = n.id AND ic.relkind = 'i'
JOIN pg_catalog.pg_class t ON t.relname = i.table_name AND t.relnamespace = n.id AND t.relkind = 'r';

CREATE VIEW pg_compat.pg_constraint AS
SELECT c.oid, c.conname, n.id AS connamespace, CASE c.contype WHEN 'r' THEN 'f' ELSE c.contype END AS contype,
       FALSE AS condeferrable, FALSE AS condeferred, TRUE AS convalidated, c.conrelid, 0 AS contypid,
       COALESCE((SELECT ic.oid FROM pg_catalog.pg_class ic WHERE ic.relkind = 'i' AND ic.relnamespace = n.id
                 AND ic.relname = tc.index_name), 0) AS conindid,
       0 AS conparentid,
       COALESCE((SELECT ft.oid FROM information_schema.referential_constraints rc
                 JOIN information_schema.table_constraints u ON u.constraint_schema = rc.unique_constraint_schema
                      AND u.constraint_name = rc.unique_constraint_name
                 JOIN pg_catalog.pg_namespace fn ON fn.nspname = u.table_schema
                 JOIN pg_catalog.pg_class ft ON ft.relnamespace = fn.id AND ft.relname = u.table_name AND ft.relkind = 'r'
                 WHERE rc.constraint_schema = n.nspname AND rc.constraint_name = c.conname), 0) AS confrelid,
       'a' AS confupdtype, 'a' AS confdeltype, 's' AS confmatchtype, TRUE AS conislocal, 0 AS coninhcount,
       TRUE AS connoinherit, c.conkey, CAST(NULL AS SMALLINT ARRAY) AS confkey,
       CASE tc.constraint_type
         WHEN 'PRIMARY KEY' THEN 'PRIMARY KEY (' || (SELECT LISTAGG(k.column_name, ', ') WITHIN GROUP (ORDER BY k.ordinal_position)
              FROM information_schema.key_column_usage k
              WHERE k.constraint_schema = n.nspname AND k.constraint_name = c.conname) || ')'
         WHEN 'UNIQUE' THEN 'UNIQUE (' || (SELECT LISTAGG(k.column_name, ', ') WITHIN GROUP (ORDER BY k.ordinal_position)
              FROM information_schema.key_column_usage k
              WHERE k.constraint_schema = n.nspname AND k.constraint_name = c.conname) || ')'
         WHEN 'FOREIGN KEY' THEN 'FOREIGN KEY (' || (SELECT LISTAGG(k.column_name, ', ') WITHIN GROUP (ORDER BY k.ordinal_position)
              FROM information_schema.key_column_usage k
              WHERE k.constraint_schema = n.nspname AND k.constraint_name = c.conname) || ') REFERENCES '
              || (SELECT u.table_name || '(' || LISTAGG(k.column_name, ', ') WITHIN GROUP (ORDER BY k.ordinal_position) || ')'
                  FROM information_schema.referential_constraints rc
                  JOIN information_schema.table_constraints u ON u.constraint_schema = rc.unique_constraint_schema
                       AND u.constraint_name = rc.unique_constraint_name
                  JOIN information_schema.key_column_usage k ON k.constraint_schema = u.constraint_schema
                       AND k.constraint_name = u.constraint_name
                  WHERE rc.constraint_schema = n.nspname AND rc.constraint_name = c.conname
                  GROUP BY u.table_name)
         WHEN 'CHECK' THEN 'CHECK (' || (SELECT cc.check_clause FROM information_schema.check_constraints cc
              WHERE cc.constraint_schema = n.nspname AND cc.constraint_name = c.conname) || ')'
       END AS condef
FROM pg_catalog.pg_constraint c
JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
JOIN pg_catalog.pg_namespace n ON n.id = t.relnamespace
JOIN information_schema.table_constraints tc ON tc.constraint_schema = n.nspname AND tc.constraint_name = c.conname;

CREATE VIEW pg_compat.pg_trigger AS
SELECT 0 AS oid, 0 AS tgrelid, 0 AS tgparentid, CAST('' AS VARCHAR) AS tgname, 0 AS tgfoid, 0 AS tgtype,
       'O' AS tgenabled, FALSE AS tgisinternal, 0 AS tgconstrrelid, 0 AS tgconstrindid, 0 AS tgconstraint,
       FALSE AS tgdeferrable, FALSE AS tginitdeferred, 0 AS tgnargs
FROM DUAL WHERE FALSE;

CREATE VIEW pg_compat.pg_type AS
SELECT t.oid,
       CASE t.oid WHEN 16 THEN 'bool' WHEN 17 THEN 'bytea' WHEN 20 THEN 'int8' WHEN 21 THEN 'int2' WHEN 23 THEN 'int4'
            WHEN 25 THEN 'text' WHEN 700 THEN 'float4' WHEN 701 THEN 'float8' WHEN 1042 THEN 'bpchar'
            WHEN 1043 THEN 'varchar' WHEN 1082 THEN 'date' WHEN 1083 THEN 'time' WHEN 1114 THEN 'timestamp'
            WHEN 1184 THEN 'timestamptz' WHEN 1266 THEN 'timetz' WHEN 1700 THEN 'numeric' WHEN 2950 THEN 'uuid'
            WHEN 114 THEN 'json' WHEN 1186 THEN 'interval' ELSE LOWER(t.typname) END AS typname,
       t.typnamespace, n.nspowner AS typowner, t.typlen, FALSE AS typbyval, t.typtype, 'U' AS typcategory,
       FALSE AS typispreferred, TRUE AS typisdefined, t.typdelim, t.typrelid, t.typelem, 0 AS typarray,
       t.typinput, t.typbasetype, t.typtypmod, 0 AS typndims, t.typnotnull, 0 AS typcollation,
       CAST(NULL AS VARCHAR) AS typdefault, CAST(NULL AS VARCHAR ARRAY) AS typacl
FROM pg_catalog.pg_type t
JOIN pg_compat.pg_namespace n ON n.oid = t.typnamespace;

-- catalog views H2 has not got: created in pg_catalog itself
CREATE OR REPLACE VIEW pg_catalog.pg_tables AS
SELECT n.nspname AS schemaname, c.relname AS tablename, r.rolname AS tableowner, CAST(NULL AS VARCHAR) AS tablespace,
       c.relhasindex AS hasindexes, c.relhasrules AS hasrules, c.relhastriggers AS hastriggers,
       c.relrowsecurity AS rowsecurity
FROM pg_compat.pg_class c
JOIN pg_compat.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_compat.pg_roles r ON r.oid = c.relowner
WHERE c.relkind = 'r';

CREATE OR REPLACE VIEW pg_catalog.pg_views AS
SELECT v.table_schema AS schemaname, v.table_name AS viewname, r.rolname AS viewowner, v.view_definition AS definition
FROM information_schema.views v
JOIN pg_compat.pg_namespace n ON n.nspname = v.table_schema
LEFT JOIN pg_compat.pg_roles r ON r.oid = n.nspowner;

CREATE OR REPLACE VIEW pg_catalog.pg_indexes AS
SELECT n.nspname AS schemaname, t.relname AS tablename, c.relname AS indexname, CAST(NULL AS VARCHAR) AS tablespace,
       pg_compat.lh_pg_get_indexdef(c.oid, 0, FALSE) AS indexdef
FROM pg_compat.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
JOIN pg_compat.pg_namespace n ON n.oid = t.relnamespace;

CREATE OR REPLACE VIEW pg_catalog.pg_auth_members AS
SELECT 0 AS oid, 0 AS roleid, 0 AS member, 0 AS grantor, FALSE AS admin_option FROM DUAL WHERE FALSE;

CREATE OR REPLACE VIEW pg_catalog.pg_collation AS
SELECT 100 AS oid, 'default' AS collname, -1000 AS collnamespace, 0 AS collowner, 'd' AS collprovider,
       TRUE AS collisdeterministic, -1 AS collencoding, CAST(NULL AS VARCHAR) AS collcollate, CAST(NULL AS VARCHAR) AS collctype
FROM DUAL;
