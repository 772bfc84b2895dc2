/* alsbook explorer panel: looks precomputed states up and redraws. It holds no model logic.
 *
 * Each panel (div.als-explorer[data-als-explorer=ID]) reads window.ALSBOOK[ID], written at build
 * time by alsbook from the same declaration that drives the live widgets. A state is the index of
 * the chosen options (first control slowest); its entry holds integer-coded slot values (in the
 * order of spec.slots, whose entries name them and the uid of the trace they go into) and a
 * summary written by Python. Traces and slots are found by name, never by position. The URL hash records the choices ("#ID=v1.v2...") so a scenario can
 * be shared; a hash that does not name valid options is ignored and never written into the page.
 */
(function () {
  "use strict";

  /* No mode bar: it covered the legend on a phone and added tab stops to every figure. */
  var PLOT_CONFIG = { displaylogo: false, responsive: true, displayModeBar: false };
  /* A narrow (phone) panel is this much taller than a wide one, so that short names fit between rows. */
  var NARROW_HEIGHT = 1.35;

  /* Whether a panel draws its phone-width diagram: a network diagram (one with a node table) in a
     panel narrower than its full labels need. */
  function isNarrow(root, spec) {
    return Boolean(spec.table) && root.clientWidth < 560;
  }

  /* The figure's height in a panel of this width. */
  function figureHeight(root, spec) {
    return Math.round(spec.figure.layout.height * (isNarrow(root, spec) ? NARROW_HEIGHT : 1));
  }
  /* Plotly.animate with neither a transition nor a full redraw: only the given traces are drawn again. */
  var ANIMATE = { mode: "immediate", transition: { duration: 0 }, frame: { duration: 0, redraw: false } };

  function setPath(obj, path, value) {
    var parts = path.split(".");
    for (var i = 0; i < parts.length - 1; i++) {
      if (typeof obj[parts[i]] !== "object" || obj[parts[i]] === null) obj[parts[i]] = {};
      obj = obj[parts[i]];
    }
    obj[parts[parts.length - 1]] = value;
  }

  function getPath(obj, path) {
    var parts = path.split(".");
    for (var i = 0; i < parts.length && obj !== undefined && obj !== null; i++) obj = obj[parts[i]];
    return obj;
  }

  function decode(ints, scale) {
    var out = new Array(ints.length);
    for (var i = 0; i < ints.length; i++) out[i] = ints[i] / scale;
    return out;
  }

  function levelWord(levels, v) {
    for (var i = 0; i < levels.length; i++) if (v < levels[i][0]) return levels[i][1];
    return levels[levels.length - 1][1];
  }

  /* "#rrggbb" or "rgb(r, g, b)" as [r, g, b]. */
  function hexRgb(colour) {
    if (colour.charAt(0) !== "#") return colour.match(/[\d.]+/g).slice(0, 3).map(Number);
    var n = parseInt(colour.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  /* Colour of an activity on the figure's own colour scale (linear between its stops, as Plotly). */
  function colourAt(scale, v) {
    v = Math.max(0, Math.min(1, v));
    for (var i = 1; i < scale.length; i++) {
      if (v <= scale[i][0]) {
        var t = (v - scale[i - 1][0]) / (scale[i][0] - scale[i - 1][0]);
        var a = hexRgb(scale[i - 1][1]), b = hexRgb(scale[i][1]);
        return "rgb(" + a.map(function (c, k) { return Math.round(c + (b[k] - c) * t); }).join(",") + ")";
      }
    }
    return scale[scale.length - 1][1];
  }

  function readHash(id) {
    var raw = window.location.hash.replace(/^#/, "");
    if (!raw || raw.length > 2000) return null;
    var pairs = raw.split("&");
    for (var i = 0; i < pairs.length; i++) {
      var kv = pairs[i].split("=");
      if (kv.length === 2 && kv[0] === id) return kv[1].split(".");
    }
    return null;
  }

  function writeHash(id, values) {
    var raw = window.location.hash.replace(/^#/, "");
    var kept = raw ? raw.split("&").filter(function (p) { return p.split("=")[0] !== id; }) : [];
    kept.push(id + "=" + values.join("."));
    try {
      history.replaceState(null, "", "#" + kept.join("&"));
    } catch (e) { /* file:// in some browsers: sharing by URL is then unavailable */ }
  }

  function Panel(root, spec) {
    this.root = root;
    this.spec = spec;
    this.figure = root.querySelector(".als-figure");
    this.summary = root.querySelector(".als-summary");
    this.cells = root.querySelectorAll(".als-table tbody td");
    this.data = JSON.parse(JSON.stringify(spec.figure.data));
    this.layout = JSON.parse(JSON.stringify(spec.figure.layout));
    this.slotIndex = {};
    for (var i = 0; i < spec.slots.length; i++) this.slotIndex[spec.slots[i].name] = i;
    /* A split table's parts sit next to its main script: find that folder (relative, so that
       file:// works too). */
    var main = document.querySelector('script[src*="' + spec.id + '.js"]');
    this.base = main ? main.getAttribute("src").replace(/[^\/]*$/, "") : "";
    this.loading = {};
  }

  /* The precomputed state with this index, or null while its part of a split table loads (then
     is called once it has arrived). */
  Panel.prototype.state = function (idx, then) {
    var parts = this.spec.parts;
    if (!parts) return this.spec.states[idx];
    var k = Math.floor(idx / parts.size), table = window.ALSBOOK[this.spec.id + "." + k];
    if (table) return table[idx - k * parts.size];
    if (this.loading[k]) { this.loading[k].push(then); return null; }
    var self = this, script = document.createElement("script");
    this.loading[k] = [then];
    script.src = this.base + this.spec.id + "." + k + ".js";
    script.onload = function () {
      var waiting = self.loading[k];
      delete self.loading[k];
      waiting.forEach(function (f) { f(); });
    };
    script.onerror = function () { self.root.classList.add("als-missing"); };
    document.head.appendChild(script);
    return null;
  };

  /* The trace with this uid (the payload names its traces). */
  Panel.prototype.trace = function (uid) {
    for (var i = 0; i < this.data.length; i++) if (this.data[i].uid === uid) return this.data[i];
    throw new Error("alsbook: no trace " + uid + " in " + this.spec.id);
  };

  /* The decoded values of a named slot in a state; a slot that changes with the month (frames > 0)
     gives the part drawn at the month of the time control. */
  Panel.prototype.values = function (state, name) {
    var i = this.slotIndex[name], slot = this.spec.slots[i], all = decode(state.v[i], slot.scale);
    if (!slot.frames) return all;
    var size = all.length / slot.frames;
    return all.slice(this.frame * size, (this.frame + 1) * size);
  };

  /* The month of the time control, written on the figure (annotation and lines), the control and
     the table's caption. */
  Panel.prototype.showMonth = function () {
    var time = this.spec.time;
    if (!time) return;
    var month = time.months[this.frame], label = time.label.replace("{month}", month);
    (this.layout.annotations || []).forEach(function (a) { if (a.name === "month") a.text = label; });
    (this.layout.shapes || []).forEach(function (l) { if (l.name === "month") { l.x0 = month; l.x1 = month; } });
    var slider = this.root.querySelector(".als-month"), out = this.root.querySelector(".als-month-out");
    var caption = this.root.querySelector(".als-month-caption");
    if (slider) { slider.value = String(this.frame); slider.setAttribute("aria-valuetext", "month " + month); }
    if (out) out.textContent = "month " + month;
    if (caption) caption.textContent = "month " + month;
    this.root.setAttribute("data-frame", String(this.frame));
  };

  /* Play: step through the months from the one shown to the end (or from the start at the end). */
  Panel.prototype.play = function () {
    var self = this, button = this.root.querySelector(".als-play"), last = this.spec.time.months.length - 1;
    if (this.timer) { clearInterval(this.timer); this.timer = null; button.textContent = "Play"; button.setAttribute("aria-pressed", "false"); return; }
    if (this.frame >= last) this.frame = 0;
    button.textContent = "Pause";
    button.setAttribute("aria-pressed", "true");
    this.timer = setInterval(function () {
      if (self.frame >= last) { self.play(); return; }
      self.frame += 1;
      self.render(true);
    }, 600);
  };

  Panel.prototype.choice = function () {
    var root = this.root;
    return this.spec.controls.map(function (c) {
      var inputs = root.querySelectorAll('input[data-key="' + c.key + '"]');
      if (inputs.length === 1 && inputs[0].type === "checkbox") return inputs[0].checked ? 1 : 0;
      for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) return c.options.indexOf(inputs[i].value);
      return 0;
    });
  };

  Panel.prototype.setChoice = function (choice) {
    var root = this.root;
    this.spec.controls.forEach(function (c, k) {
      var inputs = root.querySelectorAll('input[data-key="' + c.key + '"]');
      if (inputs.length === 1 && inputs[0].type === "checkbox") { inputs[0].checked = choice[k] === 1; return; }
      for (var i = 0; i < inputs.length; i++) inputs[i].checked = inputs[i].value === c.options[choice[k]];
    });
  };

  Panel.prototype.index = function (choice) {
    var idx = 0;
    this.spec.controls.forEach(function (c, k) { idx = idx * c.options.length + choice[k]; });
    return idx;
  };

  /* The state in the URL: one value per control, then "m<month>" when the panel has a time
     control. Returns true if the URL named a valid state for this panel, false if it named none,
     and "invalid" if it named one that cannot be read (the panel then says so and keeps the default). */
  Panel.prototype.fromHash = function () {
    var values = readHash(this.spec.id), time = this.spec.time, frame = this.frame;
    if (!values) return false;
    var pinned = null;
    while (values.length > this.spec.controls.length) {
      var token = String(values.pop());
      if (time && /^m\d+$/.test(token)) {
        frame = time.months.indexOf(Number(token.slice(1)));
        if (frame < 0) return "invalid";
      } else if (Object.keys(this.spec.pins).length && /^p\d+$/.test(token) && Number(token.slice(1)) < this.stateCount()) {
        pinned = Number(token.slice(1));
      } else {
        return "invalid";
      }
    }
    if (values.length !== this.spec.controls.length) return "invalid";
    var choice = [];
    for (var k = 0; k < values.length; k++) {
      var i = this.spec.controls[k].options.indexOf(values[k]);
      if (i < 0) return "invalid";
      choice.push(i);
    }
    this.setChoice(choice);
    this.frame = frame;
    this.linkedPin = pinned;
    return true;
  };

  Panel.prototype.stateCount = function () {
    return this.spec.controls.reduce(function (n, c) { return n * c.options.length; }, 1);
  };

  Panel.prototype.hashValues = function (choice) {
    var spec = this.spec;
    var values = choice.map(function (i, k) { return spec.controls[k].options[i]; });
    if (spec.time) values.push("m" + spec.time.months[this.frame]);
    if (this.pinned !== undefined && this.pinned !== null) values.push("p" + this.pinned);
    return values;
  };

  Panel.prototype.apply = function (state) {
    var self = this;
    this.spec.slots.forEach(function (slot) {
      var values = self.values(state, slot.name);
      setPath(self.trace(slot.trace), slot.path, slot.scalar ? values[0] : values);
    });
  };

  /* Fast path: repaint the boxes' colours, rings and percentages in the SVG Plotly already drew, so
     the diagram changes within the frame. Plotly's own data (hover labels) follows in the slow path,
     which then leaves these painted attributes of the box trace alone (redrawing its text labels is
     most of the cost of a Plotly redraw): a full redraw draws the same precomputed state, and a test
     compares the two. Returns whether every box was painted; if not, the slow path lets Plotly
     redraw the boxes. */
  var PAINTED = ["marker.color", "marker.line.width"];

  Panel.prototype.paint = function (state) {
    var p = this.spec.paint;
    var layer = p && this.figure.querySelector(".subplot.xy .scatterlayer");
    if (!layer) return false;
    /* Plotly binds each trace group to its data; find the node trace by uid, not by position (a
       trace with no points has no group, so positions shift). */
    var trace = null;
    for (var g = 0; g < layer.children.length; g++) {
      var datum = layer.children[g].__data__;
      if (datum && datum[0] && datum[0].trace && datum[0].trace.uid === p.trace) trace = layer.children[g];
    }
    if (!trace) return false;
    var acts = this.values(state, p.slot), widths = null;
    for (var s = 0; s < this.spec.slots.length; s++) {
      var slot = this.spec.slots[s];
      if (slot.trace === p.trace && slot.path === "marker.line.width") widths = this.values(state, slot.name);
    }
    var points = trace.querySelectorAll("path.point"), texts = trace.querySelectorAll("text"), done = 0;
    for (var i = 0; i < acts.length && i < points.length; i++) {
      points[i].style.fill = colourAt(this.scale || p.scale, acts[i]);
      if (widths) points[i].style.strokeWidth = widths[i] + "px";
      var spans = texts[i] ? texts[i].querySelectorAll("tspan") : [];
      for (var k = spans.length - 1; k >= 0; k--) {
        if (/^\d+%$/.test(spans[k].textContent)) { spans[k].textContent = Math.round(acts[i] * 100) + "%"; done++; break; }
      }
    }
    this.root.setAttribute("data-painted", String(this.applied));
    return done === acts.length && points.length === acts.length;
  };

  /* The values a click can change: every slot's attribute and the pinned curves, as (trace, path)
     pairs with the trace's index in the figure. */
  Panel.prototype.changeable = function () {
    if (this.pairs) return this.pairs;
    var self = this, seen = {}, pairs = [];
    var add = function (uid, path) {
      if (seen[uid + " " + path]) return;
      seen[uid + " " + path] = true;
      pairs.push({ uid: uid, path: path, index: self.data.indexOf(self.trace(uid)) });
    };
    this.spec.slots.forEach(function (slot) { add(slot.trace, slot.path); });
    for (var name in this.spec.pins || {}) add(this.spec.pins[name], "y");
    this.pairs = pairs;
    return pairs;
  };

  /* The traces that have points, by subplot, in the figure's order. */
  Panel.prototype.subplots = function () {
    if (this.bySubplot) return this.bySubplot;
    var out = {};
    this.data.forEach(function (t, i) {
      if (!(t.x || []).length) return;
      var key = (t.xaxis || "x") + (t.yaxis || "y");
      (out[key] = out[key] || []).push(i);
    });
    this.bySubplot = out;
    return out;
  };

  /* What Plotly.animate must be given besides the changed traces. Plotly drops the trace layer of a
     subplot with no trace in the frame (the whole diagram, when only curves changed), so such a
     subplot gets one trace, the one with the fewest points (never the box trace, whose text labels
     are costly). And Plotly moves the traces it draws to the end of their subplot's layer, so the
     traces of a subplot it draws are made one unbroken run in the figure's order (the traces
     between the changed ones are drawn again as they are), which keeps what is drawn over what. */
  Panel.prototype.companions = function (traces) {
    var out = [], groups = this.subplots(), data = this.data, paint = this.spec.paint && this.spec.paint.trace;
    Object.keys(groups).forEach(function (key) {
      var run = groups[key], hit = run.filter(function (i) { return traces.indexOf(i) >= 0; });
      if (hit.length) {
        var lo = run.indexOf(hit[0]), hi = run.indexOf(hit[hit.length - 1]);
        run.slice(lo, hi + 1).forEach(function (i) { if (traces.indexOf(i) < 0) out.push(i); });
        return;
      }
      var best = null;
      run.forEach(function (i) {
        if (data[i].uid !== paint && (best === null || data[i].x.length < data[best].x.length)) best = i;
      });
      if (best !== null) out.push(best);
    });
    return out;
  };

  /* A copy of a value as it was handed to Plotly, to compare the next state with. */
  function snapshot(v) { return Array.isArray(v) ? v.slice() : v; }

  function same(a, b) {
    if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /* Full redraw (first draw, a new width, a new month): Plotly.react of the whole figure. */
  Panel.prototype.draw = function () {
    var self = this;
    window.Plotly.react(this.figure, this.data, this.layout, PLOT_CONFIG);
    /* The box colours' scale as plotly.js resolved it (its named scales' stops differ slightly from
       python plotly's, which the payload carries): painted colours are then the ones Plotly draws. */
    var full = this.spec.paint && this.figure._fullData, boxes = full && full[this.data.indexOf(this.trace(this.spec.paint.trace))];
    if (boxes && boxes.marker && Array.isArray(boxes.marker.colorscale)) this.scale = boxes.marker.colorscale;
    this.sent = {};
    this.changeable().forEach(function (p) { self.sent[p.uid + " " + p.path] = snapshot(getPath(self.trace(p.uid), p.path)); });
    this.drawnFrame = this.frame;
    this.full = false;
    this.root.setAttribute("data-drawn", String(this.applied));
    this.root.classList.add("als-ready");
    this.figure.style.minHeight = "";
  };

  /* The slow path after a click, in a task of its own after the frame that shows the painted
     diagram: Plotly.animate, with neither a transition nor a full redraw, of only the traces whose
     values differ from what Plotly last drew (the curves, the cut marks). Plotly then recomputes the
     data of every trace (hover labels included) but redraws only those traces, not the axes, the
     labels, the box trace's text or the other traces: a Plotly.react of the whole figure did all of
     that in one task (40-70 ms on a desktop, 300 ms on a phone). A new month moves the month line
     and label (layout), which needs the full redraw. A step looks at the newest state and starts
     again until nothing is left, so rapid clicks are coalesced and no Plotly call is cut short by
     another; data-drawn is written when nothing is left to draw. */
  Panel.prototype.schedule = function () {
    if (this.busy) return;  /* the running sequence reaches the newest state by itself */
    var self = this;
    this.busy = true;
    window.requestAnimationFrame(function () { setTimeout(function () { self.step(); }, 0); });
  };

  Panel.prototype.step = function () {
    /* Plotly resolves its promise in a task of its own after drawing: go on from there at once. */
    var self = this, next = function () { self.step(); };
    if (this.full || this.drawnFrame !== this.frame || !this.sent) {
      this.draw();
      this.busy = false;
      return;
    }
    var traces = [], updates = [], sent = {}, painted = false;
    var paintTrace = this.spec.paint && this.paintedState === this.applied ? this.spec.paint.trace : null;
    this.changeable().forEach(function (p) {
      var key = p.uid + " " + p.path, value = getPath(self.trace(p.uid), p.path);
      if (same(value, self.sent[key])) return;
      if (p.uid === paintTrace && PAINTED.indexOf(p.path) >= 0) {
        painted = true;  /* already in the SVG: Plotly only needs the data (below) */
        sent[key] = snapshot(value);
        return;
      }
      var k = traces.indexOf(p.index);
      if (k < 0) { traces.push(p.index); updates.push({}); k = traces.length - 1; }
      setPath(updates[k], p.path, value);
      sent[key] = snapshot(value);
    });
    for (var key in sent) this.sent[key] = sent[key];
    if (!traces.length && !painted) {
      this.busy = false;
      this.root.setAttribute("data-drawn", String(this.applied));
      return;
    }
    this.companions(traces).forEach(function (index) { traces.push(index); updates.push({}); });
    /* With no trace to draw, Plotly.animate still recomputes every trace's data from the figure
       (so hover labels show the painted values) and draws nothing. */
    window.Plotly.animate(this.figure, { data: updates, traces: traces }, ANIMATE).then(next, next);
  };

  /* The scenario in words (the chosen option of each control, and the month), for the printed
     caption under the figure. */
  Panel.prototype.describe = function () {
    var root = this.root, parts = [];
    this.spec.controls.forEach(function (c) {
      var inputs = root.querySelectorAll('input[data-key="' + c.key + '"]');
      for (var i = 0; i < inputs.length; i++) {
        var label = inputs[i].closest("label"), group = inputs[i].closest("fieldset");
        var legend = group ? group.querySelector("legend") : null;
        if (inputs[i].type === "checkbox" && inputs[i].checked) parts.push(label.textContent.trim());
        if (inputs[i].type === "radio" && inputs[i].checked && legend) parts.push(legend.textContent.trim() + ": " + label.textContent.trim());
      }
    });
    if (this.spec.time) parts.push("month " + this.spec.time.months[this.frame]);
    return "Scenario shown: " + parts.join("; ") + ".";
  };

  /* The current course as CSV (month, UMN and LMN surviving, ALSFRS-R), the values the curves draw. */
  Panel.prototype.csv = function (state) {
    var slots = this.spec.slots.filter(function (s) { return s.trace.indexOf("current:") === 0; });
    var self = this, columns = slots.map(function (s) { return self.values(state, s.name); });
    var months = this.trace(slots[0].trace).x;
    var lines = ["month," + slots.map(function (s) { return s.name.replace("current:", ""); }).join(",")];
    for (var i = 0; i < months.length; i++) {
      lines.push(months[i] + "," + columns.map(function (c) { return c[i]; }).join(","));
    }
    return lines.join("\n") + "\n";
  };

  Panel.prototype.render = function (record, now) {
    var self = this, choice = this.choice(), spec = this.spec;
    if (record) writeHash(spec.id, this.hashValues(choice));
    /* data-state names the state asked for at once; data-drawn follows when it has been drawn (a
       split table may first have to load the part that holds it). */
    this.root.setAttribute("data-state", String(this.index(choice)));
    this.root.removeAttribute("data-drawn");
    var state = this.state(this.index(choice), function () { self.render(false, now); });
    if (!state) return;
    this.showMonth();
    this.apply(state);
    this.applied = this.index(choice);
    if (this.summary) this.summary.innerHTML = state.h;  /* text written by the build, never the URL */
    var caption = this.root.querySelector(".als-print-caption"), link = this.root.querySelector(".als-csv");
    if (caption) caption.textContent = this.describe();
    if (link) link.href = "data:text/csv;charset=utf-8," + encodeURIComponent(this.csv(state));
    if (this.spec.table && this.cells.length) {
      var acts = this.values(state, this.spec.paint.slot), levels = this.spec.levels;
      for (var i = 0; i < acts.length; i++) {
        this.cells[2 * i].textContent = Math.round(acts[i] * 100) + "%";
        this.cells[2 * i + 1].textContent = levelWord(levels, acts[i]);
      }
    }
    if (now && !this.busy) { this.draw(); return; }
    if (now) this.full = true;
    this.paintedState = this.paint(state) ? this.applied : null;
    this.schedule();
  };

  /* Pin a state (by index) as the dash-dot comparison curves; the address records it ("p<index>"),
     so a shared or reloaded link shows the same comparison. */
  Panel.prototype.pinState = function (idx) {
    var self = this, pins = this.spec.pins;
    var state = this.state(idx, function () { self.pinState(idx); });
    if (!state) return;
    for (var name in pins) this.trace(pins[name]).y = this.values(state, name);
    this.pinned = idx;
    var note = this.root.querySelector(".als-pinned");
    if (note) note.innerHTML = "Pinned (dash-dot curves): " + state.h;  /* text written by the build */
    this.render(true);
  };

  Panel.prototype.pin = function () { this.pinState(this.index(this.choice())); };

  Panel.prototype.unpin = function () {
    for (var name in this.spec.pins) {
      var trace = this.trace(this.spec.pins[name]);
      trace.y = trace.y.map(function () { return null; });
    }
    this.pinned = null;
    var note = this.root.querySelector(".als-pinned");
    if (note) note.textContent = "";
    this.render(true);
  };

  /* On a phone-width panel the full box labels would overlap: draw each box's short name (from the
     network data, via the payload) in a smaller font, smaller boxes and no colour bar (every box
     prints its percentage; the table under the figure gives the full names). Presentation only;
     the values are unchanged. Chosen again whenever the panel's width crosses the limit (resize,
     rotation). */
  Panel.prototype.fitWidth = function () {
    if (!this.spec.table) return false;
    var narrow = isNarrow(this.root, this.spec);
    if (narrow === this.narrow) return false;
    this.narrow = narrow;
    var paint = this.spec.paint, nodes = this.trace(paint.trace), base = this.spec.figure.layout;
    var wide = this.spec.figure.data.filter(function (t) { return t.uid === paint.trace; })[0];
    nodes.text = narrow ? paint.short : wide.text;
    nodes.texttemplate = narrow ? "%{text}<br>%{marker.color:.0%}" : wide.texttemplate;
    nodes.textfont = Object.assign({}, wide.textfont, narrow ? { size: 9 } : {});
    nodes.marker.size = narrow ? 14 : wide.marker.size;
    nodes.marker.showscale = !narrow;
    this.layout.height = figureHeight(this.root, this.spec);
    var month = (this.layout.annotations || []).filter(function (a) { return a.name === "month"; })[0];
    this.layout.annotations = (base.annotations || []).map(function (a) {
      if (a.name === "month" && month) a = Object.assign({}, a, { text: month.text });
      if (!narrow) return a;
      /* Band names (drawn in data coordinates) one word per line, so "Clinical signs" fits its column. */
      var text = a.xref === "x" ? a.text.replace(/ /g, "<br>") : a.text;
      return Object.assign({}, a, { text: text, font: Object.assign({}, a.font || {}, { size: 9 }) });
    });
    /* The two time-course panels sit side by side on a wide panel and one above the other on a
       narrow one, where side by side their titles overlap. */
    var self = this;
    ["xaxis2", "yaxis2", "xaxis3", "yaxis3"].forEach(function (axis) {
      if (base[axis]) self.layout[axis] = JSON.parse(JSON.stringify(base[axis]));
    });
    if (narrow && base.xaxis2 && base.xaxis3) {
      this.layout.xaxis2.domain = [0, 1];
      this.layout.xaxis3.domain = [0, 1];
      this.layout.yaxis2.domain = [0.19, 0.33];
      this.layout.yaxis3.domain = [0, 0.13];
      this.layout.xaxis2.title = { text: "" };
      this.layout.yaxis2.title = { text: "surviving" };
      this.layout.yaxis3.title = { text: "ALSFRS-R" };
      var row = 0;
      this.layout.annotations = this.layout.annotations.map(function (a) {
        if (!(a.xref === "paper" && a.y === 0.335)) return a;
        return Object.assign({}, a, { x: 0, y: 0.365 - 0.018 * row++ });
      });
    }
    return true;
  };

  Panel.prototype.start = function () {
    var self = this;
    this.frame = this.spec.time ? this.spec.time.default : 0;
    this.fitWidth();
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (self.fitWidth() && self.applied !== undefined) { self.full = true; self.schedule(); }
      }).observe(this.root);
    }
    var linked = this.fromHash();
    if (linked === "invalid") {
      var note = document.createElement("p");
      note.className = "als-link-note";
      note.setAttribute("role", "status");
      note.textContent = "The scenario in this page's address could not be read, so the explorer shows its default scenario.";
      this.root.insertBefore(note, this.root.querySelector(".als-figure"));
    } else if (linked) {
      this.root.scrollIntoView();
    }
    var slider = this.root.querySelector(".als-month"), playButton = this.root.querySelector(".als-play");
    if (slider) slider.addEventListener("input", function () { self.frame = Number(slider.value); self.render(true); });
    if (playButton) playButton.addEventListener("click", function () { self.play(); });
    this.root.addEventListener("change", function (e) {
      if (e.target === slider) return;
      self.render(true);
    });
    var pin = this.root.querySelector(".als-pin"), unpin = this.root.querySelector(".als-unpin");
    if (pin) pin.addEventListener("click", function () { self.pin(); });
    if (unpin) unpin.addEventListener("click", function () { self.unpin(); });
    window.addEventListener("hashchange", function () {
      var found = self.fromHash();
      if (found === true) self.render(false);
      if (found === true && self.linkedPin !== null && self.linkedPin !== self.pinned) self.pinState(self.linkedPin);
      /* A link inside the page (the contents, a footnote) replaced the address: put this panel's
         state back, so that the address still shares what the reader sees. */
      else if (self.applied !== undefined) writeHash(self.spec.id, self.hashValues(self.choice()));
    });
    this.render(false, true);
    if (linked === true && this.linkedPin !== null) this.pinState(this.linkedPin);
  };

  /* A static figure of a chapter: written by the build as JSON next to an empty div. */
  function drawFigure(block) {
    var div = document.getElementById(block.getAttribute("data-als-plot"));
    if (!div || !window.Plotly) return;
    var fig = JSON.parse(block.textContent);
    window.Plotly.newPlot(div, fig.data, fig.layout, PLOT_CONFIG);
  }

  function startPanel(root) {
    var id = root.getAttribute("data-als-explorer");
    var spec = window.ALSBOOK && window.ALSBOOK[id];
    if (!spec || !window.Plotly) {
      root.classList.add("als-missing");
      return;
    }
    new Panel(root, spec).start();
  }

  /* The element a figure or panel takes on the page (a static figure's script sits beside its div). */
  function placeOf(item) {
    return item.tagName === "SCRIPT" ? document.getElementById(item.getAttribute("data-als-plot")) : item;
  }

  /* Until a panel is drawn its figure keeps the height it will have, so that drawing it (perhaps
     above what the reader is looking at) moves nothing on the page; "als-waiting" shows a note
     there (and, in print, says how to get the figure), which a reader without scripts never sees. */
  function reserve(item) {
    var place = placeOf(item);
    if (place) place.classList.add("als-waiting");
    if (item.tagName !== "DIV") return;
    var spec = window.ALSBOOK && window.ALSBOOK[item.getAttribute("data-als-explorer")];
    var figure = item.querySelector(".als-figure");
    if (!spec || !figure) return;
    figure.style.minHeight = figureHeight(item, spec) + "px";
  }

  /* A figure or panel is drawn when it comes within one screen of the viewport, not at page load:
     plotly.js (a 120 ms parse on a desktop, 500 ms on a phone) and each first draw (50-250 ms) then
     never hold up a reader who is still reading the text above, and a page whose figures are all
     further down loads no plotly.js at all. A panel that the page's address names starts at once
     (it scrolls itself into view); printing draws whatever is left, if plotly.js has loaded.
     Started items are drawn in page order, each in a task of its own. */
  function init() {
    var items = Array.prototype.slice.call(
      document.querySelectorAll("script[data-als-plot], div.als-explorer[data-als-explorer]"));
    if (!items.length) return;
    items.forEach(reserve);
    var queue = [], running = false, observer = null;
    var run = function () {
      var item = queue.shift();
      if (!item) { running = false; return; }
      if (item.tagName === "SCRIPT") drawFigure(item); else startPanel(item);
      setTimeout(run, 0);
    };
    var wanted = function (item) {
      var k = items.indexOf(item);
      if (k < 0) return;
      items.splice(k, 1);
      if (observer) observer.unobserve(placeOf(item));
      queue.push(item);
      queue.sort(function (a, b) { return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1; });
      if (!running) { running = true; withPlotly(run); }
    };
    var linked = function () {
      items.filter(function (item) {
        return item.tagName === "DIV" && readHash(item.getAttribute("data-als-explorer")) !== null;
      }).forEach(wanted);
    };
    linked();
    window.addEventListener("hashchange", linked);
    window.addEventListener("beforeprint", function () {
      if (!window.Plotly) return;
      items.slice().forEach(wanted);
      while (queue.length) run();  /* drawn now: the print is laid out when this handler returns */
    });
    if (!window.IntersectionObserver) { items.slice().forEach(wanted); return; }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        var item = items.filter(function (it) { return placeOf(it) === entry.target; })[0];
        if (item) wanted(item);
      });
    }, { rootMargin: "100% 0px" });
    items.forEach(function (item) { if (placeOf(item)) observer.observe(placeOf(item)); });
  }

  /* A printed chapter carries the text equivalent of each diagram. */
  window.addEventListener("beforeprint", function () {
    var tables = document.querySelectorAll("details.als-table");
    for (var i = 0; i < tables.length; i++) tables[i].open = true;
  });

  /* plotly.js (its partial cartesian bundle, 1.5 MB, copied next to this script by the build) is
     loaded by this script when the first figure nears the viewport (see init), and never before
     the page's text has been painted; it is not a script tag: a deferred
     script that arrives fast runs before the first frame, so the text waited for its parse (and
     Lighthouse counted the download in the largest contentful paint). */
  var PLOTLY = new URL("plotly-cartesian.min.js", document.currentScript.src).href;

  function withPlotly(then) {
    if (window.Plotly) {
      then();
      return;
    }
    var started = false;
    var load = function () {
      if (started) return;
      started = true;
      var script = document.createElement("script");
      script.src = PLOTLY;
      script.onload = script.onerror = function () { then(); };
      document.head.appendChild(script);
    };
    /* Once the browser reports the first contentful paint; the fallback timeout covers a browser
       without paint timing and a background tab, which paints nothing. */
    if (window.PerformanceObserver && (PerformanceObserver.supportedEntryTypes || []).indexOf("paint") >= 0) {
      new PerformanceObserver(function (list, observer) {
        if (list.getEntriesByName("first-contentful-paint").length) {
          observer.disconnect();
          load();
        }
      }).observe({ type: "paint", buffered: true });
    }
    setTimeout(load, 3000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
