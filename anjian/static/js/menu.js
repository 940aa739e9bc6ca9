// The header's "菜单" button (base.html): on a narrow screen the menu stays folded until the button opens it.
// The state lives in the button's aria-expanded, which the style sheet reads; without JavaScript the button has
// no aria-expanded, stays hidden and the menu is shown. Escape closes the open menu and returns to the button.
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
