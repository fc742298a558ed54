/* timeline: optional search and filter. Progressive enhancement only: without this
   script every event is on the page and the (hidden) form simply stays hidden.
   Each timeline root ([data-tl-list]) gets its own controls, so several timelines can
   share a page. No network, no dependencies. */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setup(list) {
    var form = list.querySelector("[data-tl-controls]");
    if (!form || form.getAttribute("data-tl-ready")) return;
    form.setAttribute("data-tl-ready", "1");
    var events = Array.prototype.slice.call(list.querySelectorAll("[data-tl-event]"));
    var sections = Array.prototype.slice.call(list.querySelectorAll(".tl-year"));
    var q = form.querySelector("[data-tl-q]");
    var year = form.querySelector("[data-tl-year]");
    var tag = form.querySelector("[data-tl-tag]");
    var count = form.querySelector("[data-tl-count]");
    var texts = events.map(function (el) { return el.textContent.toLowerCase(); });
    // An event's year is its section's (the cards do not repeat it).
    var yearsOf = events.map(function (el) {
      var section = el.closest("[data-tl-year]");
      return section ? section.getAttribute("data-tl-year") : "";
    });
    // An event's tags are the items of its visible tag list (.tl-tags).
    var tagsOf = events.map(function (el) {
      return Array.prototype.map.call(el.querySelectorAll(".tl-tags li"), function (li) {
        return li.textContent.trim();
      });
    });

    function apply() {
      var terms = q ? words(q.value) : [];
      var y = year ? year.value : "";
      var t = tag ? tag.value : "";
      var shown = 0;
      events.forEach(function (el, i) {
        var ok = (!y || yearsOf[i] === y) &&
          (!t || tagsOf[i].indexOf(t) !== -1) &&
          terms.every(function (w) { return texts[i].indexOf(w) !== -1; });
        el.hidden = !ok;
        if (ok) shown += 1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("[data-tl-event]:not([hidden])");
      });
      if (count) {
        count.textContent = shown === events.length
          ? events.length + " events"
          : "Showing " + shown + " of " + events.length + " events";
      }
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); });
    [q, year, tag].forEach(function (el) {
      if (el) el.addEventListener(el === q ? "input" : "change", apply);
    });
    form.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tl-list]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  // Material for MkDocs' instant navigation swaps pages in without running scripts
  // again; it announces each new page on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
