import type { Migration } from '../migrate';

/**
 * Vendors, employees and other names: QuickBooks keeps names unique across these lists and the
 * customers, so a customer we create is checked against them first (names only are kept).
 */
export const m0008Names: Migration = {
  id: 8,
  name: 'names',
  sql: `
CREATE TABLE qb_names (
  list_id       TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('Vendor', 'Employee', 'OtherName')),
  name          TEXT NOT NULL,
  is_active     INTEGER NOT NULL,
  time_modified TEXT NOT NULL,
  deleted_at    TEXT
);
CREATE INDEX qb_names_name ON qb_names(name COLLATE NOCASE);
`,
};
