// Runs before the first paint (a classic script in the head, not a module): when the address names a view other
// than the node's (#profile, #market/listings…), the node's page is not drawn first only to be swapped for that view
// a moment later, which would make the page jump. dump.js removes the class once it has shown the view.
if (window.location.hash.length > 1 && window.location.hash !== '#node') {
  document.documentElement.classList.add('routing');
}
