import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ImportFileError } from './errors.ts';
import { importMessage } from './messages.ts';

export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as, lower-case: "utf-8", "utf-16le", "gb18030"... */
  encoding: string;
}

/** Legacy CJK double-byte code pages; GB18030 also reads everything GBK and GB2312 wrote. */
const DOUBLE_BYTE = ['GB18030', 'Big5', 'Shift_JIS', 'EUC-KR', 'EUC-JP'];
/** What Excel writes on Western Windows: always worth a try even when the detector omits it. */
const WESTERN = 'windows-1252';
/**
 * As browsers do (WHATWG Encoding), ISO-8859-1 is read as its superset windows-1252: files that
 * claim Latin-1 are nearly always 1252 with curly quotes and the euro sign.
 */
const SUPERSETS: Record<string, string> = { 'ISO-8859-1': WESTERN, 'ISO-8859-9': 'windows-1254' };
/** Enough text for the detector and to check a guess; larger files only cost time. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Reads a file's bytes as text. A byte order mark wins; then a UTF-16 file that lost its mark
 * (checked before UTF-8, which its zero bytes would pass); then strict UTF-8; then a legacy code
 * page guessed by chardet and checked by decoding.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const decoded = decodeByBom(bytes) ?? decodeUnmarkedUtf16(bytes) ?? decodeUtf8(bytes) ?? decodeLegacy(bytes);
  if (decoded.text.includes('\0')) {
    throw new ImportFileError(importMessage('fileBinary'));
  }
  return decoded;
}

function decodeByBom(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = decodeUtf8(bytes.subarray(3));
    if (text === null) throw new ImportFileError(importMessage('fileBadUtf8'));
    return text;
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): DecodedText | null {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return null;
  }
}

/**
 * Latin text in UTF-16 has a zero byte in every other position: which one tells the order. A few
 * zeros on the other side are CJK characters such as U+4E00.
 */
function decodeUnmarkedUtf16(bytes: Uint8Array): DecodedText | null {
  const length = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (length < 4) return null;
  let zerosEven = 0;
  let zerosOdd = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) zerosEven++;
    if (bytes[i + 1] === 0) zerosOdd++;
  }
  const pairs = length / 2;
  if (zerosOdd > pairs * 0.4 && zerosEven < pairs * 0.05) return { text: iconv.decode(bytes, 'utf-16le'), encoding: 'utf-16le' };
  if (zerosEven > pairs * 0.4 && zerosOdd < pairs * 0.05) return { text: iconv.decode(bytes, 'utf-16be'), encoding: 'utf-16be' };
  return null;
}

interface Candidate {
  name: string;
  confidence: number;
  /** Position in chardet's answer, then in our fallbacks: the last tie-break. */
  rank: number;
}

/**
 * chardet alone misreads short files (three contacts in GBK come back as Big5 or windows-1252),
 * so its guesses are checked: a guess that decodes the sample into replacement or C1 control
 * characters is wrong; the layout of the non-ASCII bytes tells a CJK double-byte code page from a
 * single-byte one; and among double-byte pages that chardet rates alike, the bytes' ranges pick.
 */
function decodeLegacy(bytes: Uint8Array): DecodedText {
  const sample = sampleOf(bytes);
  const candidates = new Map<string, Candidate>();
  const add = (name: string, confidence: number) => {
    if (!candidates.has(name) && iconv.encodingExists(name) && !/^(utf|ascii)/i.test(name)) {
      candidates.set(name, { name, confidence, rank: candidates.size });
    }
  };
  for (const match of chardet.analyse(sample)) add(SUPERSETS[match.name] ?? match.name, match.confidence);
  for (const name of [...DOUBLE_BYTE, WESTERN]) add(name, 0);

  const shape = byteShape(sample);
  const preferred = shape.gb2312
    ? ['GB18030', 'EUC-KR', 'EUC-JP', 'Big5', 'Shift_JIS']
    : shape.kana
      ? ['Shift_JIS', 'GB18030', 'Big5', 'EUC-JP', 'EUC-KR']
      : ['Big5', 'GB18030', 'Shift_JIS', 'EUC-KR', 'EUC-JP'];
  const score = (candidate: Candidate) => {
    const text = iconv.decode(sample, candidate.name);
    const clean = !/[\ufffd\u0080-\u009f]/.test(text);
    const fits = DOUBLE_BYTE.includes(candidate.name) === shape.doubleByte;
    const preference = preferred.indexOf(candidate.name);
    return [clean ? 1 : 0, fits ? 1 : 0, candidate.confidence, preference === -1 ? -99 : -preference, -candidate.rank];
  };
  const scored = [...candidates.values()].map((candidate) => ({ candidate, key: score(candidate) }));
  scored.sort((a, b) => compareKeys(b.key, a.key));
  const best = scored[0];
  if (!best || best.key[0] === 0) {
    throw new ImportFileError(importMessage('fileUnknownEncoding'));
  }
  return { text: iconv.decode(bytes, best.candidate.name), encoding: best.candidate.name.toLowerCase() };
}

interface ByteShape {
  /** Non-ASCII bytes pair up as CJK lead and trail bytes, enough trails being non-ASCII too. */
  doubleByte: boolean;
  /** Every pair lies in GB2312's block, where Simplified Chinese text stays. */
  gb2312: boolean;
  /** Some pair is Shift_JIS hiragana or katakana, which Japanese text rarely lacks. */
  kana: boolean;
}

/**
 * Latin text in a single-byte page puts an accented letter before a space or a comma, which no
 * double-byte page allows after a lead byte; CJK text pairs its bytes, many of them both non-ASCII.
 */
function byteShape(bytes: Uint8Array): ByteShape {
  const single = { doubleByte: false, gb2312: false, kana: false };
  let pairs = 0;
  let highTrails = 0;
  let gb2312 = true;
  let kana = false;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) continue;
    const trail = bytes[i + 1];
    if (lead === 0x80 || lead === 0xff || trail === undefined) return single;
    if (trail >= 0x30 && trail <= 0x39) {
      // GB18030's four-byte form: lead, digit, lead, digit.
      const third = bytes[i + 2] ?? 0;
      const fourth = bytes[i + 3] ?? 0;
      if (third < 0x81 || third > 0xfe || fourth < 0x30 || fourth > 0x39) return single;
      gb2312 = false;
      i += 3;
      continue;
    }
    if (trail < 0x40 || trail === 0x7f || trail === 0xff) return single;
    pairs++;
    if (trail >= 0x80) highTrails++;
    if (lead < 0xa1 || lead > 0xf7 || trail < 0xa1 || trail > 0xfe) gb2312 = false;
    if ((lead === 0x82 && trail >= 0x9f && trail <= 0xf1) || (lead === 0x83 && trail >= 0x40 && trail <= 0x96)) kana = true;
    i++;
  }
  // Big5 and Shift_JIS put about half their trail bytes in the ASCII range; Latin text puts all.
  return { doubleByte: pairs > 0 && highTrails * 4 >= pairs, gb2312: gb2312 && pairs > 0, kana };
}

/** The start of the file, cut after a line feed: no code page uses 0x0A inside a character. */
function sampleOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= SAMPLE_BYTES) return bytes;
  const end = bytes.lastIndexOf(0x0a, SAMPLE_BYTES - 1);
  return bytes.subarray(0, end > 0 ? end + 1 : SAMPLE_BYTES);
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
