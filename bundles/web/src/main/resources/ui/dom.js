// Building the page from the API's data. Everything that comes from the server (and so possibly from users of
// other nodes) goes into the page as text through textContent, never as HTML: a title such as
// <script>alert(1)</script> shows as those characters.

/**
 * Makes an element: props are set as properties (className, type, href…), except 'text', which becomes its
 * textContent; children are elements or strings (strings become text nodes).
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') {
      element.textContent = value == null ? '' : String(value);
    } else if (name.startsWith('data-') || name.startsWith('aria-')) {
      element.setAttribute(name, value);
    } else {
      element[name] = value;
    }
  }
  element.append(...children.filter(child => child != null));
  return element;
}

/** A button that runs action when pressed; while it runs the button is disabled, so a double click asks once. */
export function button(label, action, props = {}) {
  const element = el('button', Object.assign({ type: 'button', text: label }, props));
  element.addEventListener('click', async () => {
    element.disabled = true;
    try {
      await action();
    } finally {
      element.disabled = false;
    }
  });
  return element;
}

/**
 * Shows a message in a view's message line: kind 'error' (announced at once: role alert) or 'ok' (polite); an
 * empty message hides the line.
 */
export function say(line, message, kind = 'ok') {
  line.textContent = message || '';
  line.hidden = !message;
  line.className = 'message ' + kind;
  line.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

/** A time of the API (ISO 8601) as the reader's locale writes it. */
export function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

/** A node id is 32 characters; its first 8 tell nodes apart on a screen, the whole id is in the title. */
export function shortNode(id) {
  return el('abbr', { title: id || '', text: (id || '').slice(0, 8) + '…' });
}
