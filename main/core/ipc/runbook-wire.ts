/** How a call ended; a callback carries the time promised. Shared by the core and the pane. */
export const CALL_OUTCOMES = ['reached', 'voicemail', 'no-answer', 'callback'] as const;

/** Fills a script's placeholders; an unknown one is left as written, so IT sees the typo. */
export function fillScript(template: string, values: Record<'customer' | 'agent' | 'incident' | 'expectedRecovery', string>): string {
  return template.replace(/\{(customer|agent|incident|expectedRecovery)\}/g, (_, name: keyof typeof values) => values[name]);
}
