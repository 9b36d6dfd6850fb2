// Flows: the flows (GET /api/flows), and one flow's DAG drawn left to right, its recent runs as a grid of task states
// (GET /api/flows/NAME/grid: rows are tasks, columns runs, oldest on the left, as Airflow's grid view), a task's log
// in a run (click a cell: GET .../runs/RUN/tasks/TASK/log), and Trigger, Pause and Unpause (POST .../runs,
// .../pause, .../unpause). The grid is read again every 2 s while the page is open, so a run is seen as it goes.

import { get, post } from "../api.js";
import { dagSvg } from "../graph.js";
import { el, errorLine, grid, show } from "../ui.js";

const RUNS = 20;

export async function render(container, params, signal) {
  const name = params.get("flow");
  const list = el("div", { id: "flow-list" }, el("p", { class: "muted" }, "Loading..."));
  const detail = el("div", { id: "flow-detail" }, name ? el("p", { class: "muted" }, "Loading...") : null);
  show(container, el("h1", {}, "Flows"), list, detail);

  try {
    const flows = await get("/api/flows", signal);
    show(list,
      flows.flows.length === 0 ? el("p", { class: "muted" }, "No flows in " + flows.directory + " yet: a flow is a YAML file there.")
        : grid(["flow", "schedule", "state", "next run", "tasks", "branch", "description"], flows.flows.map((f) => [
          "", f.schedule || "(by hand)", f.paused ? "paused" : "active", f.nextRun || "", f.tasks, f.branch, f.problem || f.description || "",
        ]), { id: "flow-table" }),
      flows.problems.map((p) => el("p", { class: "error" }, p.file + ": " + p.message)));
    list.querySelectorAll("#flow-table tbody tr").forEach((tr, i) => {
      const flow = flows.flows[i];
      tr.dataset.flow = flow.name;
      show(tr.firstChild, el("a", { href: "#/flows?" + new URLSearchParams({ flow: flow.name }), class: flow.name === name ? "selected" : null }, flow.name));
    });
  } catch (error) {
    show(list, errorLine(error));
    return;
  }
  if (name && !signal.aborted) {
    await flowDetail(detail, name, signal);
  }
}

