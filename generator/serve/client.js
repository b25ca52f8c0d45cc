// Live reload for `python -m generator serve`. The server puts this script into HTML
// responses only, with the state the page was served under in data-newsarchive-livereload.
//
// Every message from /__livereload is the whole current state: {build, status, errors,
// page_build, server}. A page reloads when a newer build changed pages, swaps its
// stylesheets when only CSS changed, and shows an overlay while the last build failed.
// The tabs of one browser share one event stream: the tab holding a Web Lock opens it and
// passes each state on through a BroadcastChannel; without those APIs each tab connects.
(function () {
  "use strict";
  var NAME = "newsarchive-livereload";
  var ENDPOINT = "/__livereload";
  var script = document.currentScript;
  var initial = JSON.parse(script.getAttribute("data-" + NAME));
  var shown = initial.build; // the build this page shows (stylesheets included)
  var server = initial.server;
  var latest = null; // the newest state this tab heard from the server, when leading
  var channel = null;
  var overlay = null;
  var reloading = false;

  function whenBody(run) {
    if (document.body) run();
    else document.addEventListener("DOMContentLoaded", run);
  }

  function reload() {
    // The browser keeps the scroll position across a reload by itself.
    if (reloading) return;
    reloading = true;
    location.reload();
  }

  function swapStylesheets(build) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      if (link.hasAttribute("data-" + NAME + "-old")) return;
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("livereload", String(build));
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      link.setAttribute("data-" + NAME + "-old", "");
      var done = function () { link.remove(); };
      fresh.addEventListener("load", done);
      fresh.addEventListener("error", done);
      link.after(fresh);
    });
  }

  function element(parent, tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.setAttribute("style", style);
    parent.appendChild(node);
    return node;
  }

  // The errors the page should show (null: none), and those the reader closed.
  var errorsShown = null;
  var errorsWanted = null;
  var errorsClosed = null;

  // "error": the build failed and the page is the last good build; "partial": the site
  // is built without the articles the errors are in.
  var errorsKind = "error";

  function setErrors(errors, kind) {
    errorsWanted = errors ? JSON.stringify([kind, errors]) : null;
    errorsKind = kind;
    whenBody(renderErrors);
  }

  function closeErrors() {
    errorsClosed = errorsShown;
    removeOverlay();
  }

  function removeOverlay() {
    if (overlay) overlay.remove();
    overlay = null;
    errorsShown = null;
  }

  function renderErrors() {
    if (errorsWanted === errorsShown) return;
    removeOverlay();
    if (errorsWanted === null || errorsWanted === errorsClosed) return;
    var host = document.createElement("div");
    host.id = NAME + "-overlay";
    host.setAttribute("style", "all: initial; position: fixed; inset: 0; " +
      "z-index: 2147483647; display: block;");
    // A shadow root keeps the site's styles off the overlay and the overlay's off the site.
    var root = host.attachShadow ? host.attachShadow({mode: "open"}) : host;
    var panel = element(root, "div", "", "box-sizing: border-box; height: 100%; " +
      "overflow: auto; padding: 2rem; background: rgba(20, 20, 20, 0.92); color: #f5f5f5; " +
      "font: 15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;");
    panel.setAttribute("role", "alert");
    var close = element(panel, "button", "Close", "float: right; font: inherit; " +
      "padding: 0.2rem 0.8rem; cursor: pointer;");
    close.addEventListener("click", closeErrors);
    var partial = errorsKind === "partial";
    element(panel, "h2", partial ? "Some articles were left out" : "The build failed",
      "margin: 0 0 0.5rem; color: #ff8a80; font-size: 1.3rem;");
    element(panel, "p", partial ?
      "The site is built without the files below, which have errors. Fix them and save; " +
      "the page updates by itself." :
      "This page is the last good build. Fix the problem below and save; the page " +
      "updates by itself.", "margin: 0 0 1rem; color: #cfcfcf;");
    var list = element(panel, "ol", "", "margin: 0; padding-left: 1.5rem;");
    JSON.parse(errorsWanted)[1].forEach(function (error) {
      var item = element(list, "li", "", "margin: 0 0 1rem;");
      item.setAttribute("data-livereload-error", "");
      var where = error.line ? error.path + ":" + error.line : error.path;
      element(item, "div", where, "color: #8ab4f8; font-weight: bold;");
      element(item, "div", error.message, "white-space: pre-wrap;");
      if (error.hint) element(item, "div", error.hint, "color: #c5e1a5;");
    });
    document.body.appendChild(host);
    overlay = host;
    errorsShown = errorsWanted;
  }

  function apply(state) {
    if (!state || typeof state.build !== "number" || reloading) return;
    if (state.server !== server) {
      // A newer server run: its builds count from zero again. An older one is a stale
      // message from a tab that has not reconnected yet.
      if (state.server > server) reload();
      return;
    }
    if (state.build > shown) {
      if (state.page_build > shown) {
        reload();
        return;
      }
      swapStylesheets(state.build);
      shown = state.build;
    }
    setErrors(state.status === "ok" ? null : state.errors || [], state.status);
  }

  function connect() {
    var source = new EventSource(ENDPOINT);
    source.onmessage = function (event) {
      var state;
      try { state = JSON.parse(event.data); } catch (e) { return; }
      latest = state;
      if (channel) channel.postMessage({type: "state", state: state});
      apply(state);
    };
    source.onerror = function () {
      // EventSource retries by itself unless the answer was not an event stream.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  function shareOneStream() {
    channel = new BroadcastChannel(NAME);
    channel.onmessage = function (event) {
      var message = event.data || {};
      if (message.type === "state") apply(message.state);
      else if (message.type === "hello" && latest) {
        channel.postMessage({type: "state", state: latest});
      }
    };
    // The lock is held for as long as this page lives; then the next tab takes over,
    // and its first message (the current state) reaches every tab.
    navigator.locks.request(NAME, function () {
      connect();
      return new Promise(function () {});
    }).catch(function () {
      channel.close();
      channel = null;
      connect();
    });
    channel.postMessage({type: "hello"});
  }

  apply(initial);
  if (navigator.locks && window.BroadcastChannel) shareOneStream();
  else connect();
})();
