// Initialise DKFDS components, also on content that htmx swaps in.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) { window.DKFDS.init(); }
  labelScrollRegions(document);
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
document.addEventListener("htmx:afterSettle", function (event) {
  labelScrollRegions(event.target);
  if (!window.DKFDS) { return; }
  // DKFDS.init always sets up the header's navigation again, which adds another "Mere" item to the main menu;
  // the one from the page's first init goes first.
  document.querySelectorAll(".navigation-menu .more-option").forEach(function (item) { item.remove(); });
  window.DKFDS.init({ scope: event.target });
});
// Every wide table sits in DKFDS's scroll container (<div class="table--responsive-scroll">), so a narrow window
// (320 px) scrolls the table, not the page. The container becomes a region named by the table's caption that a
// keyboard user can focus and scroll with the arrow keys.
var scrollRegionCount = 0;
function labelScrollRegions(scope) {
  var containers = Array.prototype.slice.call(scope.querySelectorAll(".table--responsive-scroll"));
  if (scope.classList && scope.classList.contains("table--responsive-scroll")) { containers.push(scope); }
  containers.forEach(function (container) {
    if (container.hasAttribute("role")) { return; }
    var caption = container.querySelector("caption");
    if (!caption) { return; }
    if (!caption.id) { scrollRegionCount += 1; caption.id = "table-caption-" + scrollRegionCount; }
    container.setAttribute("role", "region");
    container.setAttribute("aria-labelledby", caption.id);
    container.setAttribute("tabindex", "0");
  });
}
// Buttons and forms that ask before doing something that cannot be undone.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
