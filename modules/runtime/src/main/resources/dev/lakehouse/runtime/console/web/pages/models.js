// Models: a SQL models project's lineage graph (GET /api/models/lineage?project=DIR): sources -> seeds and models ->
// tests, as dbt's docs draw it, and its nodes in a table. A project is a folder on the lakehouse's machine; the page
// offers the projects the flows' models tasks name and the ones looked at before (this browser's localStorage).

import { get } from "../api.js";
import { dagSvg } from "../graph.js";
import { el, errorLine, grid, show } from "../ui.js";

const RECENT_KEY = "lakehouse.models-projects";

export async function render(container, params, signal) {
  const project = params.get("project") || "";
  const input = el("input", { id: "models-project", list: "models-known", size: 60, placeholder: "/absolute/path/of/a/dbt/project", value: project });
  const known = el("datalist", { id: "models-known" });
  const form = el("form", { class: "toolbar", id: "models-form" },
    el("label", {}, "Project ", input), known, el("button", { type: "submit", class: "primary" }, "Show lineage"));
  const result = el("div", { id: "models-result" }, project ? el("p", { class: "muted" }, "Loading...")
    : el("p", { class: "muted" }, "A project is the folder with dbt_project.yml ('lakehouse models init DIR' writes a sample one)."));
  show(container, el("h1", {}, "Models"), form, result);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = "#/models?" + new URLSearchParams({ project: input.value.trim() });
  });

  const recent = JSON.parse(localStorage.getItem(RECENT_KEY) || "[]");
  suggestions(signal).then((fromFlows) => {
    for (const path of new Set([...recent, ...fromFlows])) {
      known.append(el("option", { value: path }));
    }
  });
  if (!project) {
    return;
  }
  try {
    const lineage = await get("/api/models/lineage?" + new URLSearchParams({ project }), signal);
    localStorage.setItem(RECENT_KEY, JSON.stringify([project, ...recent.filter((p) => p !== project)].slice(0, 10)));
    const nodes = lineage.nodes.map((node) => ({
      id: node.id, label: node.name, kind: "type-" + node.type,
      title: node.type + " " + node.name + (node.relation ? " → " + node.relation : "") + (node.materialized ? " (" + node.materialized + ")" : ""),
    }));
    const counts = {};
    lineage.nodes.forEach((node) => (counts[node.type] = (counts[node.type] || 0) + 1));
    show(result,
      el("h2", {}, lineage.project),
      el("p", { class: "muted" }, Object.entries(counts).map(([type, n]) => n + " " + type + "(s)").join(", ") + " · " + lineage.directory),
      lineage.warnings.map((warning) => el("p", { class: "hint" }, warning)),
      el("div", { class: "dag-box" }, dagSvg(nodes, lineage.edges, { id: "models-lineage" })),
      el("p", { class: "hint legend" }, ["source", "seed", "model", "test"].map((type) =>
        el("span", {}, el("span", { class: "square type-" + type }), " " + type + " "))),
      el("h3", {}, "Nodes"),
      grid(["type", "name", "relation", "materialized", "file"], lineage.nodes.map((node) =>
        [node.type, node.name, node.relation || "", node.materialized || "", node.file || ""]), { id: "models-nodes" }));
  } catch (error) {
    show(result, errorLine(error));
  }
}

/** The projects the flows' models tasks run (nothing when flows do not run here). */
async function suggestions(signal) {
  try {
    const flows = await get("/api/flows", signal);
    const details = await Promise.all(flows.flows.map((flow) => get("/api/flows/" + encodeURIComponent(flow.name), signal)));
    // a models task is described as "COMMAND PROJECT"
    return details.flatMap((flow) => flow.tasks.filter((task) => task.kind === "models").map((task) => task.what.replace(/^\S+\s+/, "")));
  } catch {
    return [];
  }
}
