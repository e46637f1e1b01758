import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../../src-main/engine/db/audit';
import { auditToCsv } from '../../../src-main/engine/sync/audit-export';
import { csvField, toCsv } from '../../../src-main/engine/sync/csv';

/** A small RFC 4180 reader: the test's independent check of what toCsv writes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '\r' || c === '\n' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}: not RFC 4180`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length) throw new Error('last record not ended by CRLF');
  return records;
}

describe('toCsv', () => {
  it('writes a header then records, every record ended by CRLF', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          ['x', 1, null],
          ['y', 2.5, 'z'],
        ],
      ),
    ).toBe('a,b,c\r\nx,1,\r\ny,2.5,z\r\n');
    expect(toCsv(['only'], [])).toBe('only\r\n');
  });

  it('quotes fields holding a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('')).toBe('');
  });

  it("neutralises text a spreadsheet would run as a formula, with a leading '", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3+cmd|x')).toBe("'-2+3+cmd|x");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // Text that merely contains those characters later is left alone.
    expect(csvField('a=b-c')).toBe('a=b-c');
    // A negative number given as text is still text from outside: neutralised.
    expect(csvField('-5')).toBe("'-5");
  });

  it('writes numbers given as numbers as they are, negative ones too', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(0)).toBe('0');
    expect(csvField(-0)).toBe('0');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    expect(toCsv(['n'], [[-3]])).toBe('n\r\n-3\r\n');
  });

  it('round-trips through an RFC 4180 reader', () => {
    const header = ['id', 'text, with comma', 'note'];
    const rows = [
      [1, 'line one\r\nline two', 'he said "no"'],
      [-2, '=cmd', null],
      [3.25, ' spaced ', '\ttab'],
    ];
    expect(parseCsv(toCsv(header, rows))).toEqual([
      header,
      ['1', 'line one\r\nline two', 'he said "no"'],
      ['-2', "'=cmd", ''],
      ['3.25', ' spaced ', "'\ttab"],
    ]);
  });

  it('round-trips any text, formulas coming back with their leading quote', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        (rows) => {
          const width = Math.max(1, ...rows.map((r) => r.length));
          const padded = rows.map((r) => [...r, ...Array<string>(width - r.length).fill('x')]);
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const back = parseCsv(toCsv(header, padded));
          expect(back).toEqual([
            header,
            ...padded.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))),
          ]);
        },
      ),
    );
  });
});

describe('auditToCsv', () => {
  it('exports the audit columns, with empty cells for missing references', () => {
    const entries: AuditRow[] = [
      {
        id: 7,
        at: '2024-03-01T10:00:00.000Z',
        level: 'warn',
        category: 'sync',
        event: 'order-flagged',
        message: 'Unknown SKU "A,B"\nsecond line',
        orderNumber: '-1001',
        ssRef: '555',
        qbRef: null,
        statusCode: 3140,
        data: { ignored: true },
      },
      {
        id: 8,
        at: '2024-03-01T10:01:00.000Z',
        level: 'info',
        category: 'system',
        event: 'started',
        message: 'ok',
        orderNumber: null,
        ssRef: null,
        qbRef: null,
        statusCode: null,
        data: null,
      },
    ];
    const csv = auditToCsv(entries);
    expect(csv.split('\r\n')[0]).toBe(
      'id,at,level,category,event,orderNumber,ssRef,qbRef,statusCode,message',
    );
    expect(parseCsv(csv).slice(1)).toEqual([
      [
        '7',
        '2024-03-01T10:00:00.000Z',
        'warn',
        'sync',
        'order-flagged',
        "'-1001",
        '555',
        '',
        '3140',
        'Unknown SKU "A,B"\nsecond line',
      ],
      ['8', '2024-03-01T10:01:00.000Z', 'info', 'system', 'started', '', '', '', '', 'ok'],
    ]);
  });
});
