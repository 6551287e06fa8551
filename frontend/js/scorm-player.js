// The SCORM player page, served on the content origin (learning/scorm/content.py). It never sees the learner's
// session: it hosts the scorm-again runtime (window.API for SCORM 1.2, window.API_1484_11 for 2004) for the
// package frame, starts it with the values the lesson page sends, and hands every value the package sets, and
// every commit and finish, back to the lesson page with postMessage. Messages are sent only to, and accepted
// only from, the lesson page's origin, which the signed link to this page carries.
(function () {
  "use strict";
  var body = document.body;
  var parentOrigin = body.getAttribute("data-parent-origin");
  var base = body.getAttribute("data-base");
  var version = body.getAttribute("data-scorm");
  var frame = document.querySelector("[data-package-frame]");
  var api = null;

  function send(message) {
    window.parent.postMessage(message, parentOrigin);
  }

  function isPackagePath(href) {
    return typeof href === "string" && href !== "" && !/^[a-z][a-z0-9+.-]*:|^\/|\\|(^|\/)\.\.(\/|$)/i.test(href);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    var data = event.data || {};
    if (data.type !== "launch" || api !== null || !isPackagePath(data.href)) return;
    var settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
    var is12 = version === "1.2";
    api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromFlattenedJSON(data.values || {});
    api.on((is12 ? "LMSSetValue" : "SetValue") + ".cmi.*", function (element, value) {
      send({ type: "set", element: element, value: String(value) });
    });
    api.on(is12 ? "LMSCommit" : "Commit", function () { send({ type: "commit" }); });
    api.on(is12 ? "LMSFinish" : "Terminate", function () { send({ type: "finish" }); });
    if (is12) window.API = api; else window.API_1484_11 = api;
    frame.src = base + data.href;
  });

  send({ type: "ready" });
})();
