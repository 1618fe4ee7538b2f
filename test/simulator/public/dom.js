/** Builds an element: h('div', { id: 'main', onclick: handler }, child, [children], null). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** WhatsApp draws its icons in `<span data-icon="...">`: the markers the kiosk's probe reads. */
export function icon(name, label) {
  return h('span', { 'data-icon': name, 'aria-label': label });
}

/** Random hex, also outside secure contexts (a trainer may open the simulator by LAN address). */
export function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
