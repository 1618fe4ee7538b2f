import { describe, expect, it } from 'vitest';
import { mappingFromRoles, rolesFromMapping } from '../../renderer/src/column-roles.ts';

const HEADERS = ['First Name', 'Last Name', 'Mobile', 'Work Phone', 'E-mail', 'Company', 'Notes', ''];

describe('import column roles', () => {
  it('shows the mapping a layout implies, one role per column', () => {
    const roles = rolesFromMapping(HEADERS, {
      name: ['First Name', 'Last Name'],
      phones: ['Mobile'],
      emails: ['E-mail'],
      organization: 'Company',
    });
    expect(roles).toEqual(['name', 'name', 'phone', 'ignore', 'email', 'organization', 'ignore', 'ignore']);
  });

  it('turns the agent’s roles back into a mapping: names in file order, several phones, one company', () => {
    const mapping = mappingFromRoles(HEADERS, ['name', 'name', 'phone', 'phone', 'email', 'organization', 'organization', 'phone']);
    expect(mapping).toEqual({
      name: ['First Name', 'Last Name'],
      phones: ['Mobile', 'Work Phone'],
      emails: ['E-mail'],
      organization: 'Company',
    });
  });

  it('round-trips', () => {
    const mapping = { name: ['First Name'], phones: ['Mobile', 'Work Phone'], emails: ['E-mail'], note: 'Notes' };
    expect(mappingFromRoles(HEADERS, rolesFromMapping(HEADERS, mapping))).toEqual(mapping);
  });
});
