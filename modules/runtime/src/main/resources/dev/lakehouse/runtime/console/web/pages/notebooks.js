// Notebooks: pages of cells, SQL (run on Trino or Spark through POST /api/sql, as on the SQL page) or Markdown
// (rendered by the server, POST /api/markdown, with raw HTML escaped), saved as files under <data-dir>/notebooks
// (GET/PUT/DELETE /api/notebooks/NAME) and exported as Jupyter's .ipynb (GET /api/notebooks/NAME.ipynb). A SQL
// cell's result shows as a grid or as a bar, line or scatter chart drawn by ECharts, served from its WebJar.
// #/notebooks lists them; #/notebooks?name=NAME opens one.

import { ApiError, del, get, operationId, post, put, sql } from "../api.js";
import { el, errorLine, grid, show } from "../ui.js";

/** Rows a cell keeps (and saves): the same bound as the SQL page and the file format's. */
const MAX_ROWS = 1000;
const VIEWS = ["grid", "bar", "line", "scatter"];
const ECHARTS = "/console/vendor/echarts/dist/echarts.esm.min.js";

export async function render(container, params, signal) {
  const name = params.get("name");
  if (name) {
    await notebook(container, name, signal);
  } else {
    await list(container);
  }
}

// --- the list ---------------------------------------------------------------------------------------------------

async function list(container) {
  const message = el("div", { id: "notebook-message" });
  const listing = el("div", { id: "notebook-list" }, el("p", { class: "muted" }, "Loading..."));
  const name = el("input", { id: "notebook-new-name", placeholder: "new notebook name", required: true, pattern: "[A-Za-z0-9][A-Za-z0-9_\\-]*", maxlength: 64 });
  const form = el("form", { class: "toolbar", id: "notebook-create" },
    el("label", {}, "New notebook ", name), el("button", { type: "submit", class: "primary" }, "Create"));
  show(container, el("h1", {}, "Notebooks"), form, message, listing,
    el("p", { class: "hint" }, "Each notebook is a file under ", el("code", {}, "<data-dir>/notebooks/"), "; ",
      el("code", {}, "lakehouse demo"), " leaves one, medallion-tour."));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const existing = await get("/api/notebooks");
      if (existing.some((entry) => entry.name === name.value)) {
        throw new Error("a notebook named " + name.value + " exists already: open it from the list");
      }
      await put("/api/notebooks/" + encodeURIComponent(name.value), { format: "lakehouse-notebook", version: 1, engine: "trino", cells: [] });
      open(name.value);
    } catch (error) {
      show(message, errorLine(error));
    }
  });

  const refresh = async () => {
    try {
      const notebooks = await get("/api/notebooks");
      show(listing, notebooks.length === 0 ? el("p", { class: "muted" }, "No notebook yet.") : el("table", { id: "notebook-table" },
        el("thead", {}, el("tr", {}, el("th", {}, "notebook"), el("th", {}, "cells"), el("th", {}, "saved"), el("th", {}))),
        el("tbody", {}, notebooks.map((entry) => el("tr", { "data-notebook": entry.name },
          el("td", {}, el("a", { href: "#/notebooks?name=" + encodeURIComponent(entry.name) }, entry.name)),
          el("td", { class: entry.error ? "error" : "num" }, entry.error || String(entry.cells)),
          el("td", {}, entry.modified),
          el("td", {}, el("button", {
            type: "button", class: "danger", onclick: async () => {
              if (confirm("Delete notebook " + entry.name + "?")) {
                try {
                  await del("/api/notebooks/" + encodeURIComponent(entry.name));
                  refresh();
                } catch (error) {
                  show(message, errorLine(error));
                }
              }
            },
          }, "delete")))))));
    } catch (error) {
      show(listing, errorLine(error));
    }
  };
  await refresh();
}

function open(name) {
  location.hash = "#/notebooks?" + new URLSearchParams({ name });
}

// --- one notebook -----------------------------------------------------------------------------------------------

