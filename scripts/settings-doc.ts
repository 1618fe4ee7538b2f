// npm run docs:settings: writes the settings reference for IT (docs/SETTINGS.md) from the schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsReferenceFile } from './policy/generate.ts';

const file = settingsReferenceFile();
writeFileSync(join(import.meta.dirname, '..', file.path), file.content);
console.log(`wrote ${file.path}`);
