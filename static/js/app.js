// Initialise DKFDS components, also on content that htmx swaps in.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) { window.DKFDS.init(); }
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
document.addEventListener("htmx:afterSettle", function (event) {
  if (window.DKFDS) { window.DKFDS.init({ scope: event.target }); }
});
// Buttons and forms that ask before doing something that cannot be undone.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
