import type { TFunction } from 'i18next';
import type { ImportMessage } from '../../main/core/ipc/contacts-wire.ts';

/**
 * What the importer says about a file or a row, in the agent's language. The params are the
 * file's own text and numbers: i18next puts them in as they are (it does not interpolate or nest
 * inside a value), and React renders the result as text.
 */
export function translateImportMessage(t: TFunction, message: ImportMessage): string {
  return t(`contacts.message.${message.code}`, message.params);
}
