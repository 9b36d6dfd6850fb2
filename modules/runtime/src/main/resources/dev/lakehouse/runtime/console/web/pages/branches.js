// Branches: the catalog's branches and tags (GET /api/branches), a branch's commit log with the tables each commit
// changed (GET .../changes), a diff of two branches (GET .../diff?with=OTHER: tables added, removed, changed), and
// create, merge and delete (POST /api/branches, POST .../merge, DELETE). Beyond loopback these need the console token,
// like every /api call: the server refuses them without it, so the page never writes unauthenticated.

import { del, get, post } from "../api.js";
import { el, errorLine, grid, show } from "../ui.js";

export async function render(container, params, signal) {
  const list = el("div", { id: "branch-list" }, el("p", { class: "muted" }, "Loading..."));
  const message = el("div", { id: "branch-message" });
  const log = el("div", { id: "branch-log" });
  const diff = el("div", { id: "branch-diff" });
  const left = el("select", { id: "diff-branch" });
  const right = el("select", { id: "diff-with" });
  const compare = el("form", { class: "toolbar", id: "branch-compare" },
    el("label", {}, "Compare ", left), el("label", {}, "with ", right), el("button", { type: "submit" }, "Diff"));
  const name = el("input", { id: "branch-name", placeholder: "new branch name", required: true, pattern: "[A-Za-z0-9_.\\-]+" });
  const from = el("select", { id: "branch-from" });
  const form = el("form", { class: "toolbar", id: "branch-create" },
    el("label", {}, "Create ", name), el("label", {}, "from ", from), el("button", { type: "submit", class: "primary" }, "Create"));
  show(container, el("h1", {}, "Branches"), form, message, list, compare, diff, log);

  const say = (text, isError) => show(message, isError ? errorLine(text) : el("p", { class: "muted" }, text));

  const refresh = async () => {
    const references = await get("/api/branches", signal);
    from.replaceChildren(...references.map((r) => el("option", { value: r.name, selected: r.name === (from.value || "main") }, r.name)));
    const pick = (select, otherwise) => {
      const chosen = select.value || otherwise;
      select.replaceChildren(...references.map((r) => el("option", { value: r.name, selected: r.name === chosen }, r.name)));
    };
    pick(left, (references.find((r) => r.name !== "main") || { name: "main" }).name);
    pick(right, "main");
    show(list, grid(["name", "type", "hash", ""], references.map((r) => [r.name, r.type, r.hash.slice(0, 12), ""]), { id: "branch-table" }));
    list.querySelectorAll("tbody tr").forEach((tr, i) => {
      const reference = references[i];
      tr.dataset.branch = reference.name;
      show(tr.lastChild,
        el("button", { type: "button", onclick: () => showLog(reference.name) }, "log"),
        " ",
        el("a", { href: "#/tables?" + new URLSearchParams({ branch: reference.name }) }, "tables"),
        reference.type === "BRANCH" && reference.name !== "main" ? [
          " ",
          el("button", { type: "button", onclick: () => merge(reference.name) }, "merge into main"),
          " ",
          el("button", { type: "button", class: "danger", onclick: () => remove(reference.name) }, "delete"),
        ] : null);
    });
  };

  const showLog = async (branch) => {
    show(log, el("h2", {}, "Commit log of " + branch), el("p", { class: "muted" }, "Loading..."));
    try {
      const commits = await get("/api/branches/" + encodeURIComponent(branch) + "/changes?max=50", signal);
      show(log, el("h2", {}, "Commit log of " + branch),
        commits.length === 0 ? el("p", { class: "muted" }, "No commits.")
          : grid(["time", "author", "message", "changed", "hash"], commits.map((c) => [c.time, c.author, c.message,
            c.changes.map((change) => change.key + (change.operation === "DELETE" ? " (dropped)" : "")).join(", "), c.hash.slice(0, 12)]),
          { id: "branch-commits" }));
    } catch (error) {
      show(log, errorLine(error));
    }
  };

  const merge = async (branch) => {
    try {
      const merged = await post("/api/branches/" + encodeURIComponent(branch) + "/merge", { into: "main" });
      say(merged.merged ? "Merged " + branch + " into main (head " + merged.head.slice(0, 12) + ")." : "Nothing to merge from " + branch + ".");
      await refresh();
    } catch (error) {
      say(error, true);
    }
  };

  const remove = async (branch) => {
    if (!confirm("Delete branch " + branch + "? Its commits not merged elsewhere are lost.")) {
      return;
    }
    try {
      await del("/api/branches/" + encodeURIComponent(branch));
      say("Deleted " + branch + ".");
      await refresh();
    } catch (error) {
      say(error, true);
    }
  };

  compare.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = "What " + left.value + " has that " + right.value + " has not";
    show(diff, el("h2", {}, title), el("p", { class: "muted" }, "Loading..."));
    try {
      const answer = await get("/api/branches/" + encodeURIComponent(left.value) + "/diff?" + new URLSearchParams({ with: right.value }), signal);
      const rows = [
        ...answer.added.map((t) => ["added", t.name, t.type]),
        ...answer.removed.map((t) => ["removed", t.name, t.type]),
        ...answer.changed.map((t) => ["changed", t.name, t.type]),
      ];
      show(diff, el("h2", {}, title), rows.length === 0 ? el("p", { class: "muted" }, "No difference: the same tables and views.")
        : grid(["", "name", "type"], rows, { id: "diff-table" }));
    } catch (error) {
      show(diff, el("h2", {}, title), errorLine(error));
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const created = await post("/api/branches", { name: name.value.trim(), from: from.value || "main" });
      say("Created " + created.name + " at " + created.hash.slice(0, 12) + ": Trino catalog " + created.trinoCatalog
        + ", Spark catalog " + created.sparkCatalog + ".");
      name.value = "";
      await refresh();
    } catch (error) {
      say(error, true);
    }
  });

  try {
    await refresh();
  } catch (error) {
    show(list, errorLine(error));
  }
}
