// A directed acyclic graph drawn as SVG, left to right: a flow's tasks, a models project's lineage. Each node sits
// in the layer of its longest path from a root (so every edge points right), ordered in its layer by where its
// parents sit (fewer crossings); edges are curves from a node's right side to the next one's left side. Small graphs
// only (tens of nodes): no layout library, nothing fetched.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 170;
const HEIGHT = 34;
const GAP_X = 60;
const GAP_Y = 14;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value != null) {
      element.setAttribute(key, value);
    }
  }
  if (text != null) {
    element.textContent = text;
  }
  return element;
}

/**
 * nodes: [{id, label, kind, title}] (kind: a CSS class, e.g. a task state or a node type); edges: [{from, to}];
 * onclick(node), optional. Returns an <svg> whose nodes are <g data-node=id class="node KIND">.
 */
export function dagSvg(nodes, edges, { onclick, id } = {}) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parents = new Map(nodes.map((node) => [node.id, []]));
  for (const edge of edges) {
    if (byId.has(edge.from) && byId.has(edge.to)) {
      parents.get(edge.to).push(edge.from);
    }
  }
  const layer = new Map();
  const depth = (nodeId, seen = new Set()) => {
    if (layer.has(nodeId)) {
      return layer.get(nodeId);
    }
    if (seen.has(nodeId)) {
      return 0; // a cycle: the servers refuse them, but a drawing must not hang on one
    }
    seen.add(nodeId);
    const value = Math.max(-1, ...parents.get(nodeId).map((parent) => depth(parent, seen))) + 1;
    layer.set(nodeId, value);
    return value;
  };
  nodes.forEach((node) => depth(node.id));
  const layers = [];
  for (const node of nodes) {
    (layers[layer.get(node.id)] ||= []).push(node);
  }
  const row = new Map();
  for (const members of layers) {
    // by the mean row of the parents, so that children sit across from what they read
    const weight = (node) => {
      const rows = parents.get(node.id).map((parent) => row.get(parent)).filter((r) => r != null);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 0;
    };
    members.sort((a, b) => weight(a) - weight(b));
    members.forEach((node, i) => row.set(node.id, i));
  }
  const tallest = Math.max(1, ...layers.map((members) => members.length));
  const width = layers.length * (WIDTH + GAP_X) - GAP_X + 2;
  const height = tallest * (HEIGHT + GAP_Y) - GAP_Y + 2;
  const root = svg("svg", { class: "dag", id, width, height, viewBox: `-1 -1 ${width} ${height}`, role: "img" });
  const x = (nodeId) => layer.get(nodeId) * (WIDTH + GAP_X);
  const y = (nodeId) => {
    const members = layers[layer.get(nodeId)].length;
    // each layer centred vertically
    return ((tallest - members) * (HEIGHT + GAP_Y)) / 2 + row.get(nodeId) * (HEIGHT + GAP_Y);
  };
  root.append(svg("defs", {}), svg("g", { class: "edges" }), svg("g", { class: "nodes" }));
  const arrow = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
  arrow.append(svg("path", { d: "M0,0 L10,5 L0,10 z" }));
  root.firstChild.append(arrow);
  for (const edge of edges) {
    if (!byId.has(edge.from) || !byId.has(edge.to)) {
      continue;
    }
    const x1 = x(edge.from) + WIDTH;
    const y1 = y(edge.from) + HEIGHT / 2;
    const x2 = x(edge.to);
    const y2 = y(edge.to) + HEIGHT / 2;
    const bend = (x2 - x1) / 2;
    root.children[1].append(svg("path", {
      d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
      "marker-end": "url(#arrow)", "data-from": edge.from, "data-to": edge.to,
    }));
  }
  for (const node of nodes) {
    const group = svg("g", { class: "node " + (node.kind || ""), "data-node": node.id, transform: `translate(${x(node.id)},${y(node.id)})` });
    group.append(svg("title", {}, node.title || node.label));
    group.append(svg("rect", { width: WIDTH, height: HEIGHT, rx: 5 }));
    const label = node.label.length > 22 ? node.label.slice(0, 21) + "…" : node.label;
    group.append(svg("text", { x: 10, y: HEIGHT / 2 + 4 }, label));
    if (onclick) {
      group.style.cursor = "pointer";
      group.addEventListener("click", () => onclick(node));
    }
    root.children[2].append(group);
  }
  return root;
}
