// The console's shell: the nav bar, the token bar, and a router from the URL's hash (#/tables?branch=dev) to a page
// module under pages/. A page exports render(container, params, signal); the signal aborts when the user leaves it,
// so a page's timers and requests stop with it.

import { setToken, token, whenUnauthorized } from "./api.js";
import { errorLine, show } from "./ui.js";

const PAGES = {
  overview: () => import("./pages/overview.js"),
  tables: () => import("./pages/tables.js"),
  sql: () => import("./pages/sql.js"),
  branches: () => import("./pages/branches.js"),
  streams: () => import("./pages/streams.js"),
  flows: () => import("./pages/flows.js"),
  models: () => import("./pages/models.js"),
  storage: () => import("./pages/storage.js"),
  notebooks: () => import("./pages/notebooks.js"),
};

let leaving = new AbortController();

async function route() {
  const [path, query] = (location.hash.replace(/^#\/?/, "") || "overview").split("?");
  const name = PAGES[path] ? path : "overview";
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("active", link.getAttribute("href") === "#/" + name);
  }
  leaving.abort();
  leaving = new AbortController();
  const signal = leaving.signal;
  const container = document.getElementById("page");
  container.dataset.page = name;
  try {
    const page = await PAGES[name]();
    if (!signal.aborted) {
      await page.render(container, new URLSearchParams(query || ""), signal);
    }
  } catch (error) {
    if (!signal.aborted) {
      show(container, errorLine(error));
    }
  }
}

/** Moves to a page with parameters, e.g. go("tables", {branch: "dev"}). */
export function go(page, params = {}) {
  const query = new URLSearchParams(params).toString();
  location.hash = "#/" + page + (query ? "?" + query : "");
}

function tokenBar() {
  const bar = document.getElementById("token-bar");
  const input = document.getElementById("token-input");
  const open = () => {
    bar.hidden = false;
    input.focus();
  };
  whenUnauthorized(open);
  document.getElementById("token-button").addEventListener("click", () => (bar.hidden ? open() : (bar.hidden = true)));
  bar.addEventListener("submit", (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    input.value = "";
    bar.hidden = true;
    route();
  });
  document.getElementById("token-forget").addEventListener("click", () => {
    setToken("");
    route();
  });
  document.getElementById("token-button").title = token() ? "a token is set for this tab" : "set the console token";
}

/** The lakehouse's overall state in the header, from /health (open without the token). */
async function health() {
  const badge = document.getElementById("overall");
  try {
    const response = await fetch("/health", { cache: "no-store" });
    const status = (await response.json()).status;
    badge.textContent = status;
    badge.className = "badge " + status;
  } catch {
    badge.textContent = "unreachable";
    badge.className = "badge DOWN";
  }
}

tokenBar();
window.addEventListener("hashchange", route);
route();
health();
setInterval(health, 5000);
