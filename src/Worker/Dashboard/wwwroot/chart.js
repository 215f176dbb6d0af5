// Draws a machine's declared chart (the API's Mermaid text: "A --> B" lines, "[*] --> A" for initial states)
// as an SVG: states in columns by their longest distance from an initial state (back edges set aside), forward
// transitions as curves left to right, back and same-column transitions as arcs below, self transitions as loops.
"use strict";

const CanicChart = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_W = 136, NODE_H = 34, COL_GAP = 64, ROW_GAP = 22, PAD = 24;

  /** "PendingResetState" -> "PendingReset": the chart's type names in the words of the rows and the API. */
  function label(typeName) { return typeName.endsWith("State") && typeName !== "State" ? typeName.slice(0, -5) : typeName; }

  /** Parses the Mermaid state diagram into { states: [name...], initial: Set, edges: [{from, to}] } (names without "State"). */
  function parse(mermaid) {
    const states = [], initial = new Set(), edges = [];
    const add = name => { if (!states.includes(name)) states.push(name); };
    for (const line of mermaid.split("\n")) {
      const m = /^\s*(\S+)\s*-->\s*(\S+)\s*$/.exec(line);
      if (!m) continue;
      const to = label(m[2]);
      add(to);
      if (m[1] === "[*]") { initial.add(to); continue; }
      const from = label(m[1]);
      add(from);
      edges.push({ from, to });
    }
    return { states, initial, edges };
  }

  /** Ranks: depth-first from the initial states marks back edges; each state's rank is its longest forward path. */
  function rank(graph) {
    const out = new Map(graph.states.map(s => [s, []]));
    for (const e of graph.edges) out.get(e.from).push(e.to);
    const back = new Set(), seen = new Set(), onStack = new Set();
    const visit = s => {
      seen.add(s); onStack.add(s);
      for (const t of out.get(s)) {
        if (onStack.has(t)) back.add(s + ">" + t);
        else if (!seen.has(t)) visit(t);
      }
      onStack.delete(s);
    };
    for (const s of [...graph.initial, ...graph.states]) if (!seen.has(s)) visit(s);
    const ranks = new Map(graph.states.map(s => [s, 0]));
    for (let changed = true, guard = 0; changed && guard < graph.states.length + 1; guard++) {
      changed = false;
      for (const e of graph.edges) {
        if (e.from === e.to || back.has(e.from + ">" + e.to)) continue;
        if (ranks.get(e.to) < ranks.get(e.from) + 1) { ranks.set(e.to, ranks.get(e.from) + 1); changed = true; }
      }
    }
    return { ranks, back };
  }

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  /**
   * An SVG element for the chart. highlight: { visited: Set of state names, current: name or null,
   * path: array of state names in the order passed (consecutive pairs are highlighted transitions) }.
   */
  function draw(machine, mermaid, highlight) {
    const graph = parse(mermaid);
    const { ranks, back } = rank(graph);
    const columns = [];
    for (const s of graph.states) (columns[ranks.get(s)] ||= []).push(s);
    const pos = new Map();
    const isForward = e => e.from !== e.to && !back.has(e.from + ">" + e.to) && ranks.get(e.from) < ranks.get(e.to);
    // Forward transitions that skip a column go over the top, so that no line crosses a state it does not touch.
    const skips = graph.edges.filter(e => isForward(e) && ranks.get(e.to) - ranks.get(e.from) > 1);
    const top = PAD + 16 + skips.length * 7;
    const rows = Math.max(...columns.map(c => c.length));
    columns.forEach((column, x) => column.forEach((s, y) => {
      const offset = (rows - column.length) * (NODE_H + ROW_GAP) / 2;
      pos.set(s, { x: PAD + 14 + x * (NODE_W + COL_GAP), y: top + offset + y * (NODE_H + ROW_GAP) });
    }));
    const width = PAD * 2 + 14 + columns.length * NODE_W + (columns.length - 1) * COL_GAP;
    const arcs = graph.edges.filter(e => e.from !== e.to && !isForward(e));
    const height = PAD + top + rows * NODE_H + (rows - 1) * ROW_GAP + 18 + arcs.length * 7;

    const visited = highlight?.visited ?? new Set();
    const current = highlight?.current ?? null;
    const walked = new Set();
    const path = highlight?.path ?? [];
    for (let i = 1; i < path.length; i++) walked.add(path[i - 1] + ">" + path[i]);

    const svg = el("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
      "aria-label": `state chart of ${machine}`, "data-machine": machine });
    el("title", {}, svg).textContent = `${machine}: ${graph.states.length} states, ${graph.edges.length} transitions`;
    const defs = el("defs", {}, svg);
    for (const [id, color] of [["arrow", "#aeb7c6"], ["arrow-visited", "#2f6fde"]]) {
      const marker = el("marker", { id: `${id}-${machine}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: color }, marker);
    }
    const edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg);
    let arcIndex = 0, skipIndex = 0;
    const bottom = top + rows * NODE_H + (rows - 1) * ROW_GAP;
    for (const e of graph.edges) {
      const a = pos.get(e.from), b = pos.get(e.to);
      const isWalked = walked.has(e.from + ">" + e.to);
      let d;
      if (e.from === e.to) {
        const cx = a.x + NODE_W / 2;
        d = `M${cx - 12},${a.y} C${cx - 26},${a.y - 26} ${cx + 26},${a.y - 26} ${cx + 12},${a.y}`;
      } else if (isForward(e) && ranks.get(e.to) - ranks.get(e.from) > 1) {
        const lane = top - 14 - (skipIndex++) * 7;
        const x1 = a.x + NODE_W / 2 + 10, x2 = b.x + NODE_W / 2 - 10;
        d = `M${x1},${a.y} C${x1},${Math.min(lane, a.y - 14)} ${x2},${Math.min(lane, b.y - 14)} ${x2},${b.y}`;
      } else if (isForward(e)) {
        const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2, mid = (x2 - x1) / 2;
        d = `M${x1},${y1} C${x1 + mid},${y1} ${x2 - mid},${y2} ${x2},${y2}`;
      } else {
        const depth = bottom + 12 + (arcIndex++) * 7;
        const x1 = a.x + NODE_W / 2 + 10, x2 = b.x + NODE_W / 2 - 10;
        d = `M${x1},${a.y + NODE_H} C${x1},${depth} ${x2},${depth} ${x2},${b.y + NODE_H}`;
      }
      el("path", { d, class: "edge" + (isWalked ? " visited" : ""), "data-edge": `${e.from}>${e.to}`,
        "marker-end": `url(#${isWalked ? "arrow-visited" : "arrow"}-${machine})` }, edgeLayer);
    }
    for (const s of graph.states) {
      const p = pos.get(s);
      const classes = ["node"];
      if (visited.has(s)) classes.push("visited");
      if (s === current) classes.push("current");
      if (graph.initial.has(s)) classes.push("initial");
      const g = el("g", { class: classes.join(" "), "data-state": s }, nodeLayer);
      el("rect", { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 6 }, g);
      el("text", { x: p.x + NODE_W / 2, y: p.y + NODE_H / 2 }, g).textContent = s;
      if (graph.initial.has(s)) el("circle", { class: "start", cx: p.x + 8, cy: p.y + 8, r: 3 }, g);
    }
    const note = el("text", { x: PAD, y: height - 8, class: "note" }, svg);
    note.textContent = "● a state the machine may start or resume in";
    return svg;
  }

  return { parse, draw, label };
})();
