import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe } from '../config/policy.ts';
import { FAULT_CODES } from '../health/faults.ts';

const text = z.string().trim().min(1).max(1_000);
const step = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'letters, digits and dashes, up to 40'), en: text, zh: text }).strict();

/** resources/checklists/checklists.json: what the agent can still try, per fault code. */
export const checklistsSchema = z
  .object({
    comment: z.string().optional(),
    faults: z
      .partialRecord(z.enum([...FAULT_CODES, 'default']), z.object({ steps: z.array(step).min(1).max(30) }).strict())
      .refine((faults) => faults.default !== undefined, 'a "default" checklist is needed for the faults without one'),
  })
  .strict();
export type Checklists = z.infer<typeof checklistsSchema>;

export const SCRIPT_SITUATIONS = ['whatsapp-down', 'not-delivered', 'file-failed', 'callback'] as const;
const script = z.object({ title: z.string().trim().min(1).max(100), text: z.string().trim().min(1).max(4_000) }).strict();

/** resources/scripts/scripts.json: what to say on the phone, per situation, in both languages. */
export const scriptsSchema = z
  .object({
    comment: z.string().optional(),
    scripts: z.object(Object.fromEntries(SCRIPT_SITUATIONS.map((name) => [name, z.object({ en: script, zh: script }).strict()]))).strict(),
  })
  .strict();
export type Scripts = Record<
  (typeof SCRIPT_SITUATIONS)[number],
  { en: { title: string; text: string }; zh: { title: string; text: string } }
>;

export interface Runbook {
  checklists: Checklists | null;
  scripts: Scripts | null;
  /** One line per file that could not be used, for the status bar and the log. */
  problems: string[];
}

/** Reads and checks both IT-editable files; a bad one is reported and its tool says so, the other still works. */
export function loadRunbook(resourcesDir: string): Runbook {
  const problems: string[] = [];
  const read = <T>(file: string, schema: z.ZodType<T>): T | null => {
    const path = join(resourcesDir, file);
    try {
      const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (parsed.success) return parsed.data;
      problems.push(`${path} is not valid: ${describe(parsed.error)}`);
    } catch (error) {
      problems.push(`${path} cannot be read: ${(error as Error).message}`);
    }
    return null;
  };
  const scripts = read('scripts/scripts.json', scriptsSchema) as { scripts: Scripts } | null;
  return { checklists: read('checklists/checklists.json', checklistsSchema), scripts: scripts?.scripts ?? null, problems };
}