async function notebook(container, name, signal) {
  let doc;
  try {
    doc = await get("/api/notebooks/" + encodeURIComponent(name), signal);
  } catch (error) {
    show(container, el("h1", {}, el("a", { href: "#/notebooks" }, "Notebooks"), " / " + name), errorLine(error));
    return;
  }
  // the cells' statements share one session per engine while the page is open, so USE and SET last as in a kernel
  const sessionBase = operationId().replace("console-", "notebook-");
  signal.addEventListener("abort", () => {
    for (const engine of ["trino", "spark"]) {
      del("/api/sql/sessions/" + encodeURIComponent(sessionBase + "-" + engine)).catch(() => {});
    }
  });

  const status = el("span", { id: "notebook-status", class: "muted" });
  const cellsBox = el("div", { id: "notebook-cells" });
  const cells = [];
  let dirty = false;
  const changed = () => {
    dirty = true;
    status.textContent = "unsaved changes";
  };

  const redraw = () => {
    cells.forEach((cell, index) => (cell.element.dataset.cellIndex = String(index)));
    cellsBox.replaceChildren(...(cells.length === 0 ? [el("p", { class: "muted", id: "notebook-empty" }, "No cell yet: add one below.")]
      : cells.map((cell) => cell.element)));
  };
  const context = {
    engine: doc.engine || "trino",
    session: (engine) => sessionBase + "-" + engine,
    changed,
    move(cell, by) {
      const from = cells.indexOf(cell);
      const to = from + by;
      if (to >= 0 && to < cells.length) {
        cells.splice(from, 1);
        cells.splice(to, 0, cell);
        redraw();
        changed();
      }
    },
    remove(cell) {
      cells.splice(cells.indexOf(cell), 1);
      redraw();
      changed();
    },
  };
  for (const data of doc.cells || []) {
    cells.push(data.cell_type === "markdown" ? markdownCell(data, context) : sqlCell(data, context));
  }

  const add = (make) => {
    const cell = make();
    cells.push(cell);
    redraw();
    changed();
    cell.focus();
  };
  const save = async () => {
    status.textContent = "saving...";
    try {
      await put("/api/notebooks/" + encodeURIComponent(name), {
        format: "lakehouse-notebook", version: 1, engine: context.engine, cells: cells.map((cell) => cell.data()),
      });
      dirty = false;
      status.textContent = "saved at " + new Date().toLocaleTimeString();
    } catch (error) {
      status.textContent = "";
      status.replaceChildren(errorLine(error));
    }
  };
  const runAll = async () => {
    runAllButton.disabled = true;
    try {
      for (const cell of cells) {
        // as Jupyter's "run all": stop at the first cell that fails, the later ones likely need it
        if (signal.aborted || !(await cell.run())) {
          break;
        }
      }
    } finally {
      runAllButton.disabled = false;
    }
  };
  const exportIpynb = async () => {
    try {
      // fetched, not linked: beyond loopback the API wants the token, which a plain link cannot send
      const ipynb = await get("/api/notebooks/" + encodeURIComponent(name) + ".ipynb");
      const link = el("a", { href: URL.createObjectURL(new Blob([JSON.stringify(ipynb, null, 1)], { type: "application/x-ipynb+json" })), download: name + ".ipynb" });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (error) {
      status.replaceChildren(errorLine(error));
    }
  };

  const runAllButton = el("button", { type: "button", class: "primary", id: "notebook-run-all", onclick: runAll }, "Run all");
  const toolbar = el("div", { class: "toolbar" },
    runAllButton,
    el("button", { type: "button", id: "notebook-save", onclick: save, title: "Ctrl+S" }, "Save"),
    el("button", { type: "button", id: "notebook-export", onclick: exportIpynb }, "Export .ipynb"),
    status);
  const adders = el("div", { class: "toolbar" },
    el("button", { type: "button", id: "notebook-add-sql", onclick: () => add(() => sqlCell({ cell_type: "sql", source: "", engine: context.engine }, context)) }, "+ SQL"),
    el("button", { type: "button", id: "notebook-add-markdown", onclick: () => add(() => markdownCell({ cell_type: "markdown", source: "" }, context, true)) }, "+ Markdown"));
  container.addEventListener("keydown", (event) => {
    if (event.key === "s" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
  }, { signal });
  addEventListener("beforeunload", (event) => dirty && event.preventDefault(), { signal });

  redraw();
  show(container, el("h1", {}, el("a", { href: "#/notebooks" }, "Notebooks"), " / " + name), toolbar, cellsBox, adders);
}

/** The buttons every cell has: move up, move down, delete. */
function cellTools(cell, context) {
  return [
    el("button", { type: "button", class: "link-dark", title: "move up", onclick: () => context.move(cell, -1) }, "\u2191"),
    el("button", { type: "button", class: "link-dark", title: "move down", onclick: () => context.move(cell, 1) }, "\u2193"),
    el("button", { type: "button", class: "link-dark danger", title: "delete the cell", onclick: () => context.remove(cell) }, "\u2715"),
  ];
}

// --- a Markdown cell: an editor, and its HTML from the server ---------------------------------------------------

function markdownCell(data, context, editing = false) {
  const cell = {};
  const editor = el("textarea", { class: "cell-source", spellcheck: "true", rows: 4, placeholder: "Markdown: # a title, *emphasis*, `code`, [a link](https://...)" });
  editor.value = data.source || "";
  const rendered = el("div", { class: "markdown", title: "double-click to edit" });
  const run = el("button", { type: "button", class: "cell-run", title: "Shift+Enter" }, "Run");
  const edit = (on) => {
    editor.hidden = !on;
    rendered.hidden = on;
    if (on) {
      editor.focus();
    }
  };
  cell.run = async () => {
    try {
      const { html } = await post("/api/markdown", { source: editor.value });
      // the one place the console sets HTML: the server made it with raw HTML escaped and unsafe links dropped
      rendered.innerHTML = html;
      edit(false);
      return true;
    } catch (error) {
      rendered.replaceChildren(errorLine(error));
      edit(false);
      return false;
    }
  };
  cell.data = () => ({ cell_type: "markdown", source: editor.value });
  cell.focus = () => edit(true);
  editor.addEventListener("input", context.changed);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.shiftKey || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      cell.run();
    }
  });
  rendered.addEventListener("dblclick", () => edit(true));
  cell.element = el("div", { class: "cell", "data-cell-type": "markdown" },
    el("div", { class: "cell-bar" }, el("span", { class: "muted" }, "Markdown"), run,
      el("button", { type: "button", onclick: () => edit(editor.hidden) }, "edit"), el("span", { class: "spacer" }), cellTools(cell, context)),
    editor, rendered);
  run.addEventListener("click", cell.run);
  if (editing || !editor.value) {
    edit(true);
  } else {
    edit(false);
    cell.run();
  }
  return cell;
}

