import type { ImportMessage } from '../../ipc/contacts-wire.ts';
import { importMessageText } from './messages.ts';

/**
 * A problem with the file as a whole (too big, not text, not contacts, too many rows): nothing in
 * it is imported. `detail` is what the agent reads, in their language; `message` is its English
 * sentence, for logs.
 */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  readonly detail: ImportMessage;

  constructor(detail: ImportMessage) {
    super(importMessageText(detail));
    this.detail = detail;
  }
}
