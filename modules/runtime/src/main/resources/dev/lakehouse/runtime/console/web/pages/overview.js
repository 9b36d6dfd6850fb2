// Overview: every component of the lakehouse, its state and endpoints, with client snippets to copy; the JVM's
// start time and heap. Data: GET /api/status, refreshed every 2 s while the page is open.

import { get } from "../api.js";
import { bytes, el, errorLine, show, snippet } from "../ui.js";

export async function render(container, params, signal) {
  const refresh = async () => {
    try {
      const status = await get("/api/status", signal);
      if (!signal.aborted) {
        show(container, page(status));
        // when the components first show: what "page load to interactive" is measured to (ConsoleIT)
        if (performance.getEntriesByName("lakehouse:components-shown").length === 0) {
          performance.mark("lakehouse:components-shown");
        }
      }
    } catch (error) {
      if (!signal.aborted) {
        show(container, el("h1", {}, "Overview"), errorLine(error));
      }
    }
  };
  await refresh();
  const timer = setInterval(refresh, 2000);
  signal.addEventListener("abort", () => clearInterval(timer));
}

function page(status) {
  const memory = status.memory || {};
  return [
    el("h1", {}, "Overview ", el("span", { class: "badge " + status.status, id: "overview-status" }, status.status)),
    el("p", { class: "muted" },
      "version " + status.version + " · pid " + status.pid + " · data " + status.dataDir,
      status.startedAt ? " · started " + new Date(status.startedAt).toLocaleString()
        + (status.startMillis != null ? " (in " + (status.startMillis / 1000).toFixed(1) + " s)" : " (still starting)")
        + ", up " + duration(status.uptimeSeconds) : "",
      memory.heapUsedBytes != null ? " · heap " + bytes(memory.heapUsedBytes) + " used of " + bytes(memory.heapCommittedBytes)
        + " committed (max " + bytes(memory.heapMaxBytes) + ")" : ""),
    el("div", { class: "cards", id: "components" },
      Object.entries(status.services).map(([name, service]) => card(name, service))),
  ];
}

function card(name, service) {
  const endpoints = Object.entries(service.endpoints || {});
  return el("section", { class: "card component", "data-component": name },
    el("h2", {}, name, el("span", { class: "state " + service.state }, service.state)),
    el("div", { class: "muted" }, service.description,
      service.startMillis != null ? " · ready in " + (service.startMillis / 1000).toFixed(1) + " s" : ""),
    service.detail ? el("p", { class: "error" }, service.detail) : null,
    endpoints.map(([endpointName, endpoint]) => el("div", {},
      el("h3", {}, endpointName, " ", el("span", { class: "muted" }, endpoint.protocol)),
      endpoint.uri.startsWith("http") && /ui/i.test(endpointName)
        ? el("a", { href: endpoint.uri, target: "_blank", rel: "noopener" }, endpoint.uri)
        : el("code", {}, endpoint.uri),
      snippets(name, endpointName, endpoint).map(snippet))));
}

/** How a client reaches this endpoint: the commands a trainee pastes (secrets are **** over HTTP: fill them in). */
function snippets(component, name, endpoint) {
  const uri = endpoint.uri;
  const p = endpoint.properties || {};
  const host = hostPort(uri);
  switch (component + "/" + name) {
    case "storage/s3":
      return [`AWS_ACCESS_KEY_ID=${p["access-key"]} AWS_SECRET_ACCESS_KEY=<secret-key> AWS_DEFAULT_REGION=${p.region} \\\n  aws --endpoint-url ${uri} s3 ls`];
    case "catalog/iceberg":
      return [`from pyiceberg.catalog import load_catalog\ncatalog = load_catalog("lakehouse", type="rest", uri="${uri}",\n    warehouse="${p.warehouse || ""}"${p.token ? ', token="<catalog.token>"' : ""})\nprint(catalog.list_namespaces())`];
    case "catalog/nessie":
      return [`curl ${p.token ? '-H "Authorization: Bearer <catalog.token>" ' : ""}${uri}/trees`];
    case "trino/http":
      return [p["jdbc-url"] + (p.ssl ? "?SSL=true&SSLTrustStorePath=" + p["ssl-truststore-path"] : "") + "   (user " + (p.user || "lakehouse") + ")",
        `trino --server ${uri} --user ${p.user || "lakehouse"}${p.password ? " --password" : ""} --catalog iceberg`];
    case "spark/connect":
      return [`pyspark --remote "sc://${host}"`, `SparkSession.builder.remote("sc://${host}").getOrCreate()`];
    case "kafka/bootstrap":
      return [`kcat -b ${host} -L`, `kcat -b ${host} -C -t <topic> -o -10 -e`];
    case "sourcedb/postgres":
      return [`PGPASSWORD=<password> psql -h ${hostOf(uri)} -p ${portOf(uri)} -U ${p.user} ${p.database}`];
    default:
      return [];
  }
}

function hostPort(uri) {
  return uri.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
}

function hostOf(uri) {
  return hostPort(uri).replace(/:\d+$/, "");
}

function portOf(uri) {
  const match = hostPort(uri).match(/:(\d+)$/);
  return match ? match[1] : "";
}

function duration(seconds) {
  if (seconds == null) {
    return "?";
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return (h ? h + " h " : "") + (h || m ? m + " min " : "") + (seconds % 60) + " s";
}
