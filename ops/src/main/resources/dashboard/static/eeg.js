// The EEG page: the recordings list, and for the chosen recording its traces with the forecast, the
// anomaly score with its thresholds, the forecast error and the alerts, pushed by the server.
"use strict";

const COLORS = ["#7cc4ff", "#9be39b", "#ffd27c", "#ff9ec7", "#c3a6ff", "#7fe0d6", "#ffb27c", "#d0d8e0"];
const LANE_DIVISIONS = 3; // lanes are three divisions apart: ±1.5 div before a trace reaches its neighbour

const params = new URLSearchParams(location.search);
const state = {
  recording: params.get("recording") || "",
  channels: params.get("channels") ? params.get("channels").split(",").map(Number) : null,
  names: [],
  frame: null,
  charts: {},
  shape: "",
};
let closeSocket = null;

for (const id of ["window", "montage", "hp", "lp", "notch"]) {
  const el = document.getElementById(id);
  if (params.get(id)) el.value = params.get(id);
  el.addEventListener("change", () => {
    if (id === "montage") state.channels = null;
    reconnect();
  });
}
document.getElementById("sensitivity").addEventListener("change", () => draw());

function query() {
  const q = new URLSearchParams();
  if (state.recording) {
    q.set("recording", state.recording);
    for (const id of ["window", "montage", "hp", "lp", "notch"]) q.set(id, document.getElementById(id).value);
    q.set("columns", String(Math.min(2000, chartWidth(document.querySelector("main")))));
    if (state.channels) q.set("channels", state.channels.join(","));
  }
  return q;
}

function reconnect() {
  if (closeSocket) closeSocket();
  const q = query();
  if (state.recording) history.replaceState(null, "", "/?" + q.toString());
  closeSocket = openFrames("/ws/eeg?" + q.toString(), onFrame, showError);
}

function showError(status, message) {
  const box = document.getElementById("error");
  box.hidden = false;
  box.textContent = (status === 404 ? "Unknown recording: " : "Cannot show this view: ") + message;
  document.getElementById("view").hidden = true;
}

function onFrame(frame) {
  if (frame.type === "recordings") return listRecordings(frame.recordings);
  if (frame.type === "traces") {
    state.frame = frame;
    document.getElementById("error").hidden = true;
    document.getElementById("view").hidden = false;
    pickers(frame);
    draw();
  }
}

function listRecordings(recordings) {
  const body = document.querySelector("#recordings tbody");
  body.replaceChildren();
  document.getElementById("no-recordings").hidden = recordings.length > 0;
  for (const r of recordings) {
    const tr = document.createElement("tr");
    tr.className = "pick recording-row" + (r.id === state.recording ? " chosen" : "");
    tr.append(cell("td", r.id), cell("td", r.channels), cell("td", fixed(r.sample_rate, 0)),
      cell("td", fixed(r.minutes, 1)), cell("td", fixed(r.score, 2)),
      cell("td", r.alerting ? "ALERT" : "–", r.alerting ? "alerting" : "quiet"));
    tr.addEventListener("click", () => {
      state.recording = r.id;
      state.channels = null;
      document.getElementById("error").hidden = true;
      reconnect();
    });
    body.append(tr);
  }
  if (!state.recording && recordings.length > 0) {
    state.recording = recordings[0].id; // open the first one: the page shows signals, not only a list
    reconnect();
  }
}

/** The channel checkboxes: any of the montage's channels can be shown. */
function pickers(frame) {
  const shown = frame.channels.map((c) => c.index);
  const key = frame.montage + "|" + frame.names.join(",") + "|" + shown.join(",");
  if (key === state.shape) return;
  state.shape = key;
  document.getElementById("view-title").textContent = "Traces · " + frame.recording + " · " + frame.montage;
  const box = document.getElementById("channel-picks");
  box.replaceChildren();
  frame.names.forEach((name, i) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = shown.includes(i);
    input.addEventListener("change", () => {
      const picked = [...box.querySelectorAll("input")].map((el, k) => (el.checked ? k : -1)).filter((k) => k >= 0);
      state.channels = picked.length > 0 ? picked : [i];
      reconnect();
    });
    label.append(input, document.createTextNode(" " + name));
    box.append(label);
  });
}

/** Shades the alert intervals of the latest frame on a chart's time axis. */
function alertBands() {
  return (u) => {
    const frame = state.frame;
    const ctx = u.ctx;
    ctx.save();
    for (const a of frame.alerts) {
      const end = a.end === null ? frame.t1 : a.end;
      if (end < frame.t0 || a.start > frame.t1) continue;
      const x0 = u.valToPos(Math.max(a.start, frame.t0) / 1000, "x", true);
      const x1 = u.valToPos(Math.min(end, frame.t1) / 1000, "x", true);
      ctx.fillStyle = a.type === "episode" ? "rgba(255, 80, 80, 0.18)" : "rgba(255, 200, 80, 0.15)";
      ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
    }
    ctx.restore();
  };
}