// --- a SQL cell: an editor, an engine, its result as a grid or a chart ------------------------------------------

function sqlCell(data, context) {
  const cell = {};
  let result = data.result || null;
  let view = { type: "grid", ...(data.view || {}) };
  const editor = el("textarea", { class: "cell-source", spellcheck: "false", rows: 3, placeholder: "SELECT ..." });
  editor.value = data.source || "";
  const engine = el("select", { class: "cell-engine" }, el("option", { value: "trino" }, "Trino"), el("option", { value: "spark" }, "Spark"));
  engine.value = data.engine || context.engine;
  const run = el("button", { type: "button", class: "cell-run primary", title: "Shift+Enter" }, "Run");
  const viewSelect = el("select", { class: "cell-view" }, VIEWS.map((v) => el("option", { value: v }, v)));
  viewSelect.value = view.type;
  const xSelect = el("select", { class: "cell-x" });
  const ySelect = el("select", { class: "cell-y" });
  const axes = el("span", { class: "axes" }, el("label", {}, "x ", xSelect), el("label", {}, "y ", ySelect));
  const status = el("span", { class: "cell-status muted" });
  const output = el("div", { class: "cell-output" });

  let chart = null;
  const columnNames = () => (result && result.columns ? result.columns.map((c) => (typeof c === "string" ? c : c.name)) : []);
  const drawOutput = async () => {
    const names = columnNames();
    axes.hidden = view.type === "grid";
    for (const [select, axis, fallback] of [[xSelect, "x", names[0]], [ySelect, "y", names[1] ?? names[0]]]) {
      select.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
      if (!names.includes(view[axis])) {
        view[axis] = fallback;
      }
      select.value = view[axis] ?? "";
    }
    if (chart) {
      // ECharts holds its element, listeners and a resize observer until told to let go
      chart.dispose();
      chart = null;
    }
    if (!result) {
      output.replaceChildren();
    } else if (result.error) {
      show(output, errorLine(new Error(result.error)));
    } else if (names.length === 0) {
      output.replaceChildren();
    } else if (view.type === "grid") {
      show(output, grid(result.columns, result.rows, { class: "cell-grid" }));
    } else {
      const box = el("div", { class: "chart", "data-chart": view.type });
      show(output, box);
      try {
        chart = await drawChart(box, view, names, result.rows);
      } catch (error) {
        show(output, errorLine(error));
      }
    }
  };
  const describe = () => {
    if (!result) {
      status.textContent = "";
    } else if (result.error) {
      status.textContent = "failed";
    } else if (columnNames().length > 0) {
      status.textContent = result.total + " row(s)" + (result.total > MAX_ROWS ? ", the first " + MAX_ROWS + " kept" : "")
        + (result.seconds != null ? " in " + result.seconds + " s" : "");
    } else {
      status.textContent = "done" + (result.updateCount != null ? ", " + result.updateCount + " row(s) changed" : "")
        + (result.seconds != null ? " in " + result.seconds + " s" : "");
    }
  };

  cell.run = async () => {
    const statement = editor.value.trim().replace(/;\s*$/, "");
    if (!statement) {
      return true;
    }
    run.disabled = true;
    status.textContent = "running on " + engine.value + "...";
    const started = performance.now();
    try {
      const answer = await sql(statement, {
        engine: engine.value, session: context.session(engine.value), operation: operationId(), maxRows: MAX_ROWS,
        onProgress: (partial) => (status.textContent = "running on " + engine.value + "... " + partial.total + " row(s)"),
      });
      result = { columns: answer.columns, rows: answer.rows, total: answer.total };
      result.updateCount = answer.updateCount;
      result.seconds = ((performance.now() - started) / 1000).toFixed(2);
      return true;
    } catch (error) {
      result = { error: error instanceof ApiError || error.message ? error.message : String(error) };
      return false;
    } finally {
      run.disabled = false;
      context.changed();
      describe();
      await drawOutput();
    }
  };
  cell.data = () => {
    const saved = { cell_type: "sql", source: editor.value, engine: engine.value, view: { ...view } };
    if (view.type === "grid") {
      delete saved.view.x;
      delete saved.view.y;
    }
    if (result) {
      saved.result = result.error ? { error: result.error } : { columns: result.columns, rows: result.rows, total: result.total };
    }
    return saved;
  };
  cell.focus = () => editor.focus();

  editor.addEventListener("input", context.changed);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.shiftKey || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      cell.run();
    }
  });
  engine.addEventListener("change", context.changed);
  viewSelect.addEventListener("change", () => {
    view.type = viewSelect.value;
    context.changed();
    drawOutput();
  });
  xSelect.addEventListener("change", () => {
    view.x = xSelect.value;
    context.changed();
    drawOutput();
  });
  ySelect.addEventListener("change", () => {
    view.y = ySelect.value;
    context.changed();
    drawOutput();
  });
  run.addEventListener("click", cell.run);

  cell.element = el("div", { class: "cell", "data-cell-type": "sql" },
    el("div", { class: "cell-bar" }, el("span", { class: "muted" }, "SQL on"), engine, run, status, el("span", { class: "spacer" }),
      el("label", {}, "show ", viewSelect), axes, cellTools(cell, context)),
    editor, output);
  describe();
  drawOutput();
  return cell;
}

