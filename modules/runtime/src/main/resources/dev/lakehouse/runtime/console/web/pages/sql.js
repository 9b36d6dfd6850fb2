// SQL: a statement on Trino or Spark through POST /api/sql, its rows in a grid as they stream in, Cancel through
// DELETE /api/operations/ID, and the statements run before kept in this browser (localStorage).

import { del, operationId, sql } from "../api.js";
import { el, errorLine, grid, show } from "../ui.js";

const HISTORY_KEY = "lakehouse.sql-history";
const HISTORY_SIZE = 50;
const MAX_ROWS = 1000;

export async function render(container, params) {
  const editor = el("textarea", { id: "sql-editor", spellcheck: "false", placeholder: "SELECT * FROM tpch.tiny.nation" });
  editor.value = params.get("statement") || sessionStorage.getItem("lakehouse.sql-draft") || "SELECT * FROM tpch.tiny.nation";
  editor.addEventListener("input", () => sessionStorage.setItem("lakehouse.sql-draft", editor.value));
  const engine = el("select", { id: "sql-engine" }, el("option", { value: "trino" }, "Trino"), el("option", { value: "spark" }, "Spark"));
  engine.value = params.get("engine") || localStorage.getItem("lakehouse.sql-engine") || "trino";
  const run = el("button", { type: "button", class: "primary", id: "sql-run", title: "Ctrl+Enter" }, "Run");
  const cancel = el("button", { type: "button", id: "sql-cancel", disabled: true }, "Cancel");
  const status = el("span", { id: "sql-status", class: "muted" });
  const result = el("div", { id: "sql-result" });
  const history = el("ol", { class: "history", id: "sql-history" });

  let running = null;
  let cancelled = false;
  const execute = async () => {
    const statement = editor.value.trim().replace(/;\s*$/, "");
    if (!statement || running) {
      return;
    }
    localStorage.setItem("lakehouse.sql-engine", engine.value);
    remember(statement, engine.value);
    drawHistory(history, editor, engine);
    running = operationId();
    cancelled = false;
    run.disabled = true;
    cancel.disabled = false;
    status.textContent = "running on " + engine.value + "...";
    result.replaceChildren();
    const started = performance.now();
    try {
      const answer = await sql(statement, {
        engine: engine.value, operation: running, maxRows: MAX_ROWS,
        onProgress: (partial) => (status.textContent = "running on " + engine.value + "... " + partial.total + " row(s)"),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (answer.columns.length > 0) {
        show(result, grid(answer.columns, answer.rows, { id: "sql-grid" }));
        status.textContent = answer.total + " row(s) in " + seconds + " s"
          + (answer.total > MAX_ROWS ? ", the first " + MAX_ROWS + " shown" : "");
      } else {
        status.textContent = "done in " + seconds + " s" + (answer.updateCount != null ? ", " + answer.updateCount + " row(s) changed" : "");
      }
    } catch (error) {
      status.textContent = "";
      // a cancelled statement ends in the engine's error ("Error executing query: null" from Trino): say what happened
      show(result, cancelled
        ? el("p", { id: "sql-cancelled", class: "muted" }, "Cancelled after " + ((performance.now() - started) / 1000).toFixed(1) + " s.")
        : errorLine(error));
    } finally {
      running = null;
      run.disabled = false;
      cancel.disabled = true;
    }
  };
  run.addEventListener("click", execute);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      execute();
    }
  });
  cancel.addEventListener("click", async () => {
    const operation = running;
    if (!operation) {
      return;
    }
    cancelled = true;
    status.textContent = "cancelling...";
    // a click right after Run can come before the server has registered the statement (404): ask again shortly
    for (let attempt = 0; running === operation; attempt++) {
      try {
        await del("/api/operations/" + encodeURIComponent(operation));
        return;
      } catch (error) {
        if (error.status !== 404 || attempt >= 20) {
          show(result, errorLine(error));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });

  drawHistory(history, editor, engine);
  show(container, el("h1", {}, "SQL"), editor,
    el("div", { class: "toolbar" }, el("label", {}, "engine ", engine), run, cancel, status),
    result,
    el("h2", {}, "History ", el("span", { class: "muted" }, "(this browser)")), history);
  editor.focus();
}

function remember(statement, engine) {
  const entries = load().filter((entry) => entry.statement !== statement || entry.engine !== engine);
  entries.unshift({ statement, engine, at: new Date().toISOString() });
  localStorage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, HISTORY_SIZE)));
}

function load() {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_KEY)) || [];
  } catch {
    return [];
  }
}

function drawHistory(list, editor, engine) {
  const entries = load();
  list.replaceChildren(...(entries.length === 0 ? [el("li", { class: "muted" }, "Nothing run yet.")] : entries.map((entry) =>
    el("li", {
      title: "load into the editor (" + entry.at + ")",
      onclick: () => {
        editor.value = entry.statement;
        engine.value = entry.engine;
        editor.focus();
      },
    }, el("span", { class: "muted" }, entry.engine + " "), el("code", {}, entry.statement)))));
}
