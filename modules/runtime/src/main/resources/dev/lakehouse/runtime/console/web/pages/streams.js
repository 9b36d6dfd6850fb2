// Streams: Kafka's topics with their partitions and message counts (GET /api/topics), one topic's partitions and
// offsets (GET /api/topics/NAME) and its newest messages (GET /api/topics/NAME/messages?max=20); the consumer groups
// and how far behind each is per topic and partition (GET /api/consumer-groups: end offset minus committed offset).

import { get } from "../api.js";
import { el, errorLine, grid, show } from "../ui.js";

export async function render(container, params, signal) {
  const topic = params.get("topic");
  const list = el("div", { id: "topic-list" }, el("p", { class: "muted" }, "Loading..."));
  const detail = el("div", { id: "topic-detail" }, topic ? null : el("p", { class: "muted" }, "Pick a topic."));
  const groups = el("div", { id: "consumer-groups" }, el("p", { class: "muted" }, "Loading..."));
  show(container, el("h1", {}, "Streams"), el("div", { class: "split" }, list, detail), el("h2", {}, "Consumer groups"), groups);
  consumerGroups(groups, signal);

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

async function consumerGroups(container, signal) {
  try {
    const groups = await get("/api/consumer-groups", signal);
    const rows = groups.flatMap((g) => (g.partitions.length ? g.partitions : [null]).map((p) => ({ group: g, partition: p })));
    show(container, groups.length === 0 ? el("p", { class: "muted" }, "No consumer groups: a consumer that commits its offsets makes one.")
      : grid(["group", "state", "members", "group lag", "topic", "partition", "committed", "end", "lag"], rows.map(({ group, partition }) => [
        group.group, group.state, group.members, group.lag,
        partition ? partition.topic : "", partition ? partition.partition : "", partition ? partition.committed : "",
        partition ? partition.end : "", partition ? partition.lag : "",
      ]), { id: "group-table" }));
    container.querySelectorAll("#group-table tbody tr").forEach((tr, i) => {
      tr.dataset.group = rows[i].group.group;
      if (rows[i].partition) {
        tr.dataset.topic = rows[i].partition.topic;
        tr.dataset.partition = rows[i].partition.partition;
      }
    });
  } catch (error) {
    show(container, errorLine(error));
  }
}