async function flowDetail(detail, name, signal) {
  const message = el("div", { id: "flow-message" });
  const pause = el("button", { type: "button", id: "flow-pause" }, "Pause");
  const trigger = el("button", { type: "button", id: "flow-trigger", class: "primary" }, "Trigger");
  const heading = el("p", { class: "muted" });
  const dag = el("div", { id: "flow-dag", class: "dag-box" });
  const runs = el("div", { id: "flow-grid" }, el("p", { class: "muted" }, "Loading..."));
  const log = el("div", { id: "flow-log" });
  show(detail, el("h2", {}, name), heading, el("div", { class: "toolbar" }, trigger, pause), message,
    el("h3", {}, "Tasks"), dag, el("h3", {}, "Runs"), runs, log);
  const say = (text, isError) => show(message, isError ? errorLine(text) : el("p", { class: "muted" }, text));
  const path = "/api/flows/" + encodeURIComponent(name);

  let flow;
  const describe = async () => {
    flow = await get(path, signal);
    heading.textContent = [flow.description, flow.schedule ? "schedule " + flow.schedule : "run by hand",
      flow.nextRun ? "next run " + flow.nextRun : null, "branch " + flow.branch, flow.source].filter(Boolean).join(" · ");
    pause.textContent = flow.paused ? "Unpause" : "Pause";
    pause.dataset.paused = flow.paused;
    // the list above says the same
    const state = document.querySelector("#flow-table tr[data-flow='" + CSS.escape(name) + "'] td:nth-child(3)");
    if (state) {
      state.textContent = flow.paused ? "paused" : "active";
    }
  };

  let shown = "";
  const refresh = async () => {
    const answer = await get(path + "/grid?runs=" + RUNS, signal);
    const text = JSON.stringify(answer);
    if (text === shown || signal.aborted) {
      return; // unchanged: keep the DOM (and what the user hovers) as it is
    }
    shown = text;
    const latest = answer.runs[answer.runs.length - 1];
    show(dag, dagSvg(answer.tasks.map((task) => {
      const state = latest && latest.tasks[task.name] ? latest.tasks[task.name].state : "none";
      return { id: task.name, label: task.name, kind: "state-" + state, title: task.name + ": " + state + (latest ? " in run " + latest.runId : "") };
    }), answer.tasks.flatMap((task) => task.after.map((upstream) => ({ from: upstream, to: task.name }))), { id: "flow-dag-svg" }));
    show(runs, answer.runs.length === 0 ? el("p", { class: "muted" }, "No runs yet: Trigger starts one.") : runGrid(answer, showLog));
  };

  const showLog = async (run, task) => {
    show(log, el("h3", {}, "Log of " + task + " in " + run), el("p", { class: "muted" }, "Loading..."));
    try {
      const answer = await get(path + "/runs/" + encodeURIComponent(run) + "/tasks/" + encodeURIComponent(task) + "/log", signal);
      show(log, el("h3", {}, "Log of " + task + " in " + run), answer.attempts.flatMap((attempt) => [
        el("p", { class: "muted" }, "attempt " + attempt.attempt + ": " + attempt.state
          + (attempt.startedAt ? " · " + attempt.startedAt + " to " + (attempt.endedAt || "now") : "")),
        attempt.error ? el("p", { class: "error" }, attempt.error) : null,
        el("pre", { class: "task-log" }, attempt.log || "(no output)"),
      ]));
      log.scrollIntoView({ block: "nearest" });
    } catch (error) {
      show(log, errorLine(error));
    }
  };

  trigger.addEventListener("click", async () => {
    trigger.disabled = true;
    try {
      const run = await post(path + "/runs", {});
      say("Queued run " + run.runId + ".");
      await refresh();
    } catch (error) {
      say(error, true);
    } finally {
      trigger.disabled = false;
    }
  });
  pause.addEventListener("click", async () => {
    try {
      const answer = await post(path + (pause.dataset.paused === "true" ? "/unpause" : "/pause"), {});
      say(answer.paused ? "Paused: scheduled runs wait; Trigger still runs it." : "Unpaused: it runs on its schedule.");
      await describe();
    } catch (error) {
      say(error, true);
    }
  });

  try {
    await describe();
    await refresh();
  } catch (error) {
    show(detail, errorLine(error));
    return;
  }
  const timer = setInterval(() => refresh().catch((error) => show(runs, errorLine(error))), 2000);
  signal.addEventListener("abort", () => clearInterval(timer));
}

/** Rows: the run itself, then each task; columns: runs; a cell's colour is its state, a click shows its log. */
function runGrid(answer, showLog) {
  const header = el("tr", {}, el("th", {}, "task"), answer.runs.map((run) =>
    el("th", { title: run.runId + " (" + run.runType + ")" }, run.logicalDate.slice(5, 16).replace("T", " "))));
  const runRow = el("tr", { class: "run-row" }, el("td", {}, "run"), answer.runs.map((run) =>
    el("td", { class: "grid-cell state-" + run.state, "data-run": run.runId, title: run.runId + ": " + run.state + (run.error ? " (" + run.error + ")" : "") },
      el("span", { class: "square" }))));
  const rows = answer.tasks.map((task) => el("tr", { "data-task": task.name }, el("td", {}, task.name), answer.runs.map((run) => {
    const cell = run.tasks[task.name];
    const state = cell ? cell.state : "none";
    return el("td", {
      class: "grid-cell state-" + state, "data-run": run.runId, "data-task": task.name, "data-state": state,
      title: task.name + " in " + run.runId + ": " + state + (cell && cell.attempt > 1 ? " (attempt " + cell.attempt + ")" : "")
        + (cell && cell.error ? "\n" + cell.error : ""),
      onclick: cell ? () => showLog(run.runId, task.name) : null,
    }, el("span", { class: "square" }));
  })));
  return el("div", { class: "grid" }, el("table", { id: "flow-runs", class: "run-grid" }, el("thead", {}, header), el("tbody", {}, runRow, rows)),
    el("p", { class: "hint legend" }, ["success", "running", "queued", "scheduled", "up_for_retry", "failed", "upstream_failed"]
      .map((state) => el("span", {}, el("span", { class: "square state-" + state }), " " + state.replace("_", " ") + " "))));
}
