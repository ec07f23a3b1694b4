// The node page: readiness, and per domain its counters, rates, recoveries and input partitions.
"use strict";

function onFrame(frame) {
  if (frame.type !== "node") return;
  const ready = document.getElementById("readiness");
  ready.replaceChildren(cell("h2", "Readiness"),
    cell("div", frame.ready ? "ready: every pipeline consuming, no partition recovering, broker answering"
      : "not ready: " + frame.reason, frame.ready ? "" : "alerting"));
  const box = document.getElementById("domains");
  box.replaceChildren();
  for (const d of frame.domains) {
    const panel = document.createElement("div");
    panel.className = "panel domain";
    panel.append(cell("h2", d.name));
    const dead = Object.entries(d.dead_letters).map(([reason, n]) => reason + " " + n).join(", ") || "none";
    panel.append(cell("div", "records in " + d.consumed + " (" + d.in_per_s + "/s) · out " + d.produced + " ("
      + d.out_per_s + "/s) · dead letters: " + dead + " · snapshots written " + d.snapshots_written
      + " · partition recoveries " + d.recoveries
      + " (longest " + d.recovery_ms_max + " ms, " + d.snapshots_restored + " snapshots restored)"));
    const table = document.createElement("table");
    const hr = document.createElement("tr");
    for (const h of ["topic", "partition", "owner", "this node", "committed", "end", "lag"]) hr.append(cell("th", h));
    table.append(hr);
    for (const p of d.partitions) {
      const tr = document.createElement("tr");
      tr.append(cell("td", p.topic), cell("td", p.partition), cell("td", p.owner || "unassigned"),
        cell("td", p.mine ? "yes" : "no"), cell("td", p.committed < 0 ? "none" : p.committed), cell("td", p.end),
        cell("td", p.lag, p.lag > 10000 ? "alerting" : ""));
      table.append(tr);
    }
    panel.append(table);
    box.append(panel);
  }
}

openFrames("/ws/node", onFrame);
