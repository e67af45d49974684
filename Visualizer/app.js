// v2vsim Visualizer: a player for a trace. It reads the overview and window JSON of
// docs/visualizer.md, either inlined (window.V2V_DATA, written by `v2vsim visualize --out`) or from
// the local server (`v2vsim visualize --serve`: /api/session, /api/overview, /api/window).
// Its state for tests and scripts is window.v2v (see the end of this file).
"use strict";

(function () {
  const OVERVIEW_VERSION = 1, WINDOW_VERSION = 1, PAGE_VERSION = 1;
  const errors = [];
  const body = document.body;
  const $ = (id) => document.getElementById(id);
  const fail = (message) => {
    const box = $("error");
    box.hidden = false;
    box.textContent = message;
    body.dataset.ready = "error";
    errors.push(message);
  };
  window.addEventListener("error", (e) => errors.push(String(e.message)));

  // ---------------------------------------------------------------- data sources
  // A source answers overview() and window(t) (a promise of the decoded window that holds t).
  function inlineSource(data) {
    const windows = data.windows.map(decodeWindow);
    return {
      session: { mode: "page", start: data.start, focus: data.focus },
      overview: () => Promise.resolve(data.overview),
      window: (t) => Promise.resolve(windows.find((w) => w.from <= t && t <= w.to) || windows[windows.length - 1]),
      cached: (t) => windows.find((w) => w.from <= t && t <= w.to) || windows[windows.length - 1],
      setVehicle: () => {},
    };
  }

  function httpSource(session) {
    const cache = new Map(); // key → {promise, window}
    const spans = session.windows; // directory mode: fixed windows
    const span = session.window_seconds || 10;
    // A window of a large trace carries a sample of the receptions, complete for the vehicle named
    // in the request: the selected one is part of the key.
    let vehicle = null;
    const slot = (t) => spans ? spans.findIndex((s) => s[0] <= t && t <= s[1]) : Math.floor(t / span);
    const keyOf = (t) => `${slot(t)}:${vehicle}`;
    const load = (n) => {
      const key = `${n}:${vehicle}`;
      if (n < 0 || (spans && n >= spans.length)) return Promise.resolve(null);
      if (cache.has(key)) return cache.get(key).promise;
      const url = (spans ? `api/window?from=${spans[n][0]}&to=${spans[n][1]}`
                         : `api/window?from=${n * span}&to=${(n + 1) * span}`) + (vehicle === null || spans ? "" : `&vehicle=${vehicle}`);
      const entry = {};
      entry.promise = fetch(url).then(async (r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status} ${(await r.json()).error}`);
        return r.json();
      }).then((json) => (entry.window = decodeWindow(json)));
      cache.set(key, entry);
      // Keep a few windows: the one playing, the next, and two recent ones.
      if (cache.size > 4) {
        const far = (k) => Math.abs(Number(k.split(":")[0]) - n) + (k.endsWith(`:${vehicle}`) ? 0 : 1000);
        for (const k of [...cache.keys()].sort((a, b) => far(b) - far(a)).slice(0, cache.size - 4)) cache.delete(k);
      }
      return entry.promise;
    };
    return {
      session,
      overview: () => fetch("api/overview").then((r) => r.json()),
      window: (t) => { const n = slot(t); load(n + 1).catch(() => {}); return load(n); },
      cached: (t) => { const e = cache.get(keyOf(t)); return e && e.window; },
      setVehicle: (id) => { vehicle = id; },
    };
  }

  // Columns of a window, as typed arrays for the draw loop.
  function decodeWindow(w) {
    if (w.format !== "v2vsim-window" || w.version !== WINDOW_VERSION) {
      throw new Error(`window: this page reads v2vsim-window version ${WINDOW_VERSION}; the data has ${w.format} ${w.version}`);
    }
    const f = w.fcd, m = w.messages, r = w.receptions;
    const win = {
      from: w.from, to: w.to, labels: w.labels, sampledEvery: w.receptions_sampled_every || 1,
      times: Float64Array.from(f.times), offsets: Int32Array.from(f.offsets),
      id: Int32Array.from(f.id), x: Float32Array.from(f.x), y: Float32Array.from(f.y),
      angle: Float32Array.from(f.angle), speed: Float32Array.from(f.speed), lane: Int16Array.from(f.lane),
      m: {
        id: m.id, sender: Int32Array.from(m.sender), type: m.type, pseudonym: m.pseudonym, signer: m.signer,
        tg: Float64Array.from(m.t_generated), ts: m.t_signed, tx0: Float64Array.from(m.t_tx_start), tx1: Float64Array.from(m.t_tx_end),
        size: m.size, attacker: m.attacker, cx: m.claim_x, cy: m.claim_y, cv: m.claim_speed, ch: m.claim_heading,
        rx: Int32Array.from(m.rx_offsets),
      },
      r: {
        kind: Uint8Array.from(r.kind), receiver: Int32Array.from(r.receiver), delay: Int32Array.from(r.delay_us),
        distance: r.distance, outcome: Uint16Array.from(r.outcome), latency: Int32Array.from(r.latency_us), acted: r.acted,
      },
      frameIndex: new Map(), // frame → Map(vehicle id → sample index), built on first use
    };
    win.outcomeClass = w.labels.outcome.map(outcomeClass);
    return win;
  }

  function frameMap(win, i) {
    let map = win.frameIndex.get(i);
    if (!map) {
      map = new Map();
      for (let s = win.offsets[i]; s < win.offsets[i + 1]; s++) map.set(win.id[s], s);
      if (win.frameIndex.size > 8) win.frameIndex.clear();
      win.frameIndex.set(i, map);
    }
    return map;
  }

  // ---------------------------------------------------------------- colours
  const OUTCOME_COLOURS = { accepted: "#27ae60", unchecked: "#f39c12", rejected: "#c0392b", lost: "#7f8c8d" };
  function outcomeClass(label) {
    if (label === "accepted" || label === "unchecked") return label;
    return label.startsWith("lost:") ? "lost" : "rejected";
  }
  const SPEED_STEPS = 12;
  const speedColours = Array.from({ length: SPEED_STEPS }, (_, i) => `hsl(${Math.round((120 * i) / (SPEED_STEPS - 1))}, 75%, 40%)`);
  const PALETTE = ["#2c6fbb", "#8e44ad", "#16a085", "#d35400", "#2c3e50", "#c0392b", "#7f8c8d", "#f39c12"];

  // ---------------------------------------------------------------- start
  const data = window.V2V_DATA;
  let sourcePromise;
  if (data && data.format === "v2vsim-page") {
    if (data.version !== PAGE_VERSION) return fail(`This page reads v2vsim-page version ${PAGE_VERSION}; the data has ${data.version}.`);
    sourcePromise = new Promise((resolve) => resolve(inlineSource(data)));
  } else if (data === null && location.protocol.startsWith("http")) {
    sourcePromise = fetch("api/session").then((r) => r.json()).then(httpSource);
  } else if (data && data.format !== undefined) {
    return fail(`This page reads v2vsim-page version ${PAGE_VERSION}; the data is ${data.format} ${data.version}.`);
  } else {
    return fail("No data: open a page written by `v2vsim visualize TRACE --out view.html`, or run `v2vsim visualize TRACE --serve`.");
  }
  if (typeof Chart === "undefined") return fail("Chart.js did not load (chart.min.js).");

  sourcePromise.then(async (source) => {
    const overview = await source.overview();
    if (overview.format !== "v2vsim-overview" || overview.version !== OVERVIEW_VERSION) {
      return fail(`This page reads v2vsim-overview version ${OVERVIEW_VERSION}; the data has ${overview.format} ${overview.version}.`);
    }
    start(source, overview);
  }).catch((e) => fail(`Cannot load the trace: ${e.message}`));

  function start(source, ov) {
    const meta = ov.meta, layout = ov.layout;
    $("title").textContent = `v2vsim — ${meta.scenario_name || "trace"}`;
    $("subtitle").textContent = `seed ${meta.seed} · v2vsim ${meta.program_version} · ${ov.start}–${ov.end} s · ` +
      `event digest ${(meta.event_digest || "").slice(0, 16)}… · road ${layout.kind} ${layout.length} m, ${layout.lanes} lanes (${layout.source})`;

    // Vehicles' static facts, by id.
    const vehicles = new Map();
    ov.vehicles.id.forEach((id, i) => vehicles.set(id, {
      id, type: ov.vehicles.type[i], policy: ov.vehicles.policy[i], attacker: ov.vehicles.attacker[i],
      model: ov.vehicles.model_digest[i],
    }));
    const policies = [...new Set(ov.vehicles.policy)];
    const maxSpeed = ov.density.mean_speed.reduce((a, v) => (v !== null && v > a ? v : a), 1);

    const st = {
      t: source.session.start ?? ov.start, playing: false, speed: 1, colour: "speed", broadcasts: "all",
      selected: null, message: null, follow: false, frames: 0, fps: 0, drawn: 0, lines: 0, window: null,
      // view: world metres → screen pixels: sx = (x - cx) * scale + w/2, sy = -(y - cy) * scale + h/2
      cx: 0, cy: 0, scale: 1,
    };
    const focus = source.session.focus || [];

    // ------------------------------------------------------------ geometry
    const ring = layout.kind === "ring";
    const lanesTotal = layout.lanes + (layout.on_ramp ? 1 : 0);
    const R = layout.length / (2 * Math.PI);
    const worldBounds = () => {
      const rsus = layout.rsus;
      if (ring) {
        let b = { x0: -R - 10, x1: R + 10, y0: -R - 10, y1: R + 10 };
        for (const r of rsus) b = { x0: Math.min(b.x0, r.x - 10), x1: Math.max(b.x1, r.x + 10), y0: Math.min(b.y0, r.y - 10), y1: Math.max(b.y1, r.y + 10) };
        return b;
      }
      return { x0: -20, x1: layout.length + 20, y0: -15, y1: lanesTotal * layout.lane_width + 10 };
    };

    // ------------------------------------------------------------ canvases
    const view = $("view"), vctx = view.getContext("2d");
    const strip = $("strip"), sctx = strip.getContext("2d");
    const ticks = $("ticks"), tctx = ticks.getContext("2d");
    const resize = () => {
      const dpr = window.devicePixelRatio || 1;
      for (const c of [view, strip, ticks]) {
        const r = c.getBoundingClientRect();
        c.width = Math.max(1, Math.round(r.width * dpr));
        c.height = Math.max(1, Math.round(r.height * dpr));
        c.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
      }
      drawTicks();
    };
    const vw = () => view.width / (window.devicePixelRatio || 1), vh = () => view.height / (window.devicePixelRatio || 1);
    const fit = () => {
      const b = worldBounds();
      st.cx = (b.x0 + b.x1) / 2; st.cy = (b.y0 + b.y1) / 2;
      st.scale = Math.min(vw() / (b.x1 - b.x0), vh() / (b.y1 - b.y0));
    };
    const home = () => {
      // A highway opens on its first 600 m at a readable scale; a ring whole.
      if (ring) return fit();
      const span = Math.min(layout.length + 40, 600);
      st.scale = vw() / span; st.cx = span / 2 - 20; st.cy = (lanesTotal * layout.lane_width) / 2;
    };
    const toScreen = (x, y) => [(x - st.cx) * st.scale + vw() / 2, -(y - st.cy) * st.scale + vh() / 2];
    const toWorld = (sx, sy) => [(sx - vw() / 2) / st.scale + st.cx, -(sy - vh() / 2) / st.scale + st.cy];

    // ------------------------------------------------------------ drawing: road
    function drawRoad(ctx) {
      const w = layout.lane_width;
      ctx.lineWidth = Math.max(1, w * st.scale);
      ctx.strokeStyle = "#6b6f76";
      ctx.fillStyle = "#6b6f76";
      if (ring) {
        const [cx, cy] = toScreen(0, 0);
        const outer = (R + w / 2) * st.scale, inner = Math.max(0, (R - (layout.lanes - 0.5) * w) * st.scale);
        ctx.beginPath(); ctx.arc(cx, cy, outer, 0, 2 * Math.PI); ctx.arc(cx, cy, inner, 0, 2 * Math.PI, true); ctx.fill("evenodd");
        ctx.strokeStyle = "#f2f2f2"; ctx.lineWidth = 1; ctx.setLineDash([6, 6]);
        for (let k = 1; k < layout.lanes; k++) { ctx.beginPath(); ctx.arc(cx, cy, (R - (k - 0.5) * w) * st.scale, 0, 2 * Math.PI); ctx.stroke(); }
        ctx.setLineDash([]);
        return;
      }
      const first = layout.on_ramp ? 1 : 0;
      const [x0, yTop] = toScreen(0, (first + layout.lanes) * w), [x1, yBottom] = toScreen(layout.length, first * w);
      ctx.fillRect(x0, yTop, x1 - x0, yBottom - yTop);
      if (layout.on_ramp) {
        const [rx0, ry0] = toScreen(layout.on_ramp.start, w), [rx1, ry1] = toScreen(layout.on_ramp.start + layout.on_ramp.length, 0);
        ctx.fillStyle = "#7d8188"; ctx.fillRect(rx0, ry0, rx1 - rx0, ry1 - ry0);
        // The ramp's approach, drawn as a slanted stub (not simulated before its start).
        ctx.beginPath(); ctx.moveTo(rx0, ry1); ctx.lineTo(...toScreen(layout.on_ramp.start - 120, -25)); ctx.lineTo(...toScreen(layout.on_ramp.start - 120, -25 + w)); ctx.lineTo(rx0, ry0); ctx.fill();
      }
      if (layout.off_ramp !== null && layout.off_ramp !== undefined) {
        const [ox, oy] = toScreen(layout.off_ramp, first * w);
        ctx.strokeStyle = "#7d8188"; ctx.lineWidth = Math.max(1, w * st.scale);
        ctx.beginPath(); ctx.moveTo(ox, oy); ctx.lineTo(...toScreen(layout.off_ramp + 120, first * w - 25)); ctx.stroke();
      }
      ctx.strokeStyle = "#f2f2f2"; ctx.lineWidth = 1; ctx.setLineDash([8, 8]);
      for (let k = first + 1; k < first + layout.lanes; k++) {
        const [a, y] = toScreen(0, k * w), [b] = toScreen(layout.length, k * w);
        ctx.beginPath(); ctx.moveTo(a, y); ctx.lineTo(b, y); ctx.stroke();
      }
      ctx.setLineDash([]);
    }

    function drawRSUs(ctx) {
      for (const r of layout.rsus) {
        const [x, y] = toScreen(r.x, r.y);
        ctx.fillStyle = "rgba(44,111,187,0.06)"; ctx.strokeStyle = "rgba(44,111,187,0.35)"; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.arc(x, y, r.range * st.scale, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
        ctx.fillStyle = "#2c6fbb"; ctx.fillRect(x - 5, y - 5, 10, 10);
        ctx.fillStyle = "#1d2330"; ctx.font = "11px system-ui"; ctx.fillText(`RSU ${r.id}`, x + 7, y + 4);
      }
    }

    // ------------------------------------------------------------ drawing: vehicles
    // Current positions of the vehicles drawn this frame, by id (screen and world).
    let posX = new Float32Array(1024), posY = new Float32Array(1024), posStamp = new Int32Array(1024);
    const ensure = (id) => {
      if (id < posStamp.length) return;
      const n = Math.max(id + 1, posStamp.length * 2);
      const grow = (a, T) => { const b = new T(n); b.set(a); return b; };
      posX = grow(posX, Float32Array); posY = grow(posY, Float32Array); posStamp = grow(posStamp, Int32Array);
    };
    const colourOf = (id, speed) => {
      if (st.colour === "speed") return Math.max(0, Math.min(SPEED_STEPS - 1, Math.round((speed / maxSpeed) * (SPEED_STEPS - 1))));
      const v = vehicles.get(id);
      if (st.colour === "policy") return SPEED_STEPS + Math.max(0, policies.indexOf(v ? v.policy : ""));
      return SPEED_STEPS + (v && v.attacker ? 1 : 0);
    };
    const colourStyle = (c) => c < SPEED_STEPS ? speedColours[c]
      : st.colour === "policy" ? PALETTE[(c - SPEED_STEPS) % PALETTE.length] : (c === SPEED_STEPS ? "#2c6fbb" : "#c0392b");

    // Draws every vehicle of the window at st.t, interpolated between the FCD frames around it.
    function drawVehicles(ctx, win) {
      const t = st.t, times = win.times;
      let i = bisect(times, t) - 1;
      if (i < 0) i = 0;
      const j = Math.min(i + 1, times.length - 1);
      const alpha = j > i && t > times[i] ? Math.min(1, (t - times[i]) / (times[j] - times[i])) : 0;
      const next = alpha > 0 ? frameMap(win, j) : null;
      const stamp = ++st.frames;
      const paths = new Map();
      let drawn = 0;
      const w = vw(), h = vh();
      for (let s = win.offsets[i]; s < win.offsets[i + 1]; s++) {
        const id = win.id[s];
        let x = win.x[s], y = win.y[s], a = win.angle[s], v = win.speed[s];
        if (next) {
          const n = next.get(id);
          if (n === undefined) continue; // left the road before the next sample
          x += (win.x[n] - x) * alpha; y += (win.y[n] - y) * alpha; v += (win.speed[n] - v) * alpha;
          let da = win.angle[n] - a;
          if (da > 180) da -= 360; else if (da < -180) da += 360;
          a += da * alpha;
        }
        ensure(id);
        posX[id] = x; posY[id] = y; posStamp[id] = stamp;
        const [sx, sy] = toScreen(x, y);
        if (sx < -20 || sy < -20 || sx > w + 20 || sy > h + 20) continue;
        drawn++;
        const info = vehicles.get(id);
        const truck = info && info.type === "truck";
        // To scale, but never smaller than 4 × 2 px so that a zoomed-out road still shows every vehicle.
        const half = Math.max(2, ((truck ? 12 : 5) / 2) * st.scale), halfW = Math.max(1, ((truck ? 2.5 : 1.8) / 2) * st.scale);
        const rad = ((a - 90) * Math.PI) / 180, c = Math.cos(rad), sn = Math.sin(rad);
        const key = colourOf(id, v);
        let p = paths.get(key);
        if (!p) { p = new Path2D(); paths.set(key, p); }
        p.moveTo(sx + c * half - sn * halfW, sy + sn * half + c * halfW);
        p.lineTo(sx + c * half + sn * halfW, sy + sn * half - c * halfW);
        p.lineTo(sx - c * half + sn * halfW, sy - sn * half - c * halfW);
        p.lineTo(sx - c * half - sn * halfW, sy - sn * half + c * halfW);
        p.closePath();
      }
      for (const [key, p] of paths) { ctx.fillStyle = colourStyle(key); ctx.fill(p); }
      st.drawn = drawn;
      st.stamp = stamp;
      return i;
    }

    function drawSelection(ctx) {
      const mark = (id, colour, radius) => {
        if (id >= posStamp.length || posStamp[id] !== st.stamp) return;
        const [x, y] = toScreen(posX[id], posY[id]);
        ctx.strokeStyle = colour; ctx.lineWidth = 2;
        ctx.beginPath(); ctx.arc(x, y, radius, 0, 2 * Math.PI); ctx.stroke();
      };
      if (st.selected !== null) mark(st.selected, "#1d2330", 12);
      // Incidents within 2 s of now, at their vehicles.
      for (const inc of ov.incidents.list) {
        if (Math.abs(inc.t - st.t) <= 2) for (const id of inc.vehicles) mark(id, "#c0392b", 16);
      }
    }

    // Broadcasts: lines from each sender to its receivers, coloured by outcome, for messages whose
    // transmission ended in the last 100 ms (or the selected vehicle's, in the last second).
    const MAX_LINES = 2000;
    function drawBroadcasts(ctx, win) {
      st.lines = 0;
      if (st.broadcasts === "none") return;
      const m = win.m, r = win.r;
      const onlySelected = st.broadcasts === "selected";
      if (onlySelected && st.selected === null) return;
      const since = st.t - (onlySelected ? 1 : 0.1);
      const hi = bisect(m.tg, st.t);
      const lo = bisect(m.tg, since - 0.05);
      const groups = { accepted: new Path2D(), unchecked: new Path2D(), rejected: new Path2D(), lost: new Path2D() };
      let lines = 0;
      for (let k = hi - 1; k >= lo && lines < MAX_LINES; k--) {
        if (m.tx1[k] > st.t || m.tx1[k] < since) continue;
        const sender = m.sender[k];
        if (onlySelected && sender !== st.selected) continue;
        if (sender >= posStamp.length || posStamp[sender] !== st.stamp) continue;
        const [sx, sy] = toScreen(posX[sender], posY[sender]);
        for (let q = m.rx[k]; q < m.rx[k + 1] && lines < MAX_LINES; q++) {
          let x, y;
          if (r.kind[q] === 1) {
            const rsu = layout.rsus[r.receiver[q]];
            if (!rsu) continue;
            [x, y] = toScreen(rsu.x, rsu.y);
          } else {
            const id = r.receiver[q];
            if (id >= posStamp.length || posStamp[id] !== st.stamp) continue;
            [x, y] = toScreen(posX[id], posY[id]);
          }
          const g = groups[win.outcomeClass[r.outcome[q]]];
          g.moveTo(sx, sy); g.lineTo(x, y);
          lines++;
        }
      }
      ctx.lineWidth = 1;
      ctx.globalAlpha = onlySelected ? 0.8 : 0.35;
      for (const name of ["lost", "accepted", "unchecked", "rejected"]) { ctx.strokeStyle = OUTCOME_COLOURS[name]; ctx.stroke(groups[name]); }
      ctx.globalAlpha = 1;
      st.lines = lines;
    }

    function drawStrip(win, frame) {
      const w = strip.width / (window.devicePixelRatio || 1), h = strip.height / (window.devicePixelRatio || 1);
      sctx.clearRect(0, 0, w, h);
      sctx.fillStyle = "#9aa0a8";
      sctx.fillRect(0, h / 2 - 6, w, 12);
      const L = layout.length;
      const px = (pos) => (pos / L) * w;
      // The main view's extent, on a highway.
      if (!ring) {
        const [a] = toWorld(0, 0), [b] = toWorld(vw(), 0);
        sctx.strokeStyle = "#1d2330"; sctx.lineWidth = 1.5; sctx.strokeRect(px(a), 2, Math.max(2, px(b) - px(a)), h - 4);
      }
      if (!win) return;
      for (let s = win.offsets[frame]; s < win.offsets[frame + 1]; s++) {
        const pos = ring ? ((Math.atan2(win.y[s], win.x[s]) * R) % L + L) % L : win.x[s];
        const lane = win.lane[s];
        sctx.fillStyle = speedColours[Math.max(0, Math.min(SPEED_STEPS - 1, Math.round((win.speed[s] / maxSpeed) * (SPEED_STEPS - 1))))];
        sctx.fillRect(px(pos) - 1, h / 2 + 4 - (lane / Math.max(1, lanesTotal - 1 || 1)) * 8 - 1, 2, 3);
      }
    }

    // ------------------------------------------------------------ the frame
    let lastWall = null, fpsFrames = 0, fpsSince = null;
    function frame(now) {
      if (lastWall !== null && st.playing) {
        st.t = Math.min(ov.end, st.t + ((now - lastWall) / 1000) * st.speed);
        if (st.t >= ov.end) setPlaying(false);
      }
      lastWall = now;
      render();
      fpsFrames++;
      if (fpsSince === null) fpsSince = now;
      if (now - fpsSince >= 1000) { st.fps = (fpsFrames * 1000) / (now - fpsSince); fpsFrames = 0; fpsSince = now; }
      requestAnimationFrame(frame);
    }

    let inspectDue = 0;
    function render() {
      const win = source.cached(st.t);
      if (!win || st.t < win.from - 1e-9 || st.t > win.to + 1e-9) {
        $("loading").hidden = false;
        source.window(st.t).then((w) => { st.window = w; }).catch((e) => fail(e.message));
      } else {
        $("loading").hidden = true;
      }
      const w = vw(), h = vh();
      vctx.clearRect(0, 0, w, h);
      if (st.follow && st.selected !== null && st.selected < posStamp.length && posStamp[st.selected] === st.stamp) {
        st.cx = posX[st.selected]; st.cy = posY[st.selected];
      }
      drawRoad(vctx);
      drawRSUs(vctx);
      let f = 0;
      if (win && win.times.length) {
        f = drawVehicles(vctx, win);
        drawBroadcasts(vctx, win);
        drawSelection(vctx);
      } else {
        st.drawn = 0;
      }
      drawStrip(win, f);
      $("clock").textContent = `t = ${st.t.toFixed(2)} s`;
      $("scrub").value = String(Math.round(((st.t - ov.start) / Math.max(1e-9, ov.end - ov.start)) * 1000));
      const sampled = win && win.sampledEvery > 1 ? ` (1 in ${win.sampledEvery} messages)` : "";
      $("fps").textContent = `${st.fps.toFixed(0)} fps · ${st.drawn} vehicles · ${st.lines} links${sampled} · frame ${st.frames}`;
      body.dataset.time = st.t.toFixed(3);
      body.dataset.vehicles = String(st.drawn);
      body.dataset.frames = String(st.frames);
      drawDensityCursor();
      const now = performance.now();
      if (win && st.selected !== null && now >= inspectDue) { inspectDue = now + (st.playing ? 500 : 0); inspect(win); }
    }

    // ------------------------------------------------------------ controls
    const setPlaying = (on) => {
      st.playing = on && st.t < ov.end;
      $("play").textContent = st.playing ? "pause" : "play";
    };
    const seek = (t) => { st.t = Math.max(ov.start, Math.min(ov.end, t)); inspectDue = 0; };
    $("play").onclick = () => setPlaying(!st.playing);
    $("speed").onchange = (e) => { st.speed = Number(e.target.value); };
    $("colour").onchange = (e) => { st.colour = e.target.value; legend(); };
    $("broadcasts").onchange = (e) => { st.broadcasts = e.target.value; };
    $("fit").onclick = () => { st.follow = false; fit(); };
    $("follow").onclick = () => { st.follow = !st.follow; $("follow").classList.toggle("on", st.follow); };
    $("scrub").oninput = (e) => seek(ov.start + (Number(e.target.value) / 1000) * (ov.end - ov.start));
    window.addEventListener("keydown", (e) => { if (e.code === "Space" && e.target === body) { e.preventDefault(); setPlaying(!st.playing); } });
    let drag = null;
    view.addEventListener("mousedown", (e) => { drag = { x: e.offsetX, y: e.offsetY, cx: st.cx, cy: st.cy, moved: false }; });
    window.addEventListener("mouseup", (e) => {
      if (drag && !drag.moved && e.target === view) pick(e.offsetX, e.offsetY);
      drag = null;
    });
    view.addEventListener("mousemove", (e) => {
      if (!drag) return;
      const dx = e.offsetX - drag.x, dy = e.offsetY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      st.cx = drag.cx - dx / st.scale; st.cy = drag.cy + dy / st.scale; st.follow = false;
    });
    view.addEventListener("wheel", (e) => {
      e.preventDefault();
      const [wx, wy] = toWorld(e.offsetX, e.offsetY);
      st.scale = Math.max(0.02, Math.min(80, st.scale * Math.exp(-e.deltaY / 400)));
      const [nx, ny] = toWorld(e.offsetX, e.offsetY);
      st.cx += wx - nx; st.cy += wy - ny;
    }, { passive: false });
    strip.addEventListener("click", (e) => {
      const L = layout.length, pos = (e.offsetX / strip.getBoundingClientRect().width) * L;
      if (!ring) { st.cx = pos; st.follow = false; }
    });
    function pick(sx, sy) {
      let best = null, bestD = 12 * 12;
      const win = source.cached(st.t);
      if (!win) return;
      const i = Math.max(0, bisect(win.times, st.t) - 1);
      for (let s = win.offsets[i]; s < win.offsets[i + 1]; s++) {
        const id = win.id[s];
        if (id >= posStamp.length || posStamp[id] !== st.stamp) continue;
        const [x, y] = toScreen(posX[id], posY[id]);
        const d = (x - sx) ** 2 + (y - sy) ** 2;
        if (d < bestD) { bestD = d; best = id; }
      }
      select(best);
    }
    const select = (id) => { st.selected = id; st.message = null; inspectDue = 0; source.setVehicle(id); if (id === null) $("inspect").innerHTML = "<p class=hint>Nothing selected.</p>"; };

    function legend() {
      const items = st.colour === "speed"
        ? [[speedColours[0], "stopped"], [speedColours[Math.floor(SPEED_STEPS / 2)], `${(maxSpeed / 2 * 3.6).toFixed(0)} km/h`], [speedColours[SPEED_STEPS - 1], `${(maxSpeed * 3.6).toFixed(0)} km/h`]]
        : st.colour === "policy" ? policies.map((p, i) => [PALETTE[i % PALETTE.length], `policy ${p}`])
        : [["#2c6fbb", "honest"], ["#c0392b", "attacker (ground truth)"]];
      const links = Object.entries(OUTCOME_COLOURS).map(([k, c]) => [c, `link: ${k}`]);
      $("legend").innerHTML = "";
      for (const [c, label] of [...items, ...links, ["#2c6fbb", "RSU and coverage"], ["#c0392b", "incident"]]) {
        const s = document.createElement("span"); s.style.setProperty("--c", c); s.textContent = label; $("legend").appendChild(s);
      }
    }

    // ------------------------------------------------------------ timeline
    function drawTicks() {
      const w = ticks.width / (window.devicePixelRatio || 1), h = ticks.height / (window.devicePixelRatio || 1);
      const x = (t) => ((t - ov.start) / Math.max(1e-9, ov.end - ov.start)) * w;
      tctx.clearRect(0, 0, w, h);
      tctx.strokeStyle = "#2c6fbb"; tctx.lineWidth = 1;
      tctx.beginPath();
      for (const t of ov.blocks.t_final) { tctx.moveTo(x(t), 2); tctx.lineTo(x(t), 10); }
      tctx.stroke();
      tctx.fillStyle = "#5a6478"; tctx.font = "10px system-ui";
      tctx.fillText(`${ov.blocks.count} blocks final`, 4, 22);
      const box = $("markers");
      box.innerHTML = "";
      ov.incidents.list.forEach((inc, n) => {
        const b = document.createElement("button");
        b.textContent = "!"; b.title = `#${n} ${inc.kind} at ${inc.t.toFixed(2)} s, vehicles ${inc.vehicles.join(", ")}`;
        b.style.left = `${(x(inc.t) / w) * 100}%`;
        b.onclick = () => jumpToIncident(n);
        box.appendChild(b);
      });
    }
    const jumpToIncident = (n) => {
      const inc = ov.incidents.list[n];
      setPlaying(false); seek(inc.t - 1); select(inc.vehicles[0]);
      const win = source.cached(st.t);
      if (win && !ring) { st.cx = posX[inc.vehicles[0]] || st.cx; }
      st.follow = true;
    };

    // ------------------------------------------------------------ inspect
    function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }
    const fmt = (v, d) => (v === null || v === undefined || Number.isNaN(v) ? "—" : Number(v).toFixed(d));
    function truthAt(win, id, t) {
      const i = Math.max(0, bisect(win.times, t) - 1);
      const s = frameMap(win, i).get(id);
      return s === undefined ? null : { x: win.x[s], y: win.y[s], speed: win.speed[s] };
    }

    function inspect(win) {
      if (st.message !== null) return inspectMessage(win, st.message);
      const id = st.selected, info = vehicles.get(id) || {};
      const m = win.m, r = win.r, t = st.t;
      const hi = bisect(m.tg, t), lo = bisect(m.tg, t - 1);
      const sent = [], heard = [], latest = new Map();
      // Messages of the last second: what this vehicle sent, what it heard, and for its neighbour
      // table the latest accepted claim of each sender.
      for (let k = lo; k < hi; k++) {
        if (m.sender[k] === id) sent.push(k);
        for (let q = m.rx[k]; q < m.rx[k + 1]; q++) {
          if (r.kind[q] !== 0 || r.receiver[q] !== id) continue;
          const tr = m.tg[k] + r.delay[q] / 1e6;
          if (tr > t) continue;
          heard.push([k, q]);
          const cls = win.outcomeClass[r.outcome[q]];
          if ((cls === "accepted" || cls === "unchecked") && m.type[k] === win.labels.type.indexOf("cam") && t - m.tg[k] <= 1) latest.set(m.sender[k], k);
        }
      }
      const me = truthAt(win, id, t);
      const rows = [...latest.entries()].map(([sender, k]) => {
        const truth = truthAt(win, sender, m.tg[k]);
        const err = truth ? Math.hypot(m.cx[k] - truth.x, m.cy[k] - truth.y) : NaN;
        const dist = me ? Math.hypot(m.cx[k] - me.x, m.cy[k] - me.y) : NaN;
        return { sender, k, truth, err, dist };
      }).sort((a, b) => a.dist - b.dist).slice(0, 40);
      const truthBox = info.attacker
        ? `<div class="truth"><b>Ground truth (not known to receivers):</b> attacker, ${esc(info.attacker)}</div>`
        : `<div class="truth"><b>Ground truth (not known to receivers):</b> honest</div>`;
      let html = `<h3>Vehicle ${id}</h3>
        <table><tr><td>type</td><td>${esc(info.type || "?")}</td></tr>
        <tr><td>policy</td><td>${esc(info.policy || "?")}</td></tr>
        <tr><td>model digest</td><td><code>${esc(info.model || "none registered")}</code></td></tr>
        <tr><td>now</td><td>${me ? `x ${fmt(me.x, 1)} m, y ${fmt(me.y, 1)} m, ${fmt(me.speed * 3.6, 1)} km/h` : "not on the road"}</td></tr></table>
        ${truthBox}
        <h3>Sent in the last second (${sent.length})</h3><table><tr><th>msg</th><th>type</th><th>t</th><th>receivers</th><th>accepted</th></tr>`;
      for (const k of sent.slice(-12)) {
        let acc = 0;
        for (let q = m.rx[k]; q < m.rx[k + 1]; q++) if (win.outcomeClass[r.outcome[q]] === "accepted") acc++;
        html += `<tr><td><a data-msg="${k}">${m.id[k]}</a></td><td>${win.labels.type[m.type[k]]}</td><td>${fmt(m.tg[k], 3)}</td><td>${m.rx[k + 1] - m.rx[k]}</td><td>${acc}</td></tr>`;
      }
      html += `</table><h3>Heard in the last second (${heard.length})</h3><table><tr><th>msg</th><th>from</th><th>outcome</th><th>latency ms</th></tr>`;
      for (const [k, q] of heard.slice(-15)) {
        html += `<tr><td><a data-msg="${k}">${m.id[k]}</a></td><td>${m.sender[k]}</td><td>${esc(win.labels.outcome[r.outcome[q]])}</td><td>${r.latency[q] >= 0 ? fmt(r.latency[q] / 1000, 3) : "—"}</td></tr>`;
      }
      html += `</table><h3>Neighbour table: believed vs truth (${latest.size})</h3>
        <p class="hint">Believed: the latest accepted CAM of each sender in the last second. Truth: where the sender really was when it generated it (FCD).</p>
        <table><tr><th>sender</th><th>age s</th><th>believed x, y</th><th>true x, y</th><th>error m</th></tr>`;
      for (const row of rows) {
        const k = row.k;
        html += `<tr><td>${row.sender}${vehicles.get(row.sender) && vehicles.get(row.sender).attacker ? " ⚠" : ""}</td><td>${fmt(t - m.tg[k], 2)}</td>
          <td>${fmt(m.cx[k], 1)}, ${fmt(m.cy[k], 1)}</td><td>${row.truth ? `${fmt(row.truth.x, 1)}, ${fmt(row.truth.y, 1)}` : "—"}</td><td>${fmt(row.err, 1)}</td></tr>`;
      }
      html += "</table>";
      $("inspect").innerHTML = html;
      $("inspect").dataset.vehicle = String(id);
      $("inspect").dataset.neighbours = String(latest.size);
      for (const a of $("inspect").querySelectorAll("a[data-msg]")) a.onclick = () => { st.message = Number(a.dataset.msg); inspectDue = 0; inspect(win); };
    }

    function inspectMessage(win, k) {
      const m = win.m, r = win.r, L = win.labels;
      const attacker = m.attacker[k] >= 0 ? L.attacker[m.attacker[k]] : null;
      let html = `<p><a id="back">← vehicle ${st.selected}</a></p><h3>Message ${m.id[k]}</h3><table>
        <tr><td>type</td><td>${L.type[m.type[k]]}</td></tr><tr><td>sender (vehicle)</td><td>${m.sender[k]}</td></tr>
        <tr><td>signer</td><td>${m.signer[k] >= 0 ? L.signer[m.signer[k]] : "undecodable"} <code>${esc(L.pseudonym[m.pseudonym[k]])}</code></td></tr>
        <tr><td>generated</td><td>${fmt(m.tg[k], 6)} s</td></tr><tr><td>signed</td><td>${fmt(m.ts[k], 6)} s</td></tr>
        <tr><td>on air</td><td>${fmt(m.tx0[k], 6)} – ${fmt(m.tx1[k], 6)} s</td></tr><tr><td>size</td><td>${m.size[k]} B</td></tr>
        <tr><td>claims</td><td>x ${fmt(m.cx[k], 2)}, y ${fmt(m.cy[k], 2)}, ${fmt(m.cv[k], 2)} m/s, heading ${fmt(m.ch[k], 1)}°</td></tr></table>
        <div class="truth"><b>Ground truth (not known to receivers):</b> ${attacker ? `sent by an attacker: ${esc(attacker)}` : "honest message"}</div>
        <h3>At each receiver (${m.rx[k + 1] - m.rx[k]})</h3><table><tr><th>receiver</th><th>m</th><th>outcome</th><th>latency ms</th><th>acted</th></tr>`;
      for (let q = m.rx[k]; q < m.rx[k + 1]; q++) {
        html += `<tr><td>${L.receiver_kind[r.kind[q]]} ${r.receiver[q]}</td><td>${fmt(r.distance[q], 0)}</td><td>${esc(L.outcome[r.outcome[q]])}</td>
          <td>${r.latency[q] >= 0 ? fmt(r.latency[q] / 1000, 3) : "—"}</td><td>${r.acted[q] ? "yes" : ""}</td></tr>`;
      }
      $("inspect").innerHTML = html + "</table>";
      $("inspect").dataset.message = String(m.id[k]);
      $("back").onclick = () => { st.message = null; inspectDue = 0; };
    }

    // ------------------------------------------------------------ cards and charts
    const num = (k) => Number(meta[k] || 0);
    const cards = [
      ["vehicles", num("summary.vehicles")], ["RSUs", num("summary.rsus")], ["messages sent", num("summary.messages_sent")],
      ["received by vehicles", num("summary.vehicle_receptions")], ["accepted", num("summary.accepted")],
      ["rejected", num("summary.rejected")], ["unchecked", num("summary.unchecked")],
      ...[50, 95, 99].map((p) => [`latency p${p}`, meta[`summary.latency_p${p}_ms`] !== undefined ? `${meta[`summary.latency_p${p}_ms`]} ms` : "n/a"]),
      ["blocks final", num("summary.blocks_final")], ["incidents", ov.incidents.count],
    ];
    for (const [label, value] of cards) {
      const card = document.createElement("div");
      card.className = "card"; card.dataset.label = label;
      card.innerHTML = `<div class="value"></div><div class="label"></div>`;
      card.querySelector(".value").textContent = typeof value === "number" ? value.toLocaleString("en") : value;
      card.querySelector(".label").textContent = label;
      $("cards").appendChild(card);
    }

    Chart.defaults.animation = false;
    const charts = [];
    const cdfData = (edges, cdf) => edges.map((x, i) => ({ x, y: cdf[i] }));
    const logX = { type: "logarithmic", title: { display: true, text: "latency [ms]" } };
    const ch = ov.charts;
    charts.push(new Chart($("latency"), {
      type: "line",
      data: { datasets: Object.entries(ch.latency_cdf.stages).filter(([, s]) => s.count > 0).map(([name, s], i) => ({
        label: name, data: cdfData(ch.latency_cdf.edges_ms, s.cdf), borderColor: PALETTE[i % PALETTE.length], pointRadius: 0, borderWidth: 2 })) },
      options: { parsing: false, scales: { x: logX, y: { min: 0, max: 1, title: { display: true, text: "fraction ≤ x" } } } },
    }));
    // Delivery ratio: the simulator's exact bins from the summary when present, else from the receptions.
    const pdrKeys = Object.keys(meta).filter((k) => k.startsWith("summary.radio.pdr.") && meta[k] !== "")
      .map((k) => [Number(k.slice(18)), Number(meta[k])]).sort((a, b) => a[0] - b[0]);
    const pdrSets = [];
    if (pdrKeys.length) pdrSets.push({ label: "PDR (run summary)", data: pdrKeys.map(([d, v]) => ({ x: d, y: v })), borderColor: "#2c6fbb" });
    if (ch.pdr.losses_recorded) {
      pdrSets.push({ label: "PDR (trace receptions)", data: ch.pdr.received.map((n, i) => ({ x: i * ch.pdr.bin_m, y: n + ch.pdr.lost[i] ? n / (n + ch.pdr.lost[i]) : null })).filter((p) => p.y !== null), borderColor: "#27ae60" });
    }
    if (!pdrSets.length) {
      pdrSets.push({ label: "receptions per 25 m (losses not traced)", data: ch.pdr.received.map((n, i) => ({ x: i * ch.pdr.bin_m, y: n })), borderColor: "#7f8c8d" });
    }
    charts.push(new Chart($("pdr"), {
      type: "line", data: { datasets: pdrSets.map((d) => ({ ...d, pointRadius: 2, borderWidth: 2 })) },
      options: { parsing: false, scales: { x: { type: "linear", title: { display: true, text: "distance [m]" } }, y: { beginAtZero: true } } },
    }));
    charts.push(new Chart($("cbr"), {
      type: "line",
      data: { datasets: Object.entries(ch.cbr.rsus).map(([rsu, values], i) => ({
        label: `RSU ${rsu}`, data: values.map((v, k) => ({ x: k * ch.cbr.interval_s, y: v })), borderColor: PALETTE[i % PALETTE.length], pointRadius: 0, borderWidth: 1 })) },
      options: { parsing: false, scales: { x: { type: "linear", title: { display: true, text: "time [s]" } }, y: { min: 0, title: { display: true, text: "busy ratio" } } } },
    }));
    charts.push(new Chart($("anchoring"), {
      type: "line",
      data: { datasets: [{ label: `anchored digests (${ch.anchoring.count})`, data: cdfData(ch.anchoring.edges_ms, ch.anchoring.cdf), borderColor: "#8e44ad", pointRadius: 0, borderWidth: 2 }] },
      options: { parsing: false, scales: { x: logX, y: { min: 0, max: 1 } } },
    }));
    // Detections per attack type, when the run had attackers: P, R, F1 from the summary's counts.
    const detections = Object.keys(meta).filter((k) => k.startsWith("summary.detection.") && /tp=/.test(meta[k])).map((k) => {
      const get = (f) => Number((meta[k].match(new RegExp(`${f}=(\\d+)`)) || [0, 0])[1]);
      const tp = get("tp"), fp = get("fp"), fn = get("fn");
      const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
      return { name: k.slice(18), p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
    });
    const hadAttackers = Object.keys(meta).some((k) => k.startsWith("summary.attack."));
    if (hadAttackers && detections.length) {
      $("detections-figure").hidden = false;
      charts.push(new Chart($("detections"), {
        type: "bar",
        data: { labels: detections.map((d) => d.name), datasets: [
          { label: "precision", data: detections.map((d) => d.p), backgroundColor: "#2c6fbb" },
          { label: "recall", data: detections.map((d) => d.r), backgroundColor: "#27ae60" },
          { label: "F1", data: detections.map((d) => d.f1), backgroundColor: "#8e44ad" }] },
        options: { scales: { y: { min: 0, max: 1 } } },
      }));
    }

    // ------------------------------------------------------------ space-time density image
    const dens = ov.density, dcanvas = $("density"), dctx = dcanvas.getContext("2d");
    const image = document.createElement("canvas");
    image.width = dens.time_bins; image.height = dens.position_bins;
    const ictx = image.getContext("2d"), pixels = ictx.createImageData(dens.time_bins, dens.position_bins);
    for (let row = 0; row < dens.position_bins; row++) {
      for (let col = 0; col < dens.time_bins; col++) {
        const v = dens.mean_speed[row * dens.time_bins + col];
        const p = ((dens.position_bins - 1 - row) * dens.time_bins + col) * 4; // position grows upwards
        if (v === null) { pixels.data[p + 3] = 0; continue; }
        const hue = (120 * Math.max(0, Math.min(1, v / maxSpeed))) / 360;
        const [rr, gg, bb] = hsl(hue, 0.75, 0.42);
        pixels.data[p] = rr; pixels.data[p + 1] = gg; pixels.data[p + 2] = bb; pixels.data[p + 3] = 255;
      }
    }
    ictx.putImageData(pixels, 0, 0);
    const densityBox = () => {
      const r = dcanvas.getBoundingClientRect();
      return { w: r.width, h: r.height, left: 50, right: 10, top: 8, bottom: 28 };
    };
    function drawDensity() {
      const dpr = window.devicePixelRatio || 1, b = densityBox();
      if (dcanvas.width !== Math.round(b.w * dpr)) { dcanvas.width = Math.round(b.w * dpr); dcanvas.height = Math.round(b.h * dpr); }
      dctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      dctx.clearRect(0, 0, b.w, b.h);
      dctx.imageSmoothingEnabled = false;
      const pw = b.w - b.left - b.right, ph = b.h - b.top - b.bottom;
      dctx.fillStyle = "#f0f0f0"; dctx.fillRect(b.left, b.top, pw, ph);
      dctx.drawImage(image, b.left, b.top, pw, ph);
      dctx.fillStyle = "#39425a"; dctx.font = "11px system-ui";
      for (let k = 0; k <= 5; k++) {
        const t = dens.t0 + ((dens.t1 - dens.t0) * k) / 5;
        dctx.fillText(`${t.toFixed(0)} s`, b.left + (pw * k) / 5 - 10, b.h - 10);
        const pos = (dens.length_m * k) / 5;
        dctx.fillText(`${pos.toFixed(0)} m`, 2, b.top + ph - (ph * k) / 5 + 4);
      }
      const x = b.left + ((st.t - dens.t0) / Math.max(1e-9, dens.t1 - dens.t0)) * pw;
      dctx.strokeStyle = "#1d2330"; dctx.lineWidth = 1.5; dctx.beginPath(); dctx.moveTo(x, b.top); dctx.lineTo(x, b.top + ph); dctx.stroke();
    }
    // The density image's time cursor, redrawn at most 4 times a second while playing.
    let densityDrawnAt = -1, densityWall = 0;
    function drawDensityCursor() {
      const now = performance.now();
      if (densityDrawnAt >= 0 && (densityDrawnAt === st.t || (st.playing && now - densityWall < 250))) return;
      densityDrawnAt = st.t; densityWall = now;
      drawDensity();
    }
    dcanvas.addEventListener("click", (e) => {
      const b = densityBox();
      seek(dens.t0 + ((e.offsetX - b.left) / (b.w - b.left - b.right)) * (dens.t1 - dens.t0));
    });

    // ------------------------------------------------------------ incidents table
    const tbody = document.querySelector("#incidents tbody");
    if (!ov.incidents.list.length) tbody.innerHTML = "<tr><td colspan=6>none</td></tr>";
    ov.incidents.list.forEach((inc, n) => {
      const row = document.createElement("tr");
      for (const v of [n, inc.t.toFixed(3), inc.kind, inc.vehicles.join(", "), inc.value, inc.detail]) {
        const c = document.createElement("td"); c.textContent = String(v); row.appendChild(c);
      }
      row.style.cursor = "pointer"; row.onclick = () => jumpToIncident(n);
      tbody.appendChild(row);
    });
    if (ov.incidents.count > ov.incidents.list.length) {
      tbody.insertAdjacentHTML("beforeend", `<tr><td colspan=6>… ${ov.incidents.count - ov.incidents.list.length} more (see \`v2vsim incidents\`)</td></tr>`);
    }

    // ------------------------------------------------------------ go
    window.addEventListener("resize", () => { resize(); densityDrawnAt = -1; });
    resize();
    home();
    legend();
    if (focus.length) { select(focus[0]); st.follow = true; }
    source.window(st.t).then(() => {
      render();
      body.dataset.charts = String(charts.length);
      body.dataset.density = "true";
      body.dataset.ready = "true";
      if (/[#&]play/.test(location.hash)) setPlaying(true);
      requestAnimationFrame(frame);
    }).catch((e) => fail(`Cannot load the window at ${st.t} s: ${e.message}`));

    // State and controls for tests and scripts (docs/visualizer.md).
    window.v2v = {
      state: () => ({ ready: body.dataset.ready, t: st.t, playing: st.playing, speed: st.speed, frames: st.frames, fps: st.fps,
        vehiclesDrawn: st.drawn, links: st.lines, charts: charts.length, selected: st.selected, errors: errors.slice(),
        inspect: { ...$("inspect").dataset } }),
      seek, play: () => setPlaying(true), pause: () => setPlaying(false), fit, jumpToIncident,
      // Selects a vehicle and keeps it in view (as after clicking it and pressing "follow").
      select: (id) => { select(id); st.follow = id !== null; },
      setSpeed: (s) => { st.speed = s; $("speed").value = String(s); },
      setBroadcasts: (b) => { st.broadcasts = b; $("broadcasts").value = b; },
      // Draws one frame now (the test's clock does not wait for requestAnimationFrame).
      render,
      // Vehicles with an FCD sample at exactly t in the loaded window (the trace's count).
      vehiclesAt: (t) => {
        const win = source.cached(t);
        if (!win) return null;
        const i = bisect(win.times, t + 1e-6) - 1;
        return i >= 0 && Math.abs(win.times[i] - t) < 1e-6 ? win.offsets[i + 1] - win.offsets[i] : null;
      },
      loaded: (t) => source.window(t).then(() => true),
    };
  }

  // ---------------------------------------------------------------- helpers
  // First index whose value is > v (values ascending).
  function bisect(a, v) {
    let lo = 0, hi = a.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function hsl(h, s, l) {
    const f = (n) => { const k = (n + h * 12) % 12, a = s * Math.min(l, 1 - l); return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)))); };
    return [f(0), f(8), f(4)];
  }
})();
