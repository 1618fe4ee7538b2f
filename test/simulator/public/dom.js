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

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A 2026 status icon: an SVG titled with the icon's name (WhatsApp Design System `wds-ic-…`)
 * inside a span whose label is translated. The old markup used `data-icon` (see icon()).
 */
export function titledIcon(name, label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 15');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '15');
  const title = document.createElementNS(SVG, 'title');
  title.textContent = name;
  const mark = document.createElementNS(SVG, 'text');
  mark.setAttribute('x', '0');
  mark.setAttribute('y', '12');
  mark.setAttribute('font-size', '12');
  mark.textContent = name.endsWith('time') || name.includes('clock') ? '◷' : name.includes('dbl') ? '✓✓' : '✓';
  svg.append(title, mark);
  return h('span', { role: 'img', 'aria-label': label, class: 'status-icon' }, svg);
}

/** Text with its web addresses as links, as WhatsApp shows a message. */
export function linkified(text) {
  return text
    .split(/(https?:\/\/[^\s]+)/)
    .map((part, index) => (index % 2 === 1 ? h('a', { href: part, target: '_blank', rel: 'noopener noreferrer' }, part) : part));
}

/** Random hex, also outside secure contexts (a trainer may open the simulator by LAN address). */
export function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
