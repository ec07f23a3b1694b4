// The ads page: per campaign its latest committed decision; for the chosen one the allocation over
// rounds, the conversions each closed round brought and their running total.
"use strict";

const PLATFORM_COLORS = ["#7cc4ff", "#9be39b", "#ffd27c", "#ff9ec7", "#c3a6ff", "#7fe0d6"];
const charts = {};
let chosen = new URLSearchParams(location.search).get("campaign");

function onFrame(frame) {
  if (frame.type !== "campaigns") return;
  const head = document.querySelector("#campaigns thead");
  head.replaceChildren();
  const hr = document.createElement("tr");
  hr.append(cell("th", "campaign"), cell("th", "policy"), cell("th", "round"));
  for (const p of frame.platforms) hr.append(cell("th", p + " budget"));
  for (const p of frame.platforms) hr.append(cell("th", p + " bid ×"));
  hr.append(cell("th", "conversions so far"));
  head.append(hr);

  const body = document.querySelector("#campaigns tbody");
  body.replaceChildren();
  document.getElementById("no-campaigns").hidden = frame.campaigns.length > 0;
  if (!chosen && frame.campaigns.length > 0) chosen = frame.campaigns[0].id;
  for (const c of frame.campaigns) {
    const tr = document.createElement("tr");
    tr.className = "pick campaign-row" + (c.id === chosen ? " chosen" : "");
    tr.append(cell("td", c.id), cell("td", c.policy), cell("td", c.round));
    for (const a of c.allocation) tr.append(cell("td", fixed(a, 2)));
    for (const b of c.bid_multipliers) tr.append(cell("td", fixed(b, 2)));
    tr.append(cell("td", c.cumulative_conversions));
    tr.addEventListener("click", () => { chosen = c.id; onFrame(frame); });
    body.append(tr);
  }
  const campaign = frame.campaigns.find((c) => c.id === chosen);
  document.getElementById("campaign-view").hidden = !campaign;
  if (campaign) draw(campaign, frame.platforms);
}

function plot(name, el, series, data) {
  const opts = { width: chartWidth(el), height: 220, series: [{ label: "round" }, ...series],
    scales: { x: { time: false } },
    axes: [{ stroke: "#8a97a5", grid: { stroke: "#232a32" }, label: "round", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] }, { stroke: "#8a97a5", grid: { stroke: "#232a32" } }] };
  drawChart(charts, name, el, opts, data);
}

function draw(c, platforms) {
  document.getElementById("allocation-title").textContent = "Allocation per platform over rounds · " + c.id + " · " + c.policy;
  const rounds = c.rounds;
  plot("allocation", document.getElementById("allocation"),
    platforms.map((p, i) => ({ label: p, stroke: PLATFORM_COLORS[i % PLATFORM_COLORS.length], width: 1.5 })),
    [rounds, ...platforms.map((p, i) => c.allocations.map((a) => a[i]))]);
  plot("reward", document.getElementById("reward"), [{ label: "conversions", stroke: "#ffd27c", width: 1 }],
    [rounds, c.conversions]);
  plot("cumulative", document.getElementById("cumulative"), [{ label: "cumulative", stroke: "#6fd08c", width: 1.5 }],
    [rounds, c.cumulative]);
}

openFrames("/ws/ads", onFrame);
