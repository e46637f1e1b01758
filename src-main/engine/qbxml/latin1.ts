/**
 * QuickBooks Desktop stores ISO-8859-1 text only, and refuses a whole request document holding any
 * character above U+00FF with hresult 0x80040400 ("QuickBooks found an error when parsing the
 * provided XML text stream"): qbwc/qbxml issue 8 (tested: Latin-1 accents fine; Chinese, Greek,
 * Cyrillic refused; declaring ISO-8859-1 only turns them into '?'). So every text we send is folded
 * first: typographic punctuation to its ASCII form, letters to their Latin-1 base (ō → o), and what
 * has no equivalent (emoji, CJK) dropped. Names are matched after the same folding.
 */

const REPLACE: Record<string, string> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201A': "'", // ‚
  '\u201B': "'", // ‛
  '\u2032': "'", // ′
  '\u02BC': "'", // ʼ
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u201F': '"', // ‟
  '\u2033': '"', // ″
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2015': '-',
  '\u2212': '-', // −
  '\u2026': '...', // …
  '\u20AC': 'EUR', // €
  '\u2122': '(TM)', // ™
  '\u2022': '*', // •
  '\u2039': '<', // ‹
  '\u203A': '>', // ›
  '\u0152': 'OE', // Œ
  '\u0153': 'oe', // œ
  '\u2044': '/', // ⁄
  '\u00A0': ' ',
  '\u0141': 'L', // Ł
  '\u0142': 'l', // ł
  '\u0110': 'D', // Đ
  '\u0111': 'd', // đ
  '\u0131': 'i', // ı
};
const SPACES = /[\u2000-\u200A\u202F\u205F\u3000]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const COMBINING = /[\u0300-\u036F]/g;

/** Whether every character is in ISO-8859-1. */
export const isLatin1 = (value: string): boolean => {
  for (const ch of value) if (ch.codePointAt(0)! > 0xff) return false;
  return true;
};

/** The value as QuickBooks can store it (unchanged when it already can, apart from NFC). */
export function foldToLatin1(value: string): string {
  const nfc = value.normalize('NFC');
  if (isLatin1(nfc)) return nfc;
  let out = '';
  for (const ch of nfc.replace(SPACES, ' ').replace(ZERO_WIDTH, '')) {
    if (ch.codePointAt(0)! <= 0xff) {
      out += ch;
      continue;
    }
    const mapped = REPLACE[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    // A letter with marks Latin-1 lacks (ō, ş, ł has none): keep its base and the marks Latin-1 has.
    const base = ch.normalize('NFD').replace(COMBINING, '').normalize('NFC');
    if (base !== ch && isLatin1(base)) out += base;
  }
  return out.replace(/ {2,}/g, ' ');
}