/** Every chart spans the latest frame's window, whatever its data covers. */
function windowRange() {
  return [state.frame.t0 / 1000, state.frame.t1 / 1000];
}

function draw() {
  const frame = state.frame;
  if (!frame) return;
  const microvoltsPerDivision = Number(document.getElementById("sensitivity").value);
  const width = chartWidth(document.getElementById("traces"));
  const lanes = frame.channels.length;
  const span = (frame.t1 - frame.t0) / 1000;
  const columns = lanes > 0 ? frame.channels[0].min.length : 0;
  const lane = (i, v) => (v === null ? null : v / microvoltsPerDivision - i * LANE_DIVISIONS);

  // Traces: min then max of each column, half a column apart, so every column draws its full range.
  const xs = [];
  for (let c = 0; c < columns; c++) {
    const t = frame.t0 / 1000 + (c * span) / columns;
    xs.push(t, t + span / columns / 2);
  }
  const traces = [xs];
  frame.channels.forEach((ch, i) => {
    const ys = [];
    for (let c = 0; c < columns; c++) ys.push(lane(i, ch.min[c]), lane(i, ch.max[c]));
    traces.push(ys);
  });
  const predictionTimes = frame.prediction_times.map((t) => t / 1000);
  const forecast = [predictionTimes, ...frame.forecast.map((f, i) => f.map((v) => lane(i, v)))];
  const joined = uPlot.join([traces, forecast]);
  const series = [{}];
  frame.channels.forEach((ch, i) => series.push({ label: ch.label, stroke: COLORS[i % COLORS.length], width: 1 }));
  frame.channels.forEach((ch, i) => series.push({ label: ch.label + " forecast", stroke: "#ffffff", dash: [4, 3],
    width: 1, spanGaps: true, points: { show: true, size: 3 } }));
  drawChart(state.charts, "traces", document.getElementById("traces"), {
    width, height: Math.max(220, lanes * 70), series,
    legend: { show: false },
    scales: { x: { time: true, range: windowRange },
      y: { range: [-(lanes - 1) * LANE_DIVISIONS - LANE_DIVISIONS / 2, LANE_DIVISIONS / 2] } },
    axes: [{ stroke: "#8a97a5", grid: { stroke: "#232a32" } },
      { stroke: "#c9d3dc", size: 80, grid: { stroke: "#1d242b" },
        splits: () => state.frame.channels.map((c, i) => -i * LANE_DIVISIONS),
        values: () => state.frame.channels.map((c) => c.label) }],
    hooks: { draw: [alertBands()] },
  }, joined);

  // Score with the thresholds the live model alerts by.
  const score = [predictionTimes, frame.score, predictionTimes.map(() => frame.raise), predictionTimes.map(() => frame.release)];
  const half = chartWidth(document.getElementById("score"));
  drawChart(state.charts, "score", document.getElementById("score"), {
    width: half, height: 200,
    series: [{}, { label: "score", stroke: "#ffd27c", width: 1.5 },
      { label: "raise " + frame.raise, stroke: "#ff6b6b", dash: [6, 4], points: { show: false } },
      { label: "release " + frame.release, stroke: "#6fd08c", dash: [6, 4], points: { show: false } }],
    scales: { x: { time: true, range: windowRange } },
    axes: [{ stroke: "#8a97a5", grid: { stroke: "#232a32" } }, { stroke: "#8a97a5", grid: { stroke: "#232a32" } }],
    hooks: { draw: [alertBands()] },
  }, score);

  const errors = [predictionTimes, ...frame.error];
  drawChart(state.charts, "error", document.getElementById("error-chart"), {
    width: chartWidth(document.getElementById("error-chart")), height: 200,
    series: [{}, ...frame.channels.map((ch, i) => ({ label: ch.label, stroke: COLORS[i % COLORS.length], width: 1 }))],
    scales: { x: { time: true, range: windowRange } },
    axes: [{ stroke: "#8a97a5", grid: { stroke: "#232a32" } },
      { stroke: "#8a97a5", grid: { stroke: "#232a32" }, label: frame.unit }],
  }, errors);

  listAlerts(frame.alerts);
}

function listAlerts(alerts) {
  const body = document.querySelector("#alerts tbody");
  body.replaceChildren();
  document.getElementById("no-alerts").hidden = alerts.length > 0;
  for (const a of [...alerts].reverse()) {
    const tr = document.createElement("tr");
    tr.className = "alert-row" + (a.end === null ? " alerting" : "");
    const duration = a.end === null ? "open" : fixed((a.end - a.start) / 1000, 1) + " s";
    tr.append(cell("td", a.type), cell("td", dateTime(a.start)), cell("td", a.end === null ? "–" : clock(a.end)),
      cell("td", duration), cell("td", fixed(a.peak, 2)), cell("td", a.channels.join(", ")));
    body.append(tr);
  }
}

reconnect();
