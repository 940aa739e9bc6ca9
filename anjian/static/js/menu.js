// The header's "菜单" button (base.html): on a narrow screen the menu stays folded until the button opens it.
// Loaded in <head> without defer so that the page is marked (html.js-menu) before it is first drawn: the style
// sheet folds the menu only then, so without JavaScript the menu is simply shown and the button stays hidden.
// The state lives in the button's aria-expanded; Escape closes the open menu and returns to the button.
document.documentElement.classList.add("js-menu");
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  function set(open) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
  set(false);
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    set(false);
    button.focus();
  });
});
