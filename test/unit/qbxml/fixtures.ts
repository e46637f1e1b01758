/** Values that stress escaping, non-ASCII handling and length limits in builder tests. */

/** Every XML-special character, non-ASCII (Latin, CJK, an astral-plane emoji) and a control character. */
export const SPECIAL = `A&B <C> "D" 'E' — é ü 日本 😀\u0001`;

/** Far longer than any QuickBooks text limit, with specials near the start and an emoji at the very end. */
export const LONG = `${SPECIAL} ${'Lorem ipsum dolor sit amet '.repeat(200)}😀`;

/** A key value with specials that still fits every limit it is used for. */
export const SPECIAL_KEY = `Bob's "Bikes" & <Co> é`;

export const GUID = '{A9A83089-7DA7-4d27-A08C-7E1626E9395A}';

export const longAddress = {
  addr1: LONG,
  addr2: SPECIAL,
  addr3: LONG,
  addr4: 'Line\nwith\r\nbreaks\tand tabs',
  addr5: LONG,
  city: LONG,
  state: LONG,
  postalCode: LONG,
  country: LONG,
  note: LONG,
};
