import type { Migration } from '../migrate';

/**
 * Revenue per shipment: an order number may have one QuickBooks transaction per ship date. The
 * first keeps the order number as its posting key; shipment n ≥ 2 is keyed `<number>␟<n>` (see
 * shipment-parts.ts). Each posting says which order number and shipment it is, and which
 * ShipStation orders (a parent, split children) shipped lines in it.
 */
export const m0009Shipments: Migration = {
  id: 9,
  name: 'shipments',
  sql: `
ALTER TABLE postings ADD COLUMN order_number TEXT;
ALTER TABLE postings ADD COLUMN shipment INTEGER NOT NULL DEFAULT 1;
ALTER TABLE postings ADD COLUMN order_ids TEXT;
UPDATE postings SET order_number = posting_key;
CREATE INDEX postings_number ON postings(order_number, shipment);
`,
};
