// The control API under /api, as the pages call it: JSON in and out, the console token (when this lakehouse is open
// to a network) sent as "Authorization: Bearer" on every call, errors as ApiError with the server's one-line message.

const TOKEN_KEY = "lakehouse.console-token";

/** The token pasted in this tab (sessionStorage: gone when the tab closes, never written to disk by us). */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** An answer other than 2xx: the HTTP status and the API's {"error": ...} line. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Who wants to know when the API asks for the token (app.js shows the token bar). */
let onUnauthorized = () => {};
export function whenUnauthorized(listener) {
  onUnauthorized = listener;
}

function headers(json) {
  const h = {};
  if (token()) {
    h.Authorization = "Bearer " + token();
  }
  if (json) {
    h["Content-Type"] = "application/json";
  }
  return h;
}

async function call(method, path, body, signal) {
  const response = await fetch(path, {
    method, signal, cache: "no-store", headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.status === 401) {
    onUnauthorized();
  }
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.error) || response.status + " " + response.statusText);
  }
  return data;
}

export const get = (path, signal) => call("GET", path, undefined, signal);
export const post = (path, body) => call("POST", path, body ?? {});
export const put = (path, body) => call("PUT", path, body);
export const del = (path) => call("DELETE", path);

/** An id for work that can be cancelled (crypto.randomUUID exists only on https or localhost). */
export function operationId() {
  return "console-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
}

/**
 * Runs one SQL statement through POST /api/sql, which answers JSON lines: {"columns": [...]}, {"row": [...]} each,
 * then {"done": ...} or {"error": {"message": ...}}. Rows beyond maxRows are counted, not kept (a browser tab is
 * no place for a million rows). With a session id, statements share that session until DELETE /api/sql/sessions/ID. Resolves {columns, rows, total, updateCount}; rejects with ApiError on an error.
 */
export async function sql(statement, { engine = "trino", catalog, session, operation, maxRows = 1000, onProgress } = {}) {
  const request = { statement, engine };
  if (catalog) {
    request.catalog = catalog;
  }
  if (session) {
    // a named session lasts between statements (USE, SET); without one each statement has its own
    request.session = session;
  }
  if (operation) {
    request.operation = operation;
  }
  const response = await fetch("/api/sql", { method: "POST", cache: "no-store", headers: headers(true), body: JSON.stringify(request) });
  if (!response.ok) {
    if (response.status === 401) {
      onUnauthorized();
    }
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data.error || response.statusText);
  }
  const result = { columns: [], rows: [], total: 0, updateCount: null };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let finished = false;
  const take = (line) => {
    if (!line.trim()) {
      return;
    }
    const event = JSON.parse(line);
    if (event.columns) {
      result.columns = event.columns;
    } else if (event.row) {
      result.total++;
      if (result.rows.length < maxRows) {
        result.rows.push(event.row);
      }
    } else if (event.done) {
      result.updateCount = event.done.updateCount;
      finished = true;
    } else if (event.error) {
      throw new ApiError(400, event.error.message);
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffered += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      take(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
    if (onProgress) {
      onProgress(result);
    }
  }
  take(buffered);
  if (!finished) {
    throw new ApiError(500, "the statement's answer ended before it was done (cancelled, or the lakehouse stopped)");
  }
  return result;
}

/** Quotes a name for Trino SQL ("my ""odd"" table"). */
export function quote(name) {
  return '"' + String(name).replaceAll('"', '""') + '"';
}

/** Quotes a value as a SQL string literal. */
export function literal(value) {
  return "'" + String(value).replaceAll("'", "''") + "'";
}

/** The Trino catalog that holds a branch's tables: iceberg for main, iceberg_<branch> for the others. */
export function trinoCatalog(branch) {
  return branch === "main" ? "iceberg" : "iceberg_" + branch.toLowerCase();
}
