import { z } from 'zod';
import { CONTACTS } from './contacts.ts';
import { HttpError } from './errors.ts';
import type { Lang } from './i18n.ts';

/**
 * The logged-in account's address book, as the phone knows it: what the page mirrors into
 * IndexedDB "model-storage" (stores "contact" and "chat") once it is logged in. Real WhatsApp Web
 * keeps these records in the same database under the same field names.
 */

/** A "contact" record of model-storage. */
export interface BookContact {
  id: string;
  /** The name saved in the phone's address book; absent for numbers that are not saved. */
  name?: string;
  shortName?: string;
  /** The name the person chose in their own WhatsApp. */
  pushname?: string;
  isBusiness?: boolean;
  /**
   * A contact addressed by `@lid` (WhatsApp's LID migration) keeps its number only here, as a
   * phone id (`15550100001@c.us`); wa-js's getPnLidEntry returns the same pair.
   */
  phoneNumber?: string;
  isMyContact: boolean;
  type: 'in';
}

/** A "chat" record of model-storage: `t` is the last activity in seconds since the epoch. */
export interface BookChat {
  id: string;
  t: number;
  unreadCount: number;
  name?: string;
  archive?: boolean;
}

/** One id of the book with its records; groups and broadcasts have a chat and no contact. */
export interface SimAddressBookEntry {
  id: string;
  contact: BookContact | null;
  chat: BookChat | null;
}

/** A row of the page's chat list. `title` null: a fixture chat shown with its localized name. */
export interface SimChatListEntry {
  id: string;
  title: string | null;
  /** Texts of messages received through the control API, oldest first. */
  incoming: string[];
}

export interface SimAddressBookSummary {
  revision: number;
  /** Contact records (people, saved or not). */
  contacts: number;
  /** Chat records, groups and broadcasts included. */
  chats: number;
}

const personId = z.string().regex(/^\d{5,20}@(c\.us|lid)$/, 'a person id such as 15550100001@c.us');
const chatId = z.union([personId, z.string().regex(/^(\d{5,30}@g\.us|[\w.-]{1,40}@broadcast)$/, 'a chat id')]);
/** Up to 1000 characters: longer than the kiosk accepts, so that tests can check it bounds them. */
const nameText = z.string().min(1).max(1_000);

export const contactOpSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('upsert'),
      contact: z
        .object({
          id: personId,
          name: nameText.nullable().optional(),
          shortName: nameText.nullable().optional(),
          pushname: nameText.nullable().optional(),
          isBusiness: z.boolean().optional(),
          phoneNumber: z
            .string()
            .regex(/^\d{5,20}@c\.us$/, 'a phone id such as 15550100001@c.us')
            .nullable()
            .optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ op: z.literal('rename'), id: personId, name: nameText.nullable() }).strict(),
  z.object({ op: z.literal('message'), id: chatId, text: z.string().min(1).max(4_096).optional() }).strict(),
]);
export const contactOpListSchema = z.array(contactOpSchema).min(1).max(1_000);

export type SimContactOp = z.input<typeof contactOpSchema>;
type ContactOp = z.output<typeof contactOpSchema>;

/** What the page writes after a change: whole records, so that applying them twice is harmless. */
export interface AddressBookChange {
  revision: number;
  entries: SimAddressBookEntry[];
}

/** 2026-05-28: generated chats were last active before this, deterministically. */
const BASE_T = 1_780_000_000;
/** Generated numbers: +1 555 020 0000 upwards (fictional, like the fixture chats' 555 010 000x). */
const FIRST_GENERATED = 15_550_200_000;
/** Every 25th generated contact brings a group chat along. */
const GROUP_EVERY = 25;
/** The first few generated chats (a group among them) show in the chat list. */
const VISIBLE_GENERATED = 3;
const MAX_INCOMING = 20;

export class AddressBook {
  readonly #entries = new Map<string, SimAddressBookEntry>();
  /** Ids in the order the page syncs them: fixtures, then generated, then added by the API. */
  readonly #order: string[] = [];
  /** Fixture chats whose name the API changed: the chat list shows that name in every language. */
  readonly #renamed = new Set<string>();
  /** Chats beyond the fixtures that the chat list shows, most recently active first. */
  readonly #visible: string[] = [];
  readonly #incoming = new Map<string, string[]>();
  #revision = 0;

