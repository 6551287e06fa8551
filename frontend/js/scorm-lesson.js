// The SCORM lesson page (main origin). It frames the player on the content origin, answers its "ready" with the
// item to open and the values to resume from, collects the values the package sets, and sends them to the
// server in batches: when the package commits or finishes, every 30 seconds while something is waiting, and when
// the page is hidden or closed (fetch with keepalive, so the request outlives the page). Every request carries
// the CSRF token and the learner's session, which only this origin has.
const config = JSON.parse(document.getElementById("scorm-player").textContent);
const marker = document.querySelector("[data-scorm-commit-url]");
const commitUrl = marker.dataset.scormCommitUrl;
const contentOrigin = marker.dataset.scormContentOrigin;
const csrfToken = marker.querySelector("input[name=csrfmiddlewaretoken]").value;
const frame = document.querySelector("[data-scorm-frame]");
const status = document.querySelector("[data-scorm-status]");
const FLUSH_EVERY_MS = 30000;

let launch = null; // { item, session, pending: {}, visited }

function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function say(text, tag) {
  status.replaceChildren();
  if (tag) {
    const badge = document.createElement("strong");
    badge.className = `govuk-tag ${tag}`;
    badge.textContent = text.split(".")[0];
    status.append(badge, " ");
  }
  status.append(text);
}

function itemById(id) {
  return config.items.find((item) => item.id === id);
}

function firstToOpen() {
  return (config.items.find((item) => !item.done) || config.items[0]).id;
}

function start(itemId) {
  if (launch) flush(false);
  launch = { item: itemId, session: randomId(), pending: {}, visited: !itemById(itemId).sco };
  document.querySelectorAll("[data-scorm-item]").forEach((button) => {
    button.setAttribute("aria-current", button.dataset.scormItem === itemId ? "true" : "false");
  });
  frame.src = frame.dataset.src;
}

function flush(keepalive) {
  if (!launch) return Promise.resolve();
  const values = launch.pending;
  if (!Object.keys(values).length && !launch.visited) return Promise.resolve();
  const sent = { item: launch.item, values, visited: launch.visited };
  launch.pending = {};
  launch.visited = false;
  return fetch(commitUrl, {
    method: "POST",
    credentials: "same-origin",
    keepalive,
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
    body: JSON.stringify({ version: config.version, item: sent.item, session: launch.session, values, visited: sent.visited }),
  })
    .then((response) => response.json().then((answer) => ({ ok: response.ok, answer })))
    .then(({ ok, answer }) => {
      if (!ok) {
        say(`Your progress could not be saved: ${answer.error}`);
        return;
      }
      const item = itemById(sent.item);
      if (item && answer.resume) item.resume = answer.resume;
      if (item) item.done = answer.item_done;
      if (answer.lesson_completed) say("Completed. You have completed this lesson.", "govuk-tag--green");
      else say("In progress. Your place is saved; you can carry on where you left off.", "govuk-tag--blue");
    })
    .catch(() => {
      // Not saved (offline, dropped): put the values back unless the package has set newer ones since.
      if (launch && launch.item === sent.item) {
        launch.pending = { ...values, ...launch.pending };
        launch.visited = launch.visited || sent.visited;
      }
      say("We could not reach Upskill, so your latest progress is not saved yet. It will be sent again shortly.");
    });
}

window.addEventListener("message", (event) => {
  if (event.origin !== contentOrigin || event.source !== frame.contentWindow || !launch) return;
  const data = event.data || {};
  if (data.type === "ready") {
    const item = itemById(launch.item);
    frame.contentWindow.postMessage({ type: "launch", href: item.href, values: item.resume }, contentOrigin);
    if (launch.visited) flush(false);
  } else if (data.type === "set" && typeof data.element === "string" && typeof data.value === "string") {
    launch.pending[data.element] = data.value;
  } else if (data.type === "commit" || data.type === "finish") {
    flush(false);
  }
});

document.querySelectorAll("[data-scorm-item]").forEach((button) => {
  button.addEventListener("click", () => start(button.dataset.scormItem));
});
window.addEventListener("pagehide", () => flush(true));
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flush(true);
});
setInterval(() => flush(false), FLUSH_EVERY_MS);

start(firstToOpen());
