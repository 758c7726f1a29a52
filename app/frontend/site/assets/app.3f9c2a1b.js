// @ts-nocheck -- browser script; the project's type-check setup has no DOM library.
// Served as-is (no build step). The hash in the file name changes whenever the
// content does, which is what lets the server cache it for a year.
(function () {
  "use strict";

  /** Path (without trailing slash) -> id of the section that renders it. */
  var ROUTES = { "/": "view-home", "/about": "view-about" };
  var NOT_FOUND_VIEW = "view-not-found";
  var REQUEST_TIMEOUT_MS = 15000;

  // --- Client-side routing ---------------------------------------------------

  function currentPath() {
    return window.location.pathname.replace(/\/+$/, "") || "/";
  }

  function render() {
    var path = currentPath();
    var viewId = ROUTES[path] || NOT_FOUND_VIEW;
    document.querySelectorAll("[data-view]").forEach(function (section) {
      section.hidden = section.id !== viewId;
      if (section.id === viewId && section.dataset.title) {
        document.title = section.dataset.title;
      }
    });
    document.querySelectorAll("nav a[data-link]").forEach(function (link) {
      if (link.pathname === path) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-link]");
    // Let the browser handle modified clicks (new tab, etc.) and other origins.
    if (!link || link.origin !== window.location.origin) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (link.pathname !== window.location.pathname) {
      window.history.pushState(null, "", link.pathname);
    }
    render();
  });

  window.addEventListener("popstate", render);

  // --- Backend health check --------------------------------------------------

  function showStatus(kind, message, detail) {
    var status = document.getElementById("status");
    status.className = "status status-" + kind;
    status.textContent = message;
    document.getElementById("status-detail").textContent = detail || "";
    document.getElementById("retry").hidden = kind !== "error";
  }

  function fetchJson(url, options) {
    var init = Object.assign({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, options);
    return fetch(url, init).then(
      function (response) {
        if (!response.ok) throw new Error(url + " answered HTTP " + response.status);
        return response.json().catch(function () {
          throw new Error(url + " did not return JSON");
        });
      },
      function (error) {
        // fetch rejects without detail on DNS, TLS, CORS and timeout failures.
        var reason = error && error.name === "TimeoutError" ? "timed out" : "network or CORS error";
        throw new Error("Could not reach " + url + " (" + reason + ")");
      },
    );
  }

  function checkBackend() {
    showStatus("pending", "Checking the API\u2026");
    // no-store: the config differs per deployment and must never be stale.
    fetchJson("/config.json", { cache: "no-store" })
      .then(function (config) {
        if (!config || typeof config.apiUrl !== "string" || config.apiUrl === "") {
          throw new Error("/config.json has no apiUrl");
        }
        var url = config.apiUrl.replace(/\/+$/, "") + "/api/health-check";
        return fetchJson(url, { cache: "no-store" }).then(function (body) {
          if (!body || body.success !== true) throw new Error(url + " reported a failure");
          showStatus("ok", "The API is up (version " + body.ver + ").", url);
        });
      })
      .catch(function (error) {
        showStatus(
          "error",
          "The API could not be reached.",
          error.message + ". If it scales to zero it may still be starting; try again in a minute.",
        );
      });
  }

  document.getElementById("retry").addEventListener("click", checkBackend);

  render();
  checkBackend();
})();