  constructor(size: number, lang: Lang) {
    CONTACTS.forEach((fixture, index) => {
      this.#add({
        id: fixture.id,
        contact: {
          id: fixture.id,
          name: fixture.name[lang],
          shortName: fixture.name[lang].split(' ')[0],
          pushname: fixture.pushName[lang],
          ...(fixture.business ? { isBusiness: true } : {}),
          isMyContact: true,
          type: 'in',
        },
        chat: { id: fixture.id, t: BASE_T + 3_600 - index * 600, unreadCount: [2, 1, 0, 0][index] ?? 0 },
      });
    });
    // Never reported by the kiosk: a group and the status broadcast, as every account has.
    const team = { en: 'Support team', zh: '客服团队' }[lang];
    this.#add({
      id: '120363999000000001@g.us',
      contact: null,
      chat: { id: '120363999000000001@g.us', t: BASE_T + 1_200, unreadCount: 3, name: team },
    });
    this.#add({ id: 'status@broadcast', contact: null, chat: { id: 'status@broadcast', t: BASE_T, unreadCount: 0 } });

    for (let index = 0; index < size; index += 1) {
      if (index % GROUP_EVERY === 0) {
        const group = generatedGroup(index / GROUP_EVERY, lang);
        this.#add(group);
        if (this.#visible.length < VISIBLE_GENERATED) this.#visible.push(group.id);
      }
      const entry = generatedContact(index, lang);
      this.#add(entry);
      if (entry.chat !== null && this.#visible.length < VISIBLE_GENERATED) this.#visible.push(entry.id);
    }
  }

  get revision(): number {
    return this.#revision;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  summary(): SimAddressBookSummary {
    let contacts = 0;
    let chats = 0;
    for (const entry of this.#entries.values()) {
      if (entry.contact !== null) contacts += 1;
      if (entry.chat !== null) chats += 1;
    }
    return { revision: this.#revision, contacts, chats };
  }

  /** Every entry, copied: callers may keep or change them. */
  list(): SimAddressBookEntry[] {
    return this.#order.map((id) => copy(this.#entries.get(id) as SimAddressBookEntry));
  }

  /** The page's initial sync reads the book in slices. */
  slice(offset: number, limit: number): { revision: number; total: number; entries: SimAddressBookEntry[] } {
    const entries = this.#order.slice(offset, offset + limit).map((id) => this.#entries.get(id) as SimAddressBookEntry);
    return { revision: this.#revision, total: this.#order.length, entries };
  }

  chatList(): SimChatListEntry[] {
    const fixtures = CONTACTS.map((fixture) => ({
      id: fixture.id,
      title: this.#renamed.has(fixture.id) ? this.#titleOf(fixture.id) : null,
      incoming: [...(this.#incoming.get(fixture.id) ?? [])],
    }));
    const others = this.#visible.map((id) => ({ id, title: this.#titleOf(id), incoming: [...(this.#incoming.get(id) ?? [])] }));
    return [...fixtures, ...others];
  }

  /** Applies the operations all or nothing: one new revision for the lot. */
  apply(ops: readonly ContactOp[]): AddressBookChange {
    const staged = new Map<string, SimAddressBookEntry>();
    const current = (id: string) => staged.get(id) ?? copy(this.#entries.get(id) ?? { id, contact: null, chat: null });
    const incoming: Array<{ id: string; text: string }> = [];
    const renamed = new Set<string>();
    const messaged: string[] = [];
    const now = Math.floor(Date.now() / 1000);
    for (const op of ops) {
      const id = op.op === 'upsert' ? op.contact.id : op.id;
      const entry = current(id);
      switch (op.op) {
        case 'upsert': {
          const contact: BookContact = entry.contact ?? { id, isMyContact: false, type: 'in' };
          for (const [key, value] of Object.entries(op.contact)) {
            if (key === 'id') continue;
            if (value === null) delete (contact as unknown as Record<string, unknown>)[key];
            else (contact as unknown as Record<string, unknown>)[key] = value;
          }
          contact.isMyContact = contact.name !== undefined;
          entry.contact = contact;
          if (op.contact.name !== undefined) renamed.add(id);
          break;
        }
        case 'rename': {
          if (entry.contact === null) throw new HttpError(404, `no contact '${id}' in the address book`);
          if (op.name === null) delete entry.contact.name;
          else entry.contact.name = op.name;
          entry.contact.isMyContact = entry.contact.name !== undefined;
          renamed.add(id);
          break;
        }
        case 'message': {
          const t = Math.max(now, (entry.chat?.t ?? 0) + 1);
          entry.chat = { ...(entry.chat ?? { id }), id, t, unreadCount: (entry.chat?.unreadCount ?? 0) + 1 };
          if (op.text !== undefined) incoming.push({ id, text: op.text });
          messaged.push(id);
          break;
        }
      }
      staged.set(id, entry);
    }

    this.#revision += 1;
    for (const [id, entry] of staged) {
      if (this.#entries.has(id)) this.#entries.set(id, entry);
      else this.#add(entry);
    }
    for (const id of renamed) if (isFixture(id)) this.#renamed.add(id);
    // A chat with a new message moves to the top of the list (below the fixture chats).
    for (const id of messaged) {
      if (isFixture(id)) continue;
      const at = this.#visible.indexOf(id);
      if (at >= 0) this.#visible.splice(at, 1);
      this.#visible.unshift(id);
    }
    for (const { id, text } of incoming) {
      const texts = this.#incoming.get(id) ?? [];
      texts.push(text);
      this.#incoming.set(id, texts.slice(-MAX_INCOMING));
    }
    return { revision: this.#revision, entries: [...staged.values()].map(copy) };
  }

  #add(entry: SimAddressBookEntry): void {
    this.#entries.set(entry.id, entry);
    this.#order.push(entry.id);
  }

  /** As WhatsApp titles a chat: the saved name, the group's name, else the number. */
  #titleOf(id: string): string {
    const entry = this.#entries.get(id);
    return entry?.contact?.name ?? entry?.chat?.name ?? formatNumber(id);
  }
}

function isFixture(id: string): boolean {
  return CONTACTS.some((fixture) => fixture.id === id);
}

function copy(entry: SimAddressBookEntry): SimAddressBookEntry {
  return { id: entry.id, contact: entry.contact && { ...entry.contact }, chat: entry.chat && { ...entry.chat } };
}

/** "+1 555 020 0042" for a North American number, else "+" and the digits. */
function formatNumber(id: string): string {
  const digits = id.slice(0, id.indexOf('@'));
  const nanp = /^1(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : `+${digits}`;
}

const EN_FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'Carlos',
  'María',
  'José',
  'Ana',
  'Fatima',
  'Ahmed',
  'Priya',
  'Raj',
  'Yuki',
  'Olga',
  'Pierre',
  'Zoë',
  'Chloé',
  'Seán',
  'Ngozi',
  'Kwame',
  'Mei',
  'Hiroshi',
  'Lars',
  'Ingrid',
];
const EN_LAST = [
  'Smith',
  'Garcia',
  'Miller',
  'Davis',
  'Rodríguez',
  'Martínez',
  'Hernández',
  'López',
  "O'Brien",
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Jackson',
  'Müller',
  'Lee',
  'Pérez',
  'Thompson',
  'White',
  'Nguyen',
  'Sánchez',
  'Clark',
  'Okafor',
  'Kowalski',
  'Robinson',
  'Walker',
  'Young',
  'Van der Berg',
  'King',
  'Wright',
];
const EN_BUSINESS = ['{} Logistics', '{} & Sons', '{} Dental Clinic', '{} Auto Parts', '{} Bakery', '{} Travel Agency'];
const EN_NICK = ['{}', '{} 🙂', '~{}', '{}!!', '{} ✈️', '{}_official'];
const ZH_SURNAME = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '欧阳',
  '司马',
];
const ZH_GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '平',
  '建国',
  '晓红',
  '子涵',
  '浩然',
];
const ZH_BUSINESS = ['{}氏物流', '{}记餐厅', '{}家电维修', '{}牙科诊所', '{}氏贸易有限公司', '{}家旅行社'];
const ZH_NICK = ['{}{}', '小{}', '{} 🌸', '阿{}', '{}~', '{}同学'];

/** Spreads neighbouring indexes over the name lists (Knuth's multiplicative hash). */
function mix(index: number): number {
  return Math.imul(index + 1, 2_654_435_761) >>> 0;
}

function pick<T>(list: readonly T[], seed: number): T {
  return list[seed % list.length] as T;
}

function fill(pattern: string, ...values: string[]): string {
  let next = 0;
  return pattern.replace(/\{\}/g, () => values[Math.min(next++, values.length - 1)] ?? '');
}

/**
 * Generated contact `index`: deterministic from the index alone. Every 7th is not saved (push
 * name only), every 11th a business; 3 in 4 have a chat; in a Chinese book 4 in 5 names are
 * Chinese.
 */
function generatedContact(index: number, lang: Lang): SimAddressBookEntry {
  const id = `${FIRST_GENERATED + index}@c.us`;
  const seed = mix(index);
  const chinese = lang === 'zh' && index % 5 !== 4;
  const first = chinese ? pick(ZH_GIVEN, seed >>> 3) : pick(EN_FIRST, seed >>> 3);
  const last = chinese ? pick(ZH_SURNAME, seed >>> 11) : pick(EN_LAST, seed >>> 11);
  const business = index % 11 === 5;
  const saved = business || index % 7 !== 3;
  const name = business
    ? fill(pick(chinese ? ZH_BUSINESS : EN_BUSINESS, seed >>> 17), last)
    : chinese
      ? `${last}${first}`
      : `${first} ${last}`;
  const pushname = !saved || index % 3 !== 0 ? fill(pick(chinese ? ZH_NICK : EN_NICK, seed >>> 23), first, first) : undefined;

  const contact: BookContact = {
    id,
    ...(saved ? { name, shortName: business ? name : first } : {}),
    ...(pushname ? { pushname } : {}),
    ...(business ? { isBusiness: true } : {}),
    isMyContact: saved,
    type: 'in',
  };
  const chat: BookChat | null =
    index % 4 === 2
      ? null
      : {
          id,
          t: BASE_T - index * 53 - (seed % 50),
          unreadCount: index % 9 === 0 ? 1 + (seed % 5) : 0,
          ...(index % 13 === 0 ? { archive: true } : {}),
        };
  return { id, contact, chat };
}

function generatedGroup(index: number, lang: Lang): SimAddressBookEntry {
  const id = `120363${String(index).padStart(12, '0')}@g.us`;
  const name = lang === 'zh' ? `客户群 ${index + 1}` : `Customers ${index + 1}`;
  return { id, contact: null, chat: { id, t: BASE_T - index * 700, unreadCount: index % 3, name } };
}
