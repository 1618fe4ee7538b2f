/**
 * A problem with the file as a whole (too big, not text, not contacts, too many rows): nothing in
 * it is imported. The message is plain English, fit to show the agent as it is.
 */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}