// --- charts -----------------------------------------------------------------------------------------------------

let echarts = null;

/** y over x, as ECharts draws it (loaded on first use: a megabyte the other pages never need). */
async function drawChart(container, view, names, rows) {
  echarts = echarts || (await import(ECHARTS));
  const xi = names.indexOf(view.x);
  const yi = names.indexOf(view.y);
  const number = (value) => (value === null || value === undefined || value === "" ? null : Number(value));
  const numericX = view.type === "scatter" && rows.every((row) => row[xi] === null || !Number.isNaN(Number(row[xi])));
  const label = (value) => (value === null || value === undefined ? "null" : typeof value === "object" ? JSON.stringify(value) : String(value));
  const series = view.type === "scatter"
    ? { type: "scatter", data: rows.map((row) => [numericX ? number(row[xi]) : label(row[xi]), number(row[yi])]) }
    : { type: view.type, data: rows.map((row) => number(row[yi])) };
  // drawn as SVG: sharp in a screenshot, and each mark an element a test can find
  const chart = echarts.init(container, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 70, right: 30, top: 35, bottom: 55 },
    tooltip: { trigger: view.type === "scatter" ? "item" : "axis" },
    // the x axis's name under its labels, in the middle: at the end (ECharts' default) it runs off the right edge
    xAxis: { name: view.x, nameLocation: "middle", nameGap: 30, ...(numericX ? { type: "value", scale: true }
      : { type: "category", data: view.type === "scatter" ? undefined : rows.map((row) => label(row[xi])) }) },
    yAxis: { type: "value", name: view.y, scale: view.type !== "bar" },
    series: [{ ...series, name: view.y }],
  });
  const resizing = new ResizeObserver(() => chart.resize());
  resizing.observe(container);
  return { dispose: () => (resizing.disconnect(), chart.dispose()) };
}
