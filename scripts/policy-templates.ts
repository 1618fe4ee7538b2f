// npm run policy:templates: writes the Group Policy templates and the sample configuration
// profile (resources/policy/) from the settings schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { policyTemplateFiles } from './policy/generate.ts';

const root = join(import.meta.dirname, '..');
for (const file of policyTemplateFiles()) {
  mkdirSync(dirname(join(root, file.path)), { recursive: true });
  writeFileSync(join(root, file.path), file.content);
  console.log(`wrote ${file.path}`);
}
