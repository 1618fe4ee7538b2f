import type { ColumnMapping } from '../../main/core/ipc/contacts-wire.ts';

/** What one column of a CSV file holds, as the agent sees it in the import form. */
export const COLUMN_ROLES = ['ignore', 'name', 'phone', 'email', 'organization', 'note'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** One role per header, from the mapping the file's layout implies. */
export function rolesFromMapping(headers: readonly string[], mapping: ColumnMapping): ColumnRole[] {
  const names = typeof mapping.name === 'string' ? [mapping.name] : (mapping.name ?? []);
  return headers.map((header) => {
    if (header === '') return 'ignore';
    if (names.includes(header)) return 'name';
    if (mapping.phones?.includes(header)) return 'phone';
    if (mapping.emails?.includes(header)) return 'email';
    if (mapping.organization === header) return 'organization';
    if (mapping.note === header) return 'note';
    return 'ignore';
  });
}

/**
 * The mapping the form describes. Several name columns are joined in file order (given, family);
 * a second company or note column is not used, the form says so by keeping only the first.
 */
export function mappingFromRoles(headers: readonly string[], roles: readonly ColumnRole[]): ColumnMapping {
  const withRole = (role: ColumnRole) => headers.filter((header, i) => header !== '' && roles[i] === role);
  const mapping: ColumnMapping = { phones: withRole('phone'), emails: withRole('email') };
  const name = withRole('name');
  if (name.length > 0) mapping.name = name;
  const [organization] = withRole('organization');
  if (organization) mapping.organization = organization;
  const [note] = withRole('note');
  if (note) mapping.note = note;
  return mapping;
}
