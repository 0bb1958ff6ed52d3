// The frame that shows a module's page inside the node's page. Module pages are served by the node itself
// (/modules/<module>/<page>/), in the node's origin, so the node's page can see how tall the module's page is: the
// frame follows the height of what it shows, and the node's page scrolls, with no second scroll bar inside it.
// A page the frame cannot look into (not of this origin) keeps the frame's height from the style sheet.

const frame = document.getElementById('page');
let watching = null;

/** Makes the frame as tall as the document it shows. */
function fit() {
  const document = frame.contentDocument;
  if (document && document.documentElement) {
    frame.style.height = Math.ceil(document.documentElement.getBoundingClientRect().height) + 'px';
  }
}

frame.addEventListener('load', () => {
  if (watching) watching.disconnect();
  watching = null;
  frame.style.removeProperty('height');
  const document = frame.contentDocument;
  if (!document || !document.documentElement) return;
  // The observer of the frame's own window: it sees every change of the page's height, as the page draws its
  // content, as the user opens or fills something, and as the width of the window changes.
  watching = new frame.contentWindow.ResizeObserver(fit);
  watching.observe(document.documentElement);
  fit();
});

/** Shows the module page at url in the frame (null: no module page, the frame is hidden). */
export function showModulePage(url) {
  if (url) {
    if (frame.getAttribute('src') !== url) frame.src = url;
  } else {
    if (watching) watching.disconnect();
    watching = null;
    frame.removeAttribute('src');
    frame.style.removeProperty('height');
  }
  frame.hidden = !url;
}
