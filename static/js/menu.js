/* The design system opens the phone menu by a class on <body>; the menu button tells
   screen readers whether the menu is open. */
(function () {
  var button = document.querySelector(".js-menu-open");
  if (!button) { return; }
  function sync() {
    button.setAttribute("aria-expanded", document.body.classList.contains("mobile-nav-active") ? "true" : "false");
  }
  new MutationObserver(sync).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  sync();
})();
