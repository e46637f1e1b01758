import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatPrice,
  formatQuantity,
  isEmpty,
  isError,
  isOk,
  isRetryable,
  isSuccess,
  isWarning,
  statusInfo,
} from '../../../src-main/engine/qbxml';

describe('status codes', () => {
  it('classifies by code, not by severity', () => {
    expect([isOk, isEmpty, isSuccess, isWarning, isError].map((f) => f({ statusCode: 0 }))).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
    expect([isOk, isEmpty, isSuccess, isWarning, isError].map((f) => f({ statusCode: 1 }))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect([isOk, isEmpty, isSuccess, isWarning, isError].map((f) => f({ statusCode: 500 }))).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
    expect([isOk, isEmpty, isSuccess, isWarning, isError].map((f) => f({ statusCode: 3210 }))).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it.each([
    [3100, 'nameNotUnique', false],
    [3120, 'objectNotFound', false],
    [3140, 'invalidReference', false],
    // 3170 and 3175 are classified by their message (see below): no message, no retry.
    [3170, 'modifyError', false],
    [3175, 'objectInUse', false],
    [3176, 'objectBeingEdited', true],
    [3200, 'staleEditSequence', true],
    [3210, 'invalidFieldValue', false],
    [3250, 'featureNotEnabled', false],
    [3260, 'insufficientPermission', false],
    [9001, 'invalidChecksum', false],
  ])('%i is %s (retryable: %s)', (code, name, retryable) => {
    expect(statusInfo(code).name).toBe(name);
    expect(isRetryable({ statusCode: code, statusMessage: '' })).toBe(retryable);
  });

  it('retries 3170/3175 only for a lock, never for "in use by other records"', () => {
    const msg = (code: number, m: string) => isRetryable({ statusCode: code, statusMessage: m });
    expect(
      msg(
        3170,
        'There was an error when modifying a Customer list, element "Acme". QuickBooks error message: This list has been modified by another user.',
      ),
    ).toBe(true);
    expect(msg(3175, 'The record is in use by another user. Please try again later.')).toBe(true);
    expect(
      msg(
        3170,
        'There was an error when modifying a Invoice. QuickBooks error message: The item is in use by other records.',
      ),
    ).toBe(false);
    expect(msg(3175, 'This list element is in use by other transactions and cannot be deleted.')).toBe(false);
  });

  it('retries a 3180 save error only when the message says something was locked', () => {
    expect(statusInfo(3200).retry).toBe('requery');
    expect(
      isRetryable({
        statusCode: 3180,
        statusMessage:
          'There was an error when saving a Invoice.  QuickBooks error message: The list element is in use.',
      }),
    ).toBe(true);
    expect(
      isRetryable({
        statusCode: 3180,
        statusMessage:
          'There was an error when saving a Invoice.  QuickBooks error message: Transaction is not balanced.',
      }),
    ).toBe(false);
  });

  it('describes unknown codes by range', () => {
    expect(statusInfo(3999)).toMatchObject({ code: 3999, name: 'unknownError', retry: 'no' });
    expect(statusInfo(530).name).toBe('unknownWarning');
  });
});

describe('number formatting', () => {
  it('AMTTYPE: two decimals, half away from zero on the decimal value', () => {
    expect([1.005, 2.675, -1.005, 0.1 + 0.2, -0.001, 1e-7, 206].map((n) => formatAmount(n))).toEqual([
      '1.01',
      '2.68',
      '-1.01',
      '0.30',
      '0.00',
      '0.00',
      '206.00',
    ]);
    expect(() => formatAmount(Number.NaN)).toThrow(/finite/);
    expect(() => formatAmount(1e14)).toThrow(/13 integer digits/);
  });

  it('PRICETYPE / QUANTYPE: up to five decimals without trailing zeros', () => {
    expect([103, 103.1, 0.123456, 19.999995, -2.5].map((n) => formatPrice(n))).toEqual([
      '103',
      '103.1',
      '0.12346',
      '20',
      '-2.5',
    ]);
    expect(formatQuantity(1 / 3)).toBe('0.33333');
    expect(() => formatQuantity(1e11)).toThrow(/10 integer digits/);
  });
});
