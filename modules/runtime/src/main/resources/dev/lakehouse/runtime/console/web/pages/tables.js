// Tables: the namespaces and tables of a branch, and one table's schema, partitioning, properties, snapshots (with
// its rows as of any of them), data files and a sample of rows. Everything is read with Trino SQL through
// POST /api/sql: the branch's catalog is iceberg (main) or iceberg_<branch>, and Iceberg's metadata tables
// ("t$snapshots", "t$files", "t$properties") say the rest. When the lakehouse runs the Hive Metastore, its tables are
// Trino's hive catalog: each listed with its file format (from SHOW CREATE TABLE), its files from the hidden "$path"
// and "$file_size" columns.

import { get, quote, sql, trinoCatalog } from "../api.js";
import { bytes, el, errorLine, grid, show } from "../ui.js";

const SAMPLE_ROWS = 20;
/** The value of the branch list's entry for the Hive Metastore, and Trino's catalog on it. */
const HIVE = "hive";

export async function render(container, params, signal) {
  const hive = params.get("catalog") === HIVE;
  const branch = hive ? null : params.get("branch") || "main";
  const namespace = params.get("namespace");
  const table = params.get("table");
  const branchSelect = el("select", {
    id: "tables-branch",
    onchange: () => go(branchSelect.value === HIVE ? { catalog: HIVE } : { branch: branchSelect.value }),
  });
  const tree = el("div", { class: "tree", id: "tables-tree" }, el("p", { class: "muted" }, "Loading..."));
  const detail = el("div", { id: "table-detail" },
    table ? null : el("p", { class: "muted" }, "Pick a table on the left."));
  show(container, el("h1", {}, "Tables"),
    el("div", { class: "toolbar" }, el("label", {}, "branch ", branchSelect)),
    el("div", { class: "split" }, tree, detail));

  Promise.all([get("/api/branches", signal), get("/api/status", signal)]).then(([references, status]) => {
    for (const reference of references.filter((r) => r.type === "BRANCH")) {
      branchSelect.append(el("option", { value: reference.name, selected: reference.name === branch }, reference.name));
    }
    if (status.services && status.services.metastore) {
      branchSelect.append(el("option", { value: HIVE, selected: hive }, "Hive Metastore"));
    }
  }).catch((error) => branchSelect.replaceWith(errorLine(error)));

  const catalog = hive ? HIVE : trinoCatalog(branch);
  const where = hive ? "the Hive Metastore" : branch;
  Promise.all([
    sql(`SELECT schema_name FROM ${quote(catalog)}.information_schema.schemata WHERE schema_name <> 'information_schema' ORDER BY 1`),
    sql(`SELECT table_schema, table_name, table_type FROM ${quote(catalog)}.information_schema.tables`
      + ` WHERE table_schema <> 'information_schema' ORDER BY 1, 2`),
  ]).then(([schemas, tables]) => {
    if (signal.aborted) {
      return;
    }
    const byNamespace = new Map(schemas.rows.map(([name]) => [name, []]));
    for (const [schema, name, type] of tables.rows) {
      const format = el("span", { class: "muted table-format" });
      (byNamespace.get(schema) || byNamespace.set(schema, []).get(schema)).push({ name, type, format });
      if (hive && type !== "VIEW") {
        fileFormat(`${quote(catalog)}.${quote(schema)}.${quote(name)}`).then((f) => { format.textContent = " (" + f + ")"; })
          .catch(() => { format.textContent = ""; });
      }
    }
    const link = (schema, name) => hive ? { catalog: HIVE, namespace: schema, table: name } : { branch, namespace: schema, table: name };
    show(tree, byNamespace.size === 0 ? el("p", { class: "muted" }, "No namespaces in " + where + " yet.") : el("ul", {},
      [...byNamespace].map(([schema, list]) => el("li", {}, el("strong", {}, schema),
        el("ul", {}, list.length === 0 ? el("li", { class: "muted" }, "(no tables)") : list.map((t) => el("li", {},
          el("a", {
            class: schema === namespace && t.name === table ? "selected" : null, "data-table": schema + "." + t.name,
            href: "#/tables?" + new URLSearchParams(link(schema, t.name)),
          }, t.name), t.type === "VIEW" ? el("span", { class: "muted" }, " (view)") : t.format)))))));
  }).catch((error) => show(tree, errorLine(error)));

  if (table) {
    showTable(detail, where, catalog, namespace, table, signal, hive);
  }
}

