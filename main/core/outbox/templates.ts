import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UI_LANGUAGES, type UiLanguage } from '../ipc/contract.ts';
import { renderHtml, renderText, unknownPlaceholders, type TemplateValues } from './render.ts';

/**
 * IT-editable message templates: `resources/templates/email/*.json` and `resources/templates/sms/*.json`
 * (SMS templates serve every HTTP channel), each complete in every language of the kiosk.
 */
const perLanguage = (max: number) =>
  z
    .object(Object.fromEntries(UI_LANGUAGES.map((language) => [language, z.string().min(1).max(max)])) as Record<UiLanguage, z.ZodString>)
    .strict()
    .superRefine((texts, context) => {
      for (const [language, text] of Object.entries(texts)) {
        for (const name of unknownPlaceholders(text)) {
          context.addIssue({ code: 'custom', path: [language], message: `unknown placeholder {${name}}` });
        }
      }
    });

const templateFile = z
  .object({
    /** What the agent picks, in their language. */
    title: perLanguage(100),
    /** Email only. */
    subject: perLanguage(300).optional(),
    text: perLanguage(20_000),
    /** Email only: IT's own HTML body; values put into it are escaped. Without it, the text as HTML. */
    html: perLanguage(100_000).optional(),
    /** Offered for customer notices when an outage is declared. */
    notice: z.boolean().default(false),
  })
  .strict();

export type TemplateKind = 'email' | 'sms';
export interface MessageTemplate extends z.infer<typeof templateFile> {
  id: string;
  kind: TemplateKind;
}

export interface RenderedMessage {
  subject: string | null;
  text: string;
  html: string | null;
}

/** A template file IT wrote that cannot be used, with the file and the reason. */
export class TemplateFileError extends Error {}

/** Reads and checks every template; a bad file is an error naming it, so IT sees it at start. */
export function loadTemplates(dir: string): MessageTemplate[] {
  const templates: MessageTemplate[] = [];
  for (const kind of ['email', 'sms'] as const) {
    let names: string[];
    try {
      names = readdirSync(join(dir, kind)).filter((name) => name.endsWith('.json'));
    } catch {
      continue;
    }
    for (const name of names.sort()) templates.push(parseTemplate(kind, name, readFileSync(join(dir, kind, name), 'utf8')));
  }
  return templates;
}

export function parseTemplate(kind: TemplateKind, fileName: string, source: string): MessageTemplate {
  const where = `template ${kind}/${fileName}`;
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new TemplateFileError(`${where}: not JSON (${(error as Error).message})`);
  }
  const parsed = templateFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TemplateFileError(`${where}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  if (kind === 'email' && parsed.data.subject === undefined) throw new TemplateFileError(`${where}: an email template needs a subject`);
  if (kind === 'sms' && (parsed.data.subject !== undefined || parsed.data.html !== undefined)) {
    throw new TemplateFileError(`${where}: an SMS template has text only (no subject, no html)`);
  }
  return { ...parsed.data, id: fileName.replace(/\.json$/, ''), kind };
}

/** The message a template makes in one language; the agent's free text goes in {message}. */
export function renderTemplate(template: MessageTemplate, language: UiLanguage, values: TemplateValues): RenderedMessage {
  const text = template.text[language];
  return {
    subject: template.subject ? renderText(template.subject[language], values).replace(/[\r\n]+/g, ' ') : null,
    text: renderText(text, values),
    html: template.kind === 'email' ? renderHtml({ html: template.html?.[language], text }, values) : null,
  };
}
