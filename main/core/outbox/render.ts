/**
 * The template renderer: `{name}` placeholders filled with values. Pure. Values come from
 * customers and agents, so in an HTML body every value is escaped; the template's own text is
 * IT's and is escaped too unless it is the HTML part they wrote.
 */

export const PLACEHOLDERS = ['customer', 'agent', 'incident', 'expectedRecovery', 'message', 'company', 'contactInfo'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<Placeholder, string>>;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The placeholders a text uses that the renderer does not know (a typo in IT's file). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !known.has(name));
}

/** Fills the placeholders as plain text; a missing value leaves an empty string, never the brace. */
export function renderText(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? (values[name] ?? '') : whole));
}

/**
 * An HTML body from IT's HTML template: the template's markup stays, every value is escaped.
 * Without an HTML template, the plain text escaped, paragraphs and line breaks kept.
 */
export function renderHtml(template: { html?: string | undefined; text: string }, values: TemplateValues): string {
  if (template.html !== undefined) {
    return template.html.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? escapeHtml(values[name] ?? '') : whole));
  }
  return textToHtml(renderText(template.text, values));
}

/** Plain text as an HTML body: escaped, paragraphs and line breaks kept. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html><body>${paragraphs.join('')}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}
