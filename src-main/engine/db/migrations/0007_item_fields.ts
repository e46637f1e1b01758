import type { Migration } from '../migrate';

/**
 * Where merchants keep the SKU: the item's part number (qb_items.sku holds ManufacturerPartNumber)
 * or a public custom field, indexed so each order line is one lookup.
 */
export const m0007ItemFields: Migration = {
  id: 7,
  name: 'item-fields',
  sql: `
CREATE TABLE qb_item_fields (
  list_id TEXT NOT NULL,
  name    TEXT NOT NULL,
  value   TEXT NOT NULL,
  PRIMARY KEY (list_id, name)
);
CREATE INDEX qb_item_fields_value ON qb_item_fields(name COLLATE NOCASE, value COLLATE NOCASE);
CREATE INDEX qb_items_sku ON qb_items(sku COLLATE NOCASE);
`,
};