/** A Hive table's file format: the format property of its SHOW CREATE TABLE (Trino's hive connector writes it). */
async function fileFormat(name) {
  const result = await sql(`SHOW CREATE TABLE ${name}`);
  const match = /format = '([^']+)'/.exec(result.rows.map((r) => r[0]).join("\n"));
  return match ? match[1] : "format unknown";
}

function go(params) {
  location.hash = "#/tables?" + new URLSearchParams(params);
}

function showTable(detail, where, catalog, namespace, table, signal, hive) {
  const name = `${quote(catalog)}.${quote(namespace)}.${quote(table)}`;
  const meta = (suffix) => `${quote(catalog)}.${quote(namespace)}.${quote(table + "$" + suffix)}`;
  const section = (id, title) => {
    const body = el("div", { id }, el("p", { class: "muted" }, "Loading..."));
    detail.append(el("h2", {}, title), body);
    return body;
  };
  show(detail, el("h1", {}, namespace + "." + table, el("span", { class: "muted" }, (hive ? " in " : " on ") + where)));
  const sample = section("sample-rows", "Sample rows");
  const schema = section("table-schema", "Schema");
  const definition = section("table-definition", hive ? "Format, location and properties" : "Partitioning and properties");
  const snapshots = hive ? null : section("table-snapshots", "Snapshots");
  const files = section("table-files", "Data files");

  const fill = (target, statement, draw = (result) => grid(result.columns, result.rows)) =>
    sql(statement).then((result) => !signal.aborted && show(target, draw(result)))
      .catch((error) => !signal.aborted && show(target, errorLine(error)));
  const drawFiles = (result) => [
    grid(result.columns, result.rows.map(([path, format, records, size]) => [path, format, records, bytes(size)])),
    el("p", { class: "muted" }, result.total + " file(s), " + bytes(result.rows.reduce((sum, r) => sum + r[3], 0))),
  ];

  fill(sample, `SELECT * FROM ${name} LIMIT ${SAMPLE_ROWS}`, (result) => [
    grid(result.columns, result.rows),
    el("p", { class: "muted" }, result.total + " row(s) shown, at most " + SAMPLE_ROWS),
  ]);
  fill(schema, `DESCRIBE ${name}`);
  fill(definition, `SHOW CREATE TABLE ${name}`, (result) => el("pre", {}, result.rows.map((r) => r[0]).join("\n")));
  if (hive) {
    // no snapshots: a Hive table is the files under its location, as the hidden columns of each row say
    fileFormat(name).then((format) => fill(files, `SELECT "$path" AS file_path, '${format}' AS file_format, count(*) AS record_count,`
      + ` max("$file_size") AS file_size_in_bytes FROM ${name} GROUP BY 1 ORDER BY 1`, drawFiles))
      .catch((error) => !signal.aborted && show(files, errorLine(error)));
    return;
  }
  // snapshot ids are 64-bit: as text, since a JavaScript number keeps only 53 bits of them
  fill(snapshots, `SELECT committed_at, CAST(snapshot_id AS varchar) AS snapshot_id, CAST(parent_id AS varchar) AS parent_id, operation,`
    + ` element_at(summary, 'added-records') AS added_records, element_at(summary, 'total-records') AS total_records FROM ${meta("snapshots")} ORDER BY committed_at DESC`, (result) => {
    const asOf = el("div", { id: "time-travel" });
    const rows = result.rows.map((row) => [...row]);
    const table = grid([...result.columns.map((c) => c.name), ""], rows.map((row) => [...row, ""]));
    // a button in the last column of each snapshot: its rows as of that snapshot (time travel)
    table.querySelectorAll("tbody tr").forEach((tr, i) => {
      const snapshot = rows[i][1];
      tr.lastChild.replaceChildren(el("button", {
        type: "button", onclick: () => fill(asOf, `SELECT * FROM ${name} FOR VERSION AS OF ${snapshot} LIMIT ${SAMPLE_ROWS}`,
          (r) => [el("h3", {}, "Rows as of snapshot " + snapshot), grid(r.columns, r.rows)]),
      }, "rows as of"));
    });
    return [table, asOf];
  });
  fill(files, `SELECT file_path, file_format, record_count, file_size_in_bytes FROM ${meta("files")}`, drawFiles);
}
