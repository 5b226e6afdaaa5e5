// The sandbox console: it reads the sandbox's public endpoints (/_sandbox/state,
// /_sandbox/requests), is told of changes by server-sent events (/_sandbox/events) and
// refetches then, and sends control actions with this start's token. Plain DOM, no
// build step, nothing fetched from elsewhere.
"use strict";

const token = document.querySelector('meta[name="sandbox-token"]').content;
const $ = (id) => document.getElementById(id);
let state = null;
let phone = null;
let requests = [];
let fetchedAt = performance.now();
let selected = null;
let refreshTimer = null;

// --- talking to the sandbox -----------------------------------------------------------

async function getJSON(path) {
  const answer = await fetch(path, { cache: "no-store" });
  if (!answer.ok) throw new Error(`${path}: HTTP ${answer.status}`);
  return answer.json();
}

async function control(path, body) {
  const answer = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Sandbox-Token": token },
    body: JSON.stringify(body || {}),
  });
  const data = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    const said = data.error && data.error[0] && data.error[0].message;
    throw new Error(said || `HTTP ${answer.status}`);
  }
  soon();
  return data;
}

async function refresh() {
  const [snapshot, log] = await Promise.all([
    getJSON("/_sandbox/state"),
    getJSON("/_sandbox/requests"),
  ]);
  state = snapshot;
  requests = log.requests;
  const mobiles = state.accounts.map((a) => a.mobile);
  if (!mobiles.includes(selected)) selected = mobiles[0] || null;
  phone = selected
    ? await getJSON(`/_sandbox/phone/${encodeURIComponent(selected)}`).catch(() => null)
    : null;
  fetchedAt = performance.now();
  showError("");
  render();
}

function soon(delay = 100) {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh().catch((error) => showError(error.message));
  }, delay);
}

function connect() {
  const source = new EventSource("/_sandbox/events");
  source.onopen = () => setStatus("live");
  source.onmessage = () => soon();
  source.onerror = () => setStatus("reconnecting…"); // EventSource retries by itself
}

// --- small helpers --------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("data-")) node.setAttribute(name, value);
    else if (name === "text") node.textContent = value;
    else node[name] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

function setStatus(text) {
  $("status").textContent = text;
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = !text;
}

function elapsed() {
  return (performance.now() - fetchedAt) / 1000;
}

function seconds(value) {
  const left = Math.max(0, Math.round(value));
  return left >= 60 ? `${Math.floor(left / 60)} min ${left % 60} s` : `${left} s`;
}

function fill(listId, emptyId, items) {
  $(listId).replaceChildren(...items);
  if (emptyId) $(emptyId).hidden = items.length > 0;
}

// --- rendering ------------------------------------------------------------------------

// Each section is redrawn only when its data changed: under load the sandbox changes
// all the time, and an open console must not cost the machine a core.
const shown = {};

function changed(section, data) {
  const text = JSON.stringify(data);
  if (shown[section] === text) return false;
  shown[section] = text;
  return true;
}

function render() {
  if (!state) return;
  if (changed("accounts", [state.accounts, selected, state.account_count])) {
    renderAccountChoice();
    renderAccounts();
  }
  if (changed("phone", phone)) renderPhone();
  if (changed("sessions", [state.sessions, state.more_sessions])) renderSessions();
  if (changed("faults", state.faults)) renderFaults();
  renderRequests();
  tick();
}

function renderAccountChoice() {
  const select = $("account-select");
  const options = state.accounts.map((a) =>
    el("option", { value: a.mobile, text: `${a.mobile} (${a.uccs.join(", ")})`, selected: a.mobile === selected }),
  );
  select.replaceChildren(...options);
}

