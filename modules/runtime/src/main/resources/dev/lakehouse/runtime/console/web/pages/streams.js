// Streams: Kafka's topics with their partitions and message counts (GET /api/topics), one topic's partitions and
// offsets (GET /api/topics/NAME) and its newest messages (GET /api/topics/NAME/messages?max=20).

import { get } from "../api.js";
import { el, errorLine, grid, show } from "../ui.js";

export async function render(container, params, signal) {
  const topic = params.get("topic");
  const list = el("div", { id: "topic-list" }, el("p", { class: "muted" }, "Loading..."));
  const detail = el("div", { id: "topic-detail" }, topic ? null : el("p", { class: "muted" }, "Pick a topic."));
  show(container, el("h1", {}, "Streams"), el("div", { class: "split" }, list, detail));

  try {
    const topics = await get("/api/topics", signal);
    show(list, topics.length === 0 ? el("p", { class: "muted" }, "No topics yet.") : el("div", { class: "tree" }, el("ul", {},
      topics.map((t) => el("li", {},
        el("a", { href: "#/streams?" + new URLSearchParams({ topic: t.name }), class: t.name === topic ? "selected" : null }, t.name),
        el("span", { class: "muted" }, " " + t.partitions + " partition(s), " + t.messages + " message(s)"))))));
  } catch (error) {
    show(list, errorLine(error));
  }
  if (!topic || signal.aborted) {
    return;
  }
  try {
    const [described, messages] = await Promise.all([
      get("/api/topics/" + encodeURIComponent(topic), signal),
      get("/api/topics/" + encodeURIComponent(topic) + "/messages?max=20", signal),
    ]);
    show(detail, el("h2", {}, topic),
      el("p", { class: "muted" }, "id " + described.id + " · kept " + described.retention),
      grid(["partition", "leader", "first offset", "next offset", "messages"],
        described.partitions.map((p) => [p.partition, p.leader, p.firstOffset, p.nextOffset, p.nextOffset - p.firstOffset])),
      el("h2", {}, "Newest messages"),
      messages.length === 0 ? el("p", { class: "muted" }, "The topic holds no messages.")
        : grid(["time", "partition", "offset", "key", "value"],
          messages.map((m) => [new Date(m.timestamp).toISOString(), m.partition, m.offset, m.key, m.value]), { id: "topic-messages" }));
  } catch (error) {
    show(detail, errorLine(error));
  }
}
