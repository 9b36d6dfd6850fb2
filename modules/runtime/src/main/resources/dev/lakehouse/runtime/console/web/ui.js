// Small DOM helpers shared by the pages: elements built from data (text always as text, never as HTML), a result
// grid, a copy button.

/** el("td", {class: "num"}, "42", child...): an element with attributes and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value == null || value === false) {
      continue;
    }
    if (key.startsWith("on")) {
      element.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      element.className = value;
    } else {
      element.setAttribute(key, value === true ? "" : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child == null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the page's content. */
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** A table of rows (arrays) under column names; numbers right-aligned, nulls shown as null. */
export function grid(columns, rows, attributes = {}) {
  const names = columns.map((c) => (typeof c === "string" ? c : c.name));
  return el("div", { class: "grid" },
    el("table", attributes,
      el("thead", {}, el("tr", {}, names.map((n) => el("th", {}, n)))),
      el("tbody", {}, rows.map((row) => el("tr", {}, row.map(cell))))));
}

function cell(value) {
  if (value === null || value === undefined) {
    return el("td", { class: "null" }, "null");
  }
  if (typeof value === "number") {
    return el("td", { class: "num" }, String(value));
  }
  return el("td", {}, typeof value === "object" ? JSON.stringify(value) : String(value));
}

/** A block of text to paste into a terminal, with a button that copies it. */
export function snippet(text) {
  const button = el("button", { type: "button", title: "copy to the clipboard" }, "copy");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // the clipboard API exists only on https or localhost: fall back to selecting the text
      const range = document.createRange();
      range.selectNodeContents(pre);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      document.execCommand("copy");
    }
    button.textContent = "copied";
    setTimeout(() => (button.textContent = "copy"), 1500);
  });
  const pre = el("pre", {}, text);
  return el("div", { class: "snippet" }, pre, button);
}

/** An error line as the API said it. */
export function errorLine(error) {
  return el("p", { class: "error", role: "alert" }, error.message || String(error));
}

/** Bytes as KiB, MiB, GiB. */
export function bytes(n) {
  if (n == null || n < 0) {
    return "?";
  }
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}