function renderPhone() {
  const shown = phone || { inbox: [], authenticator: [], pending: [] };
  fill("inbox", "inbox-empty", shown.inbox.map((sms) =>
    el("li", { class: `sms ${sms.state}`, "data-state": sms.state },
      el("span", { class: "otp", "data-otp": sms.otp, text: sms.otp }),
      el("span", { class: `badge ${sms.state}`, text: sms.state }),
      sms.state === "waiting"
        ? el("span", { class: "meta", "data-expires": sms.expires_in_seconds })
        : el("span", { class: "meta", "data-age": sms.age_seconds }),
    ),
  ));
  fill("authenticator", "authenticator-empty", shown.authenticator.map((entry) =>
    el("li", { class: "totp", "data-registered": String(entry.registered) },
      ring(entry.seconds_left),
      el("span", { class: "code-block" },
        el("span", { class: "label", text: entry.label }),
        el("span", { class: "code", "data-code": entry.code, text: `${entry.code.slice(0, 3)} ${entry.code.slice(3)}` }),
        el("span", { class: `badge ${entry.registered ? "registered" : "pending"}`, text: entry.registered ? "registered" : "not registered yet" }),
      ),
    ),
  ));
  fill("pending", "pending-empty", shown.pending.map((enrolment) =>
    el("li", { class: "pending" },
      el("span", { text: `QR code for ${enrolment.ucc}` }),
      el("span", { class: "meta", "data-expires": enrolment.expires_in_seconds }),
      enrolment.scanned
        ? el("span", { class: "badge registered", text: "scanned" })
        : el("button", { type: "button", class: "scan", "data-handle": enrolment.handle, text: "Scan QR" }),
    ),
  ));
  tick();
}

function ring(secondsLeft) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 36 36");
  svg.setAttribute("class", "ring");
  svg.setAttribute("role", "img");
  svg.setAttribute("data-left", secondsLeft);
  const track = document.createElementNS("http://www.w3.org/2000/svg", "circle");
  const arc = document.createElementNS("http://www.w3.org/2000/svg", "circle");
  for (const circle of [track, arc]) {
    circle.setAttribute("cx", "18");
    circle.setAttribute("cy", "18");
    circle.setAttribute("r", "15.9155");
  }
  track.setAttribute("class", "track");
  arc.setAttribute("class", "arc");
  arc.setAttribute("pathLength", "30");
  svg.append(track, arc);
  return svg;
}

function renderSessions() {
  $("sessions-more").hidden = !state.more_sessions;
  fill("session-rows", "sessions-empty", state.sessions.map((s) =>
    el("tr", { "data-kind": s.kind },
      el("td", { text: s.kind }),
      el("td", { text: s.ucc }),
      el("td", { text: s.ip }),
      el("td", { class: "meta", "data-age": s.age_seconds }),
      el("td", { class: "mono", text: s.token }),
      el("td", {}, el("button", { type: "button", class: "revoke secondary", "data-handle": s.handle, text: "Revoke" })),
    ),
  ));
}

function renderFaults() {
  const operation = $("fault-operation");
  if (!operation.options.length) {
    operation.replaceChildren(
      el("option", { value: "*", text: "every operation" }),
      ...state.operations.map((name) => el("option", { value: name, text: name })),
    );
    $("fault-kind").replaceChildren(...state.fault_kinds.map(([kind, what]) =>
      el("option", { value: kind.startsWith("slow") ? "slow" : kind, text: `${kind}: ${what}` }),
    ));
  }
  fill("armed", "armed-empty", state.faults.map((f) =>
    el("li", { "data-armed": `${f.operation} ${f.fault}` },
      el("strong", { text: f.fault }), ` for the next ${f.times} answer${f.times === 1 ? "" : "s"} of ${f.operation === "*" ? "every operation" : f.operation}`),
  ));
}

function requestRow(r) {
  const when = new Date(r.at * 1000).toLocaleTimeString([], { hour12: false });
  const status = r.status === 0 ? "dropped" : String(r.status);
  const kind = r.status >= 500 || r.status === 0 ? "bad" : r.status >= 400 ? "warn" : "ok";
  return el("tr", { "data-number": r.number, "data-operation": r.operation, "data-status": status, class: kind },
    el("td", { text: when }),
    el("td", { text: r.operation }),
    el("td", { class: "status", text: status }),
    el("td", { text: `${r.latency_ms.toFixed(1)} ms` }),
    el("td", { class: "mono", text: r.code || "" }),
  );
}

