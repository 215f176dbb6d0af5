// The canic-fsm dashboard: plain DOM, no framework. Every figure comes from the worker's JSON API; the page polls
// it (every POLL_MS) and redraws the data of the open view in place, so filters and forms keep what was typed.
"use strict";

(() => {
  const POLL_MS = 1500;
  const DEFAULT_PAGE = 20;
  // The page size of a listing: ?limit= in the view's address (#/pool?limit=50), else DEFAULT_PAGE.
  const pageSize = params => Math.min(Math.max(Number(params.get("limit")) || DEFAULT_PAGE, 1), 1000);
  const POOL_STATES = ["PendingReset", "Ready", "Failed", "Claimed", "Workload", "Recycling"];
  const ATTEMPT_STATES = ["Requested", "ModuleResolved", "Reserved", "Allocated", "ControllersSet", "Installing",
    "Installed", "Committed", "Compensating", "Failed", "Blocked"];
  const CREATION_STATES = ["Intent", "Created", "Blocked", "Failed"];
  const TOKEN_KEY = "canic-fsm.token";

  // ---- DOM helpers (text is always set as text: nothing from the API is parsed as HTML) ----

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k === "style") Object.assign(node.style, v); // CSSOM: allowed by the page's style-src 'self' policy
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }
  const $ = id => document.getElementById(id);
  const stateTag = s => s ? h("span", { class: `state ${s}` }, s) : "";
  const time = iso => iso ? new Date(iso).toLocaleString() : "";
  const shortTime = iso => iso ? new Date(iso).toLocaleTimeString() : "";
  const link = (href, text) => h("a", { href }, text);

  // ---- the API ----

  class ApiError extends Error {
    constructor(status, body) {
      super(body?.error ?? `HTTP ${status}`);
      this.status = status; this.field = body?.field ?? null; this.body = body;
    }
  }

  async function api(path, init) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    if (init?.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method: init?.method ?? "GET", headers, credentials: "omit", cache: "no-store",
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = { error: text }; }
    if (response.status === 401) askForToken(body?.error);
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  function askForToken(message) {
    const form = $("token-form");
    if (!form.hidden) return;
    form.hidden = false;
    $("token-error").textContent = message ?? "";
    $("token-input").focus();
  }

  $("token-form").addEventListener("submit", event => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token-input").value.trim());
    $("token-input").value = "";
    $("token-form").hidden = true;
    refresh(true);
  });

  // ---- confirmation ----

  function confirmCommand(title, text) {
    const dialog = $("confirm");
    $("confirm-title").textContent = title;
    $("confirm-text").textContent = text;
    dialog.returnValue = "";
    dialog.showModal();
    return new Promise(resolve => dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true }));
  }

  /**
   * Runs an admin command after the operator confirms it. Shows the API's error next to the input whose
   * data-field matches the error's field (pids[1] -> pids), else in the form's result line.
   */
  async function runCommand(form, title, text, path, body, onDone) {
    for (const e of form.querySelectorAll(".error")) e.textContent = "";
    const result = form.querySelector(".result");
    result.textContent = ""; result.classList.remove("bad");
    if (!await confirmCommand(title, text)) { result.textContent = "cancelled"; return; }
    try {
      const answer = await api(path, { method: "POST", body });
      result.textContent = summary(answer);
      onDone?.(answer);
      refresh(true);
    } catch (e) {
      const field = (e.field ?? "").replace(/\[\d+\]$/, "").replace(/\..*$/, "");
      const slot = field && form.querySelector(`.error[data-field="${CSS.escape(field)}"]`);
      if (slot) slot.textContent = e.message;
      else { result.textContent = `${e.status ?? ""} ${e.body ? JSON.stringify(e.body) : e.message}`.trim(); result.classList.add("bad"); }
    }
  }

  function summary(answer) {
    if (!answer || typeof answer !== "object") return String(answer);
    return Object.entries(answer).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("  ·  ");
  }

  // ---- pieces shared by views ----

  function table(columns, rows, empty) {
    if (!rows.length) return h("p", { class: "empty" }, empty ?? "nothing to show");
    return h("table", {},
      h("thead", {}, h("tr", {}, columns.map(c => h("th", {}, c.title)))),
      h("tbody", {}, rows.map(r => h("tr", { dataset: r.__key ? { key: r.__key } : {} },
        columns.map(c => h("td", { class: c.mono ? "mono" : null }, c.cell(r)))))));
  }

  function pager(page, onMove) {
    const first = page.total === 0 ? 0 : page.offset + 1, last = page.offset + page.items.length;
    return h("div", { class: "pager" },
      h("button", { class: "secondary", "data-page": "prev", disabled: page.offset === 0, onclick: () => onMove(Math.max(0, page.offset - page.limit)) }, "‹ Prev"),
      h("span", { class: "page-info" }, `${first}-${last} of ${page.total}`),
      h("button", { class: "secondary", "data-page": "next", disabled: last >= page.total, onclick: () => onMove(page.offset + page.limit) }, "Next ›"));
  }

  function select(name, options, value, onChange) {
    return h("label", {}, name,
      h("select", { name, onchange: e => onChange(e.target.value) },
        h("option", { value: "" }, "(all)"),
        options.map(o => h("option", { value: o, selected: o === value }, o))));
  }

  /** Cycles text from the API ("99T", "1.5T", "500B", "0") as a number, for the budget bars. */
  function cycles(text) {
    const m = /^([\d.]+)([TBMK]?)$/.exec(String(text ?? "").trim());
    if (!m) return 0;
    return Number(m[1]) * ({ T: 1e12, B: 1e9, M: 1e6, K: 1e3, "": 1 })[m[2]];
  }

  function budgetBar(b) {
    const total = cycles(b.total) || 1;
    const pct = v => `${(100 * cycles(v) / total).toFixed(2)}%`;
    return h("div", { class: "budget", dataset: { budget: b.id } },
      h("div", { class: "title" }, h("strong", {}, b.id),
        h("span", { class: "mono" }, `free ${b.free} · reserved ${b.reserved} · spent ${b.spent} of ${b.total}`)),
      h("div", { class: "bar", role: "img", "aria-label": `budget ${b.id}: free ${b.free}, reserved ${b.reserved}, spent ${b.spent}` },
        h("span", { class: "free", style: { width: pct(b.free) }, title: `free ${b.free}` }),
        h("span", { class: "reserved", style: { width: pct(b.reserved) }, title: `reserved ${b.reserved}` }),
        h("span", { class: "spent", style: { width: pct(b.spent) }, title: `spent ${b.spent}` })));
  }

  const legend = () => h("div", { class: "legend" },
    h("span", {}, h("i", { class: "free" }), "free"), h("span", {}, h("i", { class: "reserved" }), "reserved"),
    h("span", {}, h("i", { class: "spent" }), "spent"));

  function countCards(summary) {
    return h("div", { class: "cards", id: "pool-counts" },
      POOL_STATES.map(s => h("a", { class: "card", href: `#/pool?state=${s}`, dataset: { state: s } },
        h("span", { class: "n" }, summary.counts[s] ?? 0), h("span", { class: "k" }, s))),
      h("div", { class: "card" }, h("span", { class: "n" }, `${summary.ready}/${summary.minimumSize}`), h("span", { class: "k" }, "ready / minimum")),
      h("div", { class: "card" }, h("span", { class: "n" }, `${summary.total}/${summary.maximumSize}`), h("span", { class: "k" }, "total / maximum")),
      h("div", { class: "card" }, h("span", { class: "n" }, summary.pendingCreations), h("span", { class: "k" }, "pending creations")),
      h("div", { class: "card" }, h("span", { class: "n" }, summary.blockedCreations), h("span", { class: "k" }, "blocked creations")));
  }

  const attemptColumns = [
    { title: "id", mono: true, cell: a => link(`#/attempts/${a.id}`, a.id) },
    { title: "role", cell: a => a.role },
    { title: "state", cell: a => stateTag(a.state) },
    { title: "canister", mono: true, cell: a => a.pid ? link(`#/pool/${a.pid}`, a.pid) : "" },
    { title: "source", cell: a => a.source ?? "" },
    { title: "reserved", cell: a => a.reserved },
    { title: "reason", cell: a => a.reason ?? "" },
    { title: "updated", cell: a => shortTime(a.updatedAt) },
  ];

  let charts = null;
  async function chartOf(machine) {
    charts ??= await api("/api/charts");
    return charts.find(c => c.machine === machine);
  }

  // ---- views: each has static controls (built once) and load(), which redraws its data region ----

  const views = {
    overview(params, root) {
      const data = h("div", {});
      root.append(h("h2", {}, "Overview"), data);
      return async () => {
        const [pool, budgets, attempts, scaling, feed] = await Promise.all([
          api("/api/pool"), api("/api/budgets"), api(`/api/attempts?limit=8`), api("/api/scaling"), api("/api/transitions?limit=100")]);
        data.replaceChildren(
          h("section", { class: "panel" }, h("h3", {}, "Pool"), countCards(pool)),
          h("div", { class: "grid2" },
            h("section", { class: "panel" }, h("h3", {}, "Budgets"), legend(), budgets.map(budgetBar)),
            h("section", { class: "panel" }, h("h3", {}, "Scaling pools"),
              table([
                { title: "pool", cell: p => link(`#/scaling`, p.pool) }, { title: "role", cell: p => p.role },
                { title: "workers", cell: p => p.workers.filter(w => w.state === "Registered").length + ` (min ${p.minWorkers}, max ${p.maxWorkers || "∞"})` },
                { title: "current", mono: true, cell: p => p.current ?? "" }], scaling, "no scaling pool configured"))),
          h("section", { class: "panel" }, h("h3", {}, `Latest attempts (${attempts.total})`),
            table(attemptColumns, attempts.items.map(a => ({ ...a, __key: String(a.id) })), "no provisioning attempt yet")),
          h("section", { class: "panel" }, h("h3", {}, "Latest transitions"),
            table([
              { title: "#", cell: t => t.seq }, { title: "record", cell: t => t.machine },
              { title: "id", mono: true, cell: t => t.machine === "pool" ? link(`#/pool/${t.id}`, t.id) : t.machine === "attempt" ? link(`#/attempts/${t.id}`, t.id) : t.id },
              { title: "from", cell: t => t.from || "(new)" }, { title: "to", cell: t => stateTag(t.to) },
              { title: "reason", cell: t => t.reason ?? "" }, { title: "at", cell: t => shortTime(t.at) }],
              // The committed changes only: the pool canister machines' own states are on each entry's page.
              feed.items.filter(t => t.machine !== "pool-canister").slice(-12).reverse(), "no transition since the worker started")));
      };
    },

    pool(params, root) {
      const PAGE = pageSize(params);
      let state = params.get("state") ?? "", offset = 0;
      const counts = h("div", {}), data = h("div", {});
      root.append(h("h2", {}, "Pool"), counts,
        h("div", { class: "filters" }, select("state", POOL_STATES, state, v => { state = v; offset = 0; load(); })), data);
      const load = async () => {
        const [summary, page] = await Promise.all([api("/api/pool"),
          api(`/api/pool/entries?offset=${offset}&limit=${PAGE}${state ? `&state=${state}` : ""}`)]);
        counts.replaceChildren(countCards(summary));
        data.replaceChildren(table([
          { title: "canister", mono: true, cell: e => link(`#/pool/${e.pid}`, e.pid) },
          { title: "status", cell: e => stateTag(e.status) },
          { title: "machine", cell: e => e.machine ?? "" },
          { title: "cycles", cell: e => e.cycles },
          { title: "role", cell: e => e.role ?? "" },
          { title: "attempt", mono: true, cell: e => e.operation ? link(`#/attempts/${e.operation}`, e.operation) : "" },
          { title: "reason", cell: e => e.reason ?? "" },
          { title: "updated", cell: e => shortTime(e.updatedAt) }], page.items.map(e => ({ ...e, __key: e.pid })), "no entry"),
        pager(page, o => { offset = o; load(); }));
      };
      return load;
    },

    poolEntry(params, root, pid) {
      const data = h("div", {});
      // The commands that apply to this entry's status: recycle a registered canister, requeue a Failed one.
      const recycle = h("form", { class: "admin", id: "entry-recycle-form", hidden: true },
        h("button", { type: "submit", class: "danger" }, "Recycle into the pool"), h("span", { class: "error", dataset: { field: "pid" } }),
        h("div", { class: "result" }));
      recycle.addEventListener("submit", e => {
        e.preventDefault();
        runCommand(recycle, "Recycle canister", `Return ${pid} to the pool? Its registration is dropped and it is reset (code uninstalled).`,
          "/api/pool/recycle", { pid });
      });
      const requeue = h("form", { class: "admin", id: "entry-requeue-form", hidden: true },
        h("button", { type: "submit" }, "Requeue for reset"), h("span", { class: "error", dataset: { field: "pids" } }),
        h("div", { class: "result" }));
      requeue.addEventListener("submit", e => {
        e.preventDefault();
        runCommand(requeue, "Requeue failed", `Requeue ${pid} for reset?`, "/api/pool/requeue-failed", { pids: [pid] });
      });
      root.append(h("h2", {}, "Pool entry ", h("span", { class: "mono" }, pid)), data, h("h3", {}, "Commands"), recycle, requeue);
      return async () => {
        const [entry, feed, machine, chart] = await Promise.all([api(`/api/pool/entries/${encodeURIComponent(pid)}`),
          api(`/api/transitions?machine=pool&id=${encodeURIComponent(pid)}&limit=1000`),
          api(`/api/transitions?machine=pool-canister&id=${encodeURIComponent(pid)}&limit=1000`), chartOf("pool-canister")]);
        // The chart's states this entry's machine entered (Claimed(42) -> Claimed), oldest first, and the row's statuses.
        const chartState = s => s ? s.replace(/\(.*$/, "") : s;
        const path = machine.items.map(t => chartState(t.to));
        const machineState = chartState(entry.machine);
        const visited = new Set([...path, ...feed.items.map(t => t.to), entry.status]);
        // A form keeps showing its last answer after the status moved on; it hides only before its first use.
        if (!recycle.querySelector(".result").textContent) recycle.hidden = entry.status !== "Workload";
        if (!requeue.querySelector(".result").textContent) requeue.hidden = entry.status !== "Failed";
        if (machineState) visited.add(machineState);
        data.replaceChildren(
          h("div", { class: "grid2" },
            h("section", { class: "panel" }, h("dl", { class: "details", id: "entry-details" },
              [["pid", entry.pid], ["status", stateTag(entry.status)], ["machine", entry.machine ?? ""], ["cycles", entry.cycles],
              ["role", entry.role ?? ""], ["attempt", entry.operation ? link(`#/attempts/${entry.operation}`, entry.operation) : ""],
              ["parent", entry.parent ?? ""], ["module", entry.moduleHash ?? ""], ["reason", entry.reason ?? ""],
              ["created", time(entry.createdAt)], ["updated", time(entry.updatedAt)]].flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
            h("section", { class: "panel" }, h("h3", {}, "Transitions since the worker started"),
              table([{ title: "of", cell: t => t.machine === "pool" ? "row" : "machine" },
                { title: "from", cell: t => t.from || "(new)" }, { title: "to", cell: t => stateTag(chartState(t.to)) },
                { title: "reason", cell: t => t.reason ?? "" }, { title: "at", cell: t => time(t.at) }],
                [...feed.items, ...machine.items].sort((a, b) => a.seq - b.seq), "none seen by this worker process"))),
          h("section", { class: "panel" }, h("h3", {}, "pool-canister chart (passed through: highlighted; current: filled)"),
            CanicChart.draw("pool-canister", chart.mermaid, { visited, current: machineState ?? entry.status, path })));
      };
    },

    attempts(params, root) {
      const PAGE = pageSize(params);
      let state = params.get("state") ?? "", offset = 0;
      const data = h("div", {});
      root.append(h("h2", {}, "Provisioning attempts"),
        h("div", { class: "filters" }, select("state", ATTEMPT_STATES, state, v => { state = v; offset = 0; load(); })), data);
      const load = async () => {
        const page = await api(`/api/attempts?offset=${offset}&limit=${PAGE}${state ? `&state=${state}` : ""}`);
        data.replaceChildren(table(attemptColumns, page.items.map(a => ({ ...a, __key: String(a.id) })), "no attempt"),
          pager(page, o => { offset = o; load(); }));
      };
      return load;
    },

    attempt(params, root, id) {
      const data = h("div", {});
      root.append(h("h2", {}, "Attempt ", h("span", { class: "mono" }, id)), data);
      return async () => {
        const [attempt, chart] = await Promise.all([api(`/api/attempts/${encodeURIComponent(id)}`), chartOf("provisioning-attempt")]);
        const path = attempt.history.map(t => t.to);
        const bad = new Set(["Failed", "Blocked", "Compensating"]);
        data.replaceChildren(
          h("div", { class: "grid2" },
            h("section", { class: "panel" }, h("dl", { class: "details", id: "attempt-details" },
              [["id", attempt.id], ["role", attempt.role], ["state", stateTag(attempt.state)],
              ["canister", attempt.pid ? link(`#/pool/${attempt.pid}`, attempt.pid) : ""], ["source", attempt.source ?? ""],
              ["reserved", attempt.reserved], ["parent", attempt.parent ?? ""], ["module", attempt.moduleHash ?? ""],
              ["reason", attempt.reason ?? ""], ["created", time(attempt.createdAt)], ["updated", time(attempt.updatedAt)],
            ].flatMap(([k, v]) => [h("dt", {}, k), h("dd", { dataset: { key: k } }, v)]))),
            h("section", { class: "panel" }, h("h3", {}, "Timeline"),
              h("ol", { class: "timeline", id: "timeline" }, attempt.history.map((t, i) => {
                const previous = i > 0 ? new Date(attempt.history[i - 1].at) : null;
                const took = previous ? ` (+${new Date(t.at) - previous} ms)` : "";
                return h("li", { class: bad.has(t.to) ? "bad" : null, dataset: { state: t.to } },
                  h("strong", {}, t.to), t.from ? ` from ${t.from}` : "", h("span", { class: "at" }, time(t.at) + took),
                  t.reason ? h("span", { class: "reason" }, t.reason) : null);
              })))),
          h("section", { class: "panel" }, h("h3", {}, "provisioning-attempt chart (passed through: highlighted; current: filled)"),
            CanicChart.draw("provisioning-attempt", chart.mermaid, { visited: new Set(path), current: attempt.state, path })));
      };
    },

    creations(params, root) {
      const PAGE = pageSize(params);
      let state = params.get("state") ?? "", offset = 0;
      const data = h("div", {});
      root.append(h("h2", {}, "Creation records"),
        h("div", { class: "filters" }, select("state", CREATION_STATES, state, v => { state = v; offset = 0; load(); })), data);
      const load = async () => {
        const page = await api(`/api/pool/creations?offset=${offset}&limit=${PAGE}${state ? `&state=${state}` : ""}`);
        data.replaceChildren(table([
          { title: "id", mono: true, cell: c => c.id }, { title: "state", cell: c => stateTag(c.state) }, { title: "path", cell: c => c.path },
          { title: "amount", cell: c => c.amount }, { title: "canister", mono: true, cell: c => c.pid ? link(`#/pool/${c.pid}`, c.pid) : "" },
          { title: "attempt", mono: true, cell: c => c.attempt ? link(`#/attempts/${c.attempt}`, c.attempt) : "" },
          { title: "created_at_time", mono: true, cell: c => c.createdAtTime }, { title: "reason", cell: c => c.reason ?? "" },
          { title: "created", cell: c => time(c.createdAt) }], page.items, "no creation record"),
        pager(page, o => { offset = o; load(); }));
      };
      return load;
    },

    budgets(params, root) {
      const PAGE = pageSize(params);
      let open = false, offset = 0;
      const bars = h("div", {}), data = h("div", {});
      root.append(h("h2", {}, "Budgets"), h("section", { class: "panel" }, legend(), bars), h("h2", {}, "Reservations"),
        h("div", { class: "filters" }, h("label", {}, "open only", h("input", { type: "checkbox", name: "open", onchange: e => { open = e.target.checked; offset = 0; load(); } }))),
        data);
      const load = async () => {
        const [budgets, page] = await Promise.all([api("/api/budgets"), api(`/api/reservations?open=${open}&offset=${offset}&limit=${PAGE}`)]);
        bars.replaceChildren(...budgets.map(budgetBar));
        data.replaceChildren(table([
          { title: "id", mono: true, cell: r => r.id }, { title: "budget", cell: r => r.budget },
          { title: "attempt", mono: true, cell: r => link(`#/attempts/${r.attempt}`, r.attempt) }, { title: "amount", cell: r => r.amount },
          { title: "state", cell: r => stateTag(r.state) }, { title: "created", cell: r => time(r.createdAt) }], page.items, "no reservation"),
        pager(page, o => { offset = o; load(); }));
      };
      return load;
    },

    scaling(params, root) {
      const data = h("div", {});
      root.append(h("h2", {}, "Scaling pools"), data);
      return async () => {
        const pools = await api("/api/scaling");
        if (!pools.length) { data.replaceChildren(h("p", { class: "empty" }, "no scaling pool configured")); return; }
        data.replaceChildren(...pools.map(p => {
          const result = h("div", { class: "result" });
          const form = h("form", { class: "admin", dataset: { pool: p.pool } },
            h("button", { type: "submit" }, `Create a worker in ${p.pool}`), h("span", { class: "error", dataset: { field: "pool" } }), result);
          form.addEventListener("submit", e => {
            e.preventDefault();
            runCommand(form, "Create worker", `Provision a new ${p.role} worker for scaling pool ${p.pool}? The scaling policy may refuse (within bounds, at max).`,
              `/api/scaling/${encodeURIComponent(p.pool)}/workers`, {});
          });
          return h("section", { class: "panel", dataset: { pool: p.pool } },
            h("h3", {}, `${p.pool} (role ${p.role}; workers ${p.minWorkers} to ${p.maxWorkers || "∞"}${p.capacityBytes ? `; capacity ${p.capacityBytes} bytes` : ""})`),
            table([
              { title: "#", cell: w => w.ordinal }, { title: "state", cell: w => stateTag(w.state) },
              { title: "canister", mono: true, cell: w => w.pid ? link(`#/pool/${w.pid}`, w.pid) : "" },
              { title: "attempt", mono: true, cell: w => w.attempt ? link(`#/attempts/${w.attempt}`, w.attempt) : "" },
              { title: "current", cell: w => w.isCurrent ? "yes" : "" }], p.workers, "no worker yet"), form);
        }));
      };
    },

    charts(params, root) {
      const data = h("div", {});
      root.append(h("h2", {}, "Machine charts"), data);
      let drawn = false;
      return async () => {
        if (drawn) return;
        charts = await api("/api/charts");
        data.replaceChildren(...charts.map(c => h("section", { class: "panel" }, h("h3", {}, c.machine), CanicChart.draw(c.machine, c.mermaid, null))));
        drawn = true;
      };
    },

    admin(params, root) {
      const field = (label, input, name) => h("div", { class: "field" }, h("label", {}, label, input), h("span", { class: "error", dataset: { field: name } }));
      const form = (id, title, controls, onSubmit) => {
        const f = h("form", { class: "admin", id, novalidate: true }, controls, h("button", { type: "submit" }, title), h("div", { class: "result" }));
        f.addEventListener("submit", e => { e.preventDefault(); onSubmit(f); });
        return h("section", { class: "panel" }, h("h3", {}, title), f);
      };
      const list = text => text.split(/[\s,]+/).filter(Boolean);
      root.append(h("h2", {}, "Admin commands"),
        h("p", { class: "empty" }, "Each command asks for confirmation; the API's answer or error is shown with the form."),
        form("provision-form", "Provision", [
          field("role", h("input", { name: "role", placeholder: "app" }), "role"),
          field("parent (optional)", h("input", { name: "parent", size: 30 }), "parent"),
          field("count", h("input", { name: "count", type: "number", value: "1", min: "1", max: "100" }), "count")],
          f => {
            const body = { role: f.role.value.trim(), count: Number(f.count.value || 1) };
            if (f.parent.value.trim()) body.parent = f.parent.value.trim();
            runCommand(f, "Provision", `Start ${body.count} provisioning attempt(s) of role '${body.role}'? Cycles are reserved from the role's budget.`, "/api/provision", body);
          }),
        form("create-empty-form", "Create empty canister", [],
          f => runCommand(f, "Create empty canister", "Create one new empty canister for the pool? It costs cycles from the orchestrator's ledger account.", "/api/pool/create-empty", {})),
        form("import-form", "Import", [
          field("canister principals (space or comma separated)", h("textarea", { name: "pids" }), "pids"),
          h("label", {}, "immediate (one canister, reset now)", h("input", { type: "checkbox", name: "immediate" }))],
          f => {
            const pids = list(f.pids.value);
            runCommand(f, "Import", `Import ${pids.length} canister(s) into the pool? Their code is uninstalled and their controllers replaced.`,
              "/api/pool/import", { pids, immediate: f.immediate.checked });
          }),
        form("recycle-form", "Recycle", [field("canister principal", h("input", { name: "pid", size: 30 }), "pid")],
          f => runCommand(f, "Recycle", `Return ${f.pid.value.trim() || "(none)"} to the pool? Its registration is dropped and it is reset.`,
            "/api/pool/recycle", { pid: f.pid.value.trim() })),
        form("requeue-form", "Requeue failed", [field("canister principals (empty: every Failed entry)", h("textarea", { name: "pids" }), "pids")],
          f => {
            const pids = list(f.pids.value);
            runCommand(f, "Requeue failed", pids.length ? `Requeue ${pids.length} Failed entr(ies) for reset?` : "Requeue every Failed entry for reset?",
              "/api/pool/requeue-failed", pids.length ? { pids } : {});
          }));
      return null;
    },
  };

  // ---- routing and polling ----

  let current = null; // { load, key }
  let timer = null;

  function route() {
    const [path, query] = (location.hash.replace(/^#/, "") || "/").split("?");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const params = new URLSearchParams(query ?? "");
    if (parts[0] === "pool" && parts[1]) return { name: "poolEntry", nav: "pool", args: [parts[1]], params };
    if (parts[0] === "attempts" && parts[1]) return { name: "attempt", nav: "attempts", args: [parts[1]], params };
    const name = parts[0] && views[parts[0]] ? parts[0] : "overview";
    return { name, nav: name, args: [], params };
  }

  function show() {
    const r = route();
    for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.route === r.nav);
    const root = h("div", { id: `view-${r.name}`, class: "view" });
    $("view").replaceChildren(root);
    current = { load: views[r.name](r.params, root, ...r.args), root };
    refresh(true);
  }

  let busy = false;
  async function refresh(now) {
    clearTimeout(timer);
    if (!current || busy) { timer = setTimeout(refresh, POLL_MS); return; }
    busy = true;
    const view = current;
    try {
      // A view without data (the admin forms) still checks that the worker answers and the token is good.
      await (view.load ? view.load() : api("/api/pool"));
      const live = $("live");
      live.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
      live.classList.remove("stale");
      view.root.querySelector(":scope > .load-error")?.remove();
    } catch (e) {
      const live = $("live");
      live.textContent = `not updated: ${e.message}`;
      live.classList.add("stale");
      if (view === current && e.status !== 401) {
        let slot = view.root.querySelector(":scope > .load-error");
        if (!slot) { slot = h("p", { class: "error load-error" }); view.root.append(slot); }
        slot.textContent = `${e.status ?? ""} ${e.message}`.trim();
      }
    } finally {
      busy = false;
      timer = setTimeout(refresh, POLL_MS);
    }
  }

  window.addEventListener("hashchange", show);
  show();
})();
