// Starts the design system's components (kept out of the page: the CSP refuses inline script).
if (window.DKFDS) { DKFDS.init(); }