// The request list grows at the top: new rows are added, the oldest dropped past 200,
// the rest left alone.
function renderRequests() {
  const body = $("request-rows");
  const top = body.firstElementChild ? Number(body.firstElementChild.dataset.number) : 0;
  const oldest = requests.length ? requests[0].number : 0;
  if (requests.length && requests[requests.length - 1].number < top) body.replaceChildren(); // a reset
  const fresh = requests.filter((r) => r.number > (body.firstElementChild ? top : 0)).reverse();
  if (fresh.length) body.prepend(...fresh.map(requestRow));
  while (body.lastElementChild && Number(body.lastElementChild.dataset.number) < oldest) {
    body.lastElementChild.remove();
  }
}

function renderAccounts() {
  const more = state.account_count - state.accounts.length;
  $("account-note").textContent = more > 0 ? `and ${more} more (the busiest are listed first)` : $("account-note").textContent;
  fill("account-list", null, state.accounts.map((a) =>
    el("li", { "data-mobile": a.mobile },
      el("strong", { text: a.mobile }), ` ${a.uccs.join(", ")} `,
      el("span", { class: `badge ${a.registered ? "registered" : "pending"}`, text: a.registered ? "TOTP registered" : "no TOTP yet" }),
      a.otp_locked_for > 0 ? el("span", { class: "badge locked", text: `OTP locked ${seconds(a.otp_locked_for)}` }) : null,
      a.mpin_locked_for > 0 ? el("span", { class: "badge locked", text: `MPIN locked ${seconds(a.mpin_locked_for)}` }) : null,
    ),
  ));
}

// Countdowns move every second without asking the sandbox (no animation in between: an
// open console should cost the machine next to nothing); a code that has run out (a new
// 30 s step) makes the console fetch the new one.
function tick() {
  const passed = elapsed();
  let stale = false;
  for (const node of document.querySelectorAll("[data-age]")) {
    node.textContent = `${seconds(Number(node.dataset.age) + passed)} ago`;
  }
  for (const node of document.querySelectorAll("[data-expires]")) {
    const left = Number(node.dataset.expires) - passed;
    node.textContent = left > 0 ? `expires in ${seconds(left)}` : "expired";
  }
  for (const svg of document.querySelectorAll("svg.ring")) {
    const left = Number(svg.dataset.left) - passed;
    if (left <= 0) stale = true;
    const arc = svg.querySelector(".arc");
    arc.setAttribute("stroke-dasharray", `${Math.max(0, left)} 30`);
    svg.setAttribute("aria-label", `${Math.max(0, Math.ceil(left))} seconds left`);
    svg.classList.toggle("low", left < 6);
  }
  if (stale) soon(50);
}

// --- actions --------------------------------------------------------------------------

function act(promise, note) {
  promise.then(() => note && note("")).catch((error) => (note ? note(error.message) : showError(error.message)));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.classList.contains("scan")) {
    act(control("/_sandbox/enrolments/scan", { handle: button.dataset.handle }));
  } else if (button.classList.contains("revoke")) {
    act(control("/_sandbox/sessions/revoke", { handle: button.dataset.handle }));
  } else if (button.id === "clear-faults") {
    act(control("/_sandbox/faults/clear"));
  }
});

$("account-select").addEventListener("change", (event) => {
  selected = event.target.value;
  soon(0);
});

$("fault-kind").addEventListener("change", (event) => {
  $("slow-label").hidden = event.target.value !== "slow";
});

$("fault-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  let fault = form.get("fault");
  if (fault === "slow") fault = `slow:${form.get("seconds")}`;
  act(control("/_sandbox/faults", {
    operation: form.get("operation"),
    fault,
    times: Number(form.get("times")),
  }));
});

$("account-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const note = (text) => { $("account-note").textContent = text; };
  act(control("/_sandbox/accounts", {
    mobile: form.get("mobile"),
    ucc: form.get("ucc"),
    mpin: form.get("mpin"),
  }).then((answer) => {
    event.target.reset();
    note(`Added ${answer.added}${answer.saved ? " (saved to the accounts file)" : ""}.`);
    return answer;
  }), (text) => text && note(text));
});

setInterval(tick, 1000);
connect();
refresh().catch((error) => showError(error.message));
