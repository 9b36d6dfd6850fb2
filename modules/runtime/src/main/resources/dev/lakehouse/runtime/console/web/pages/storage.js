// Storage: the object store's buckets (GET /api/storage/buckets) and one folder of a bucket at a time
// (GET /api/storage/buckets/B/objects?prefix=P: its sub-folders, and its objects with size and last change), each
// object with a download link (GET .../download?key=K, the bytes as an attachment). Folders are the keys' "/" parts,
// as S3 clients show them.

import { get, token } from "../api.js";
import { bytes, el, errorLine, grid, show } from "../ui.js";

export async function render(container, params, signal) {
  const bucket = params.get("bucket");
  const prefix = params.get("prefix") || "";
  const page = params.get("page") || "";
  const list = el("div", { id: "bucket-list" }, el("p", { class: "muted" }, "Loading..."));
  const detail = el("div", { id: "bucket-detail" }, bucket ? el("p", { class: "muted" }, "Loading...") : el("p", { class: "muted" }, "Pick a bucket."));
  show(container, el("h1", {}, "Storage"), el("div", { class: "split" }, list, detail));

  try {
    const buckets = await get("/api/storage/buckets", signal);
    show(list, buckets.length === 0 ? el("p", { class: "muted" }, "No buckets yet.") : el("div", { class: "tree" }, el("ul", {},
      buckets.map((b) => el("li", {},
        el("a", { href: link({ bucket: b.name }), class: b.name === bucket ? "selected" : null, "data-bucket": b.name }, b.name))))));
  } catch (error) {
    show(list, errorLine(error));
  }
  if (!bucket || signal.aborted) {
    return;
  }
  try {
    const query = new URLSearchParams({ prefix });
    if (page) {
      query.set("page", page);
    }
    const listing = await get("/api/storage/buckets/" + encodeURIComponent(bucket) + "/objects?" + query, signal);
    const rows = [
      ...listing.folders.map((folder) => ({ folder })),
      ...listing.objects.map((object) => ({ object })),
    ];
    const table = grid(["name", "size", "last modified", ""], rows.map((row) => row.folder
      ? [row.folder.slice(prefix.length), "", "", ""]
      : [row.object.key.slice(prefix.length), bytes(row.object.size), row.object.lastModified, ""]), { id: "object-table" });
    table.querySelectorAll("tbody tr").forEach((tr, i) => {
      const row = rows[i];
      if (row.folder) {
        tr.dataset.folder = row.folder;
        show(tr.firstChild, el("a", { href: link({ bucket, prefix: row.folder }) }, row.folder.slice(prefix.length)));
      } else {
        tr.dataset.key = row.object.key;
        show(tr.lastChild, download(bucket, row.object.key));
      }
    });
    show(detail, el("h2", {}, bucket), breadcrumbs(bucket, prefix),
      rows.length === 0 ? el("p", { class: "muted" }, prefix ? "Nothing under " + prefix + "." : "The bucket is empty.") : table,
      listing.next ? el("p", {}, el("a", { href: link({ bucket, prefix, page: listing.next }), id: "object-next" }, "next 1,000 ›")) : null);
  } catch (error) {
    show(detail, errorLine(error));
  }
}

function link(params) {
  return "#/storage?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v));
}

/** bucket / a / b /: each part a link to its folder. */
function breadcrumbs(bucket, prefix) {
  const parts = prefix.split("/").filter(Boolean);
  const crumbs = [el("a", { href: link({ bucket }) }, bucket)];
  parts.forEach((part, i) => crumbs.push(" / ", el("a", { href: link({ bucket, prefix: parts.slice(0, i + 1).join("/") + "/" }) }, part)));
  return el("p", { id: "object-path" }, crumbs, " /");
}

/**
 * A plain link to the bytes; beyond loopback the API wants the token, which a link cannot send: then the click fetches
 * them with it and saves them from memory.
 */
function download(bucket, key) {
  const href = "/api/storage/buckets/" + encodeURIComponent(bucket) + "/download?" + new URLSearchParams({ key });
  const name = key.split("/").pop();
  return el("a", {
    href, download: name, class: "download",
    onclick: async (event) => {
      if (!token()) {
        return;
      }
      event.preventDefault();
      const response = await fetch(href, { headers: { Authorization: "Bearer " + token() } });
      if (!response.ok) {
        alert((await response.json().catch(() => ({}))).error || response.statusText);
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const save = el("a", { href: url, download: name });
      save.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
  }, "download");
}
