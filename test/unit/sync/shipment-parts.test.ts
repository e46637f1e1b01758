import { describe, expect, it } from 'vitest';
import type { SsOrderItem } from '../../../src-main/engine/shipstation/types';
import {
  allocateShipments,
  postingKeyFor,
  refNumberFor,
  type SourceShipment,
} from '../../../src-main/engine/sync/shipment-parts';

const item = (sku: string, quantity: number, lineItemKey: string | null = null): SsOrderItem => ({
  lineId: null,
  lineItemKey,
  sku,
  name: sku,
  quantity,
  unitPrice: 10,
  taxAmount: 0,
  shippingAmount: 0,
  adjustment: false,
});
const ship = (
  orderId: string,
  shipDate: string,
  items: { sku: string; quantity: number; lineItemKey?: string }[] | null,
  tracking = shipDate,
): SourceShipment => ({
  orderId,
  shipDate,
  items:
    items?.map((i) => ({
      lineItemKey: i.lineItemKey ?? null,
      sku: i.sku,
      name: null,
      quantity: i.quantity,
      unitPrice: null,
    })) ?? null,
  info: { shipDate, carrierCode: null, serviceCode: null, trackingNumber: tracking },
});

describe('allocateShipments', () => {
  it('labels take the units they name, by line item key before SKU; the rest awaits shipment', () => {
    const lines = [
      { orderId: 'A', item: item('MUG', 2, 'k1') },
      { orderId: 'A', item: item('MUG', 3, 'k2') },
      { orderId: 'A', item: item('TEE', 1) },
    ];
    const r = allocateShipments(lines, [
      ship('A', '2026-11-03', [{ sku: 'MUG', quantity: 2, lineItemKey: 'k2' }]),
      ship('A', '2026-11-01', [{ sku: 'mug', quantity: 1 }]),
    ]);
    expect(r.parts.map((p) => [p.shipDate, p.quantities])).toEqual([
      ['2026-11-01', [1, 0, 0]],
      ['2026-11-03', [0, 2, 0]],
    ]);
    expect(r.unshipped).toEqual([1, 1, 1]);
  });

  it('a label naming no items takes what is left of its own order only; same-day labels are one part', () => {
    const lines = [
      { orderId: 'P', item: item('A', 1) },
      { orderId: 'C', item: item('B', 2) },
      { orderId: 'C', item: item('C', 1) },
    ];
    const r = allocateShipments(lines, [
      ship('P', '2026-11-01', null, 'T1'),
      ship('C', '2026-11-04', [{ sku: 'B', quantity: 1 }], 'T2'),
      ship('C', '2026-11-04', [], 'T3'),
    ]);
    expect(
      r.parts.map((p) => [p.shipDate, p.quantities, p.orderIds, p.shipments.map((s) => s.trackingNumber)]),
    ).toEqual([
      ['2026-11-01', [1, 0, 0], ['P'], ['T1']],
      ['2026-11-04', [0, 2, 1], ['C'], ['T2', 'T3']],
    ]);
    expect(r.unshipped).toEqual([0, 0, 0]);
    // Nothing shipped yet: no part.
    expect(allocateShipments(lines, []).parts).toEqual([]);
  });

  it('keys and RefNumbers: the first shipment is the order number; later ones cannot meet another order', () => {
    expect(postingKeyFor('1001', 1)).toBe('1001');
    expect(postingKeyFor('1001', 2)).not.toBe('1001-2');
    expect(refNumberFor('1001', 1)).toBe('1001');
    expect(refNumberFor('1001', 2)).toBe('1001-2');
    // Too long for RefNumber's 11 characters: hashed, and distinct per shipment.
    expect(refNumberFor('113-1234567', 2)).toMatch(/^#[0-9A-Z]{10}$/);
    expect(refNumberFor('113-1234567', 2)).not.toBe(refNumberFor('113-1234567', 3));
  });
});
