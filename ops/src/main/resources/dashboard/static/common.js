// What every page shares: the socket to its server, reconnecting, and small formatting helpers.
"use strict";

/**
 * Opens the page's WebSocket at `path` (with its query) and calls onFrame with each parsed frame.
 * Before opening it asks the same URL over plain HTTP, so a bad query (400) or an unknown
 * recording (404) is shown as the server's reason instead of a silent socket failure.
 * Returns a function that closes it for good.
 */
function openFrames(path, onFrame, onError) {
  let socket = null;
  let closed = false;
  const status = document.getElementById("status");
  const setStatus = (text, live) => {
    if (status) { status.textContent = text; status.className = live ? "live" : ""; }
  };
  async function connect() {
    if (closed) return;
    try {
      const check = await fetch(path);
      if (!check.ok) {
        const body = await check.json().catch(() => ({ error: check.statusText }));
        setStatus("not connected");
        if (onError) onError(check.status, body.error);
        return;
      }
    } catch (e) {
      setStatus("server unreachable, retrying");
      setTimeout(connect, 2000);
      return;
    }
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    socket = new WebSocket(url);
    socket.onopen = () => setStatus("live", true);
    socket.onmessage = (event) => onFrame(JSON.parse(event.data));
    socket.onclose = () => {
      setStatus("disconnected, retrying");
      if (!closed) setTimeout(connect, 1000);
    };
  }
  connect();
  return () => { closed = true; if (socket) socket.close(); };
}

/** An event time (ms) as the clock time of day, UTC, to the second. */
function clock(ms) {
  if (ms === null || ms === undefined) return "";
  return new Date(ms).toISOString().substring(11, 19);
}

/** An event time (ms) as date and time, UTC. */
function dateTime(ms) {
  return new Date(ms).toISOString().replace("T", " ").substring(0, 19) + " UTC";
}

function fixed(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : Number(value).toFixed(digits);
}

/** Makes an element with text, for tables built from frames (text, never HTML: ids come from outside). */
function cell(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** Width in pixels a chart may take inside its panel. */
function chartWidth(el) {
  return Math.max(300, el.clientWidth - 4);
}

/**
 * Shows `data` in the uPlot chart kept as charts[name] inside `el`: the chart is made anew when its
 * series or height change, and otherwise only given the new data (no flicker, no new canvas).
 */
function drawChart(charts, name, el, opts, data) {
  const old = charts[name];
  const shape = JSON.stringify(opts.series.map((s) => s.label)) + opts.height;
  if (old && old.shape === shape) {
    old.plot.setData(data);
    return;
  }
  if (old) old.plot.destroy();
  charts[name] = { plot: new uPlot(opts, data, el), shape };
}
