import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type { CountryCode };

/**
 * Why a text is not a phone number, as a code the importer words in the agent's language.
 * `tooLong`: past PHONE_MAX_LENGTH; `invalidForRegion`: not a valid number of the default region.
 */
export type PhoneRefusal =
  'empty' | 'tooLong' | 'notPossible' | 'whatsappLid' | 'notPhoneNumber' | 'invalidInternational' | 'invalidForRegion';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: PhoneRefusal };

/** Longer than any phone number with an extension: anything beyond this is not a number. */
export const PHONE_MAX_LENGTH = 64;

/** "+" and at most 15 digits. */
const E164_MAX_LENGTH = 16;

const WHATSAPP_USER = /^(\d{5,20})@(?:c\.us|s\.whatsapp\.net)$/;

/** Whether `value` is an ISO 3166-1 alpha-2 code that the phone metadata knows (for settings). */
export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === 'string' && isSupportedCountry(value);
}

/**
 * Reads a phone number as people and WhatsApp write it and gives it back in E.164, or why not.
 * Extensions are dropped: WhatsApp reaches a line, not an extension.
 *
 * A bare string of digits is read as a national number of `defaultRegion` first and only then as
 * an international number without its "+": CRM files are full of national numbers written without
 * any prefix (Chinese mobiles "138..."), which would otherwise be misread as foreign numbers. Pass
 * WhatsApp's "<digits>@c.us" id, or put a "+", when the digits are known to be international.
 */
export function normalisePhone(raw: string, defaultRegion: CountryCode): PhoneResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > PHONE_MAX_LENGTH) return { ok: false, reason: 'tooLong' };

  const whatsapp = WHATSAPP_USER.exec(text);
  if (whatsapp) {
    // WhatsApp registered this number, so it exists; the metadata only lags behind new ranges.
    const number = parsePhoneNumberFromString(`+${whatsapp[1]}`);
    return number?.isPossible() && number.number.length <= E164_MAX_LENGTH
      ? { ok: true, e164: number.number }
      : { ok: false, reason: 'notPossible' };
  }
  if (/@lid$/i.test(text)) return { ok: false, reason: 'whatsappLid' };
  if (text.includes('@')) return { ok: false, reason: 'notPhoneNumber' };
  if (!/\p{Nd}/u.test(text)) return { ok: false, reason: 'notPhoneNumber' };

  const candidates: string[] = [text];
  const digitsOnly = /^\d+$/.test(text);
  // "00" is the international prefix in most of the world, though not in every default region.
  const internationalZeros = /^00\s*[1-9]/.test(text);
  if (digitsOnly) candidates.push(`+${text}`);
  if (internationalZeros) candidates.push(`+${text.replace(/^00\s*/, '')}`);

  // Germany's plan lets long extensions make "valid" numbers past E.164's 15 digits.
  const parsed = candidates
    .map((candidate) => parsePhoneNumberFromString(candidate, { defaultCountry: defaultRegion }))
    .filter((number) => number !== undefined && number.number.length <= E164_MAX_LENGTH);
  const valid = parsed.find((number) => number?.isValid());
  if (valid) return { ok: true, e164: valid.number };
  // A number written with its country code and of the right length for that country is kept even
  // when the metadata does not know its range (new ranges, plans the library lags behind): the
  // writer said which country, and a customer's only number must not be dropped for that. A
  // national number must be valid: the default region is a guess, and junk like 0000000000 or a
  // foreign mobile without its prefix would otherwise pass as a number of that region.
  const international = text.startsWith('+') || internationalZeros;
  const possible = international ? parsed.find((number) => number?.isPossible()) : undefined;
  if (possible) return { ok: true, e164: possible.number };
  return { ok: false, reason: international ? 'invalidInternational' : 'invalidForRegion' };
}
