import { describe, expect, it } from 'vitest';
import type { ContactDraft, WhatsAppContact } from '../../main/core/contacts/contact.ts';
import { searchTerms } from '../../main/core/contacts/contact-store.ts';
import { EMPTY_CONTACT, mergeCrm, mergeWhatsApp, phoneOfWhatsAppId, searchTextOf } from '../../main/core/contacts/merge.ts';

const draft = (change: Partial<ContactDraft> = {}): ContactDraft => ({
  name: 'Alice Johnson',
  phones: ['+15550100001'],
  emails: ['alice@example.com'],
  organization: 'Acme Ltd',
  note: null,
  ...change,
});

const chat = (change: Partial<WhatsAppContact> = {}): WhatsAppContact => ({
  id: '15550100001@c.us',
  phone: null,
  name: 'Alice (phone book)',
  pushName: 'Ali',
  isBusiness: false,
  lastInteractionAt: 1_000,
  unread: 2,
  ...change,
});

describe('merging contacts', () => {
  it('lets the CRM name win over the phone book, whichever comes first, and keeps each field’s source', () => {
    const crmFirst = mergeWhatsApp(mergeCrm(EMPTY_CONTACT, draft(), 'crm.csv'), chat(), '+15550100001');
    const whatsappFirst = mergeCrm(mergeWhatsApp(EMPTY_CONTACT, chat(), '+15550100001'), draft(), 'crm.csv');
    for (const merged of [crmFirst, whatsappFirst]) {
      expect(merged).toMatchObject({
        name: 'Alice Johnson',
        pushName: 'Ali',
        phones: ['+15550100001'],
        emails: ['alice@example.com'],
        whatsappId: '15550100001@c.us',
        unread: 2,
      });
      expect(merged.sources.name).toEqual({ kind: 'crm', file: 'crm.csv' });
      expect(merged.sources.pushName).toEqual({ kind: 'whatsapp' });
      expect(merged.sources.emails).toEqual({ kind: 'crm', file: 'crm.csv' });
    }
  });

  it('adds numbers and emails from a second file without losing the first ones, and empty fields keep theirs', () => {
    const first = mergeCrm(EMPTY_CONTACT, draft({ note: 'VIP' }), 'a.csv');
    const second = mergeCrm(first, draft({ name: null, phones: ['+442079460018'], emails: [], organization: null }), 'b.vcf');
    expect(second).toMatchObject({
      name: 'Alice Johnson',
      note: 'VIP',
      organization: 'Acme Ltd',
      phones: ['+15550100001', '+442079460018'],
      emails: ['alice@example.com'],
    });
    expect(second.sources).toMatchObject({ name: { kind: 'crm', file: 'a.csv' }, phones: { kind: 'crm', file: 'b.vcf' } });
  });

  it('never lets a later sync move the last interaction back in time', () => {
    const seen = mergeWhatsApp(EMPTY_CONTACT, chat({ lastInteractionAt: 5_000 }), null);
    expect(mergeWhatsApp(seen, chat({ lastInteractionAt: 1_000 }), null).lastInteractionAt).toBe(5_000);
  });

  it('reads the number out of a WhatsApp id, and refuses ids that are not numbers', () => {
    expect(phoneOfWhatsAppId('8613800138000@c.us', null)).toBe('+8613800138000');
    expect(phoneOfWhatsAppId('x@c.us', '+44 20 7946 0018')).toBe('+442079460018');
    expect(phoneOfWhatsAppId('123@c.us', null)).toBeNull();
    expect(phoneOfWhatsAppId('0123456789@c.us', null)).toBeNull();
  });

  it('indexes numbers as bare digits so any run of digits finds them', () => {
    const text = searchTextOf(mergeCrm(EMPTY_CONTACT, draft(), 'crm.csv'));
    expect(text).toContain('15550100001');
    expect(text).not.toContain('+');
  });
});

describe('search terms', () => {
  it('reduces a typed phone number to its digits', () => {
    expect(searchTerms(' +1 (555) 010-0001 ')).toEqual({ long: ['15550100001'], short: '+1 (555) 010-0001' });
  });

  it('keeps words long enough for the trigram index, and leaves short queries to the name prefix', () => {
    expect(searchTerms('Alice J').long).toEqual(['Alice']);
    expect(searchTerms('张伟')).toEqual({ long: [], short: '张伟' });
    expect(searchTerms('李娜娜').long).toEqual(['李娜娜']);
    expect(searchTerms('   ')).toEqual({ long: [], short: '' });
  });
});
