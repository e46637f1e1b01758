import type { Migration } from '../migrate';

/** The sync: flags on orders, remembered mappings, the QuickBooks transaction of each order, inventory runs. */
export const m0003Sync: Migration = {
  id: 3,
  name: 'sync',
  sql: `
CREATE TABLE order_flags (
  id           INTEGER PRIMARY KEY,
  order_id     TEXT NOT NULL REFERENCES orders(order_id),
  reason       TEXT NOT NULL,
  detail       TEXT NOT NULL,
  data         TEXT,
  created_at   TEXT NOT NULL,
  resolved_at  TEXT,
  resolution   TEXT
);
CREATE INDEX order_flags_open ON order_flags(order_id) WHERE resolved_at IS NULL;
CREATE INDEX order_flags_reason ON order_flags(reason) WHERE resolved_at IS NULL;

-- A person's answer, remembered: SKU → item, customer key → customer, store → customer.
CREATE TABLE mappings (
  kind        TEXT NOT NULL CHECK (kind IN ('sku', 'customer_email', 'customer_name', 'store_customer', 'order_customer')),
  key         TEXT NOT NULL,
  list_id     TEXT NOT NULL,
  full_name   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (kind, key)
);

-- One QuickBooks transaction per order number (the dedup key in both systems).
CREATE TABLE postings (
  posting_key    TEXT PRIMARY KEY,
  order_id       TEXT NOT NULL,
  txn_type       TEXT NOT NULL CHECK (txn_type IN ('Invoice', 'SalesReceipt', 'JournalEntry')),
  ref_number     TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('queued', 'posted', 'voided', 'failed')),
  txn_id         TEXT,
  edit_sequence  TEXT,
  txn_date       TEXT,
  amount         REAL,
  content_hash   TEXT,
  content        TEXT,
  posted_hash    TEXT,
  posted_at      TEXT,
  updated_at     TEXT NOT NULL,
  last_error     TEXT
);
CREATE INDEX postings_order ON postings(order_id);
CREATE INDEX postings_txn_date ON postings(txn_date);

-- What dry-run mode would post, per order (replaced on every reconcile).
CREATE TABLE posting_previews (
  order_id    TEXT PRIMARY KEY,
  content     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE inventory_runs (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  trigger     TEXT NOT NULL,
  skus        INTEGER NOT NULL,
  shortfalls  INTEGER NOT NULL,
  mismatches  INTEGER NOT NULL,
  report      TEXT NOT NULL
);

ALTER TABLE orders ADD COLUMN ignored_by_user INTEGER NOT NULL DEFAULT 0;
-- Set when the order, its shipments or what it depends on changed: the next reconcile looks at it.
ALTER TABLE orders ADD COLUMN dirty INTEGER NOT NULL DEFAULT 1;
CREATE INDEX orders_dirty ON orders(dirty) WHERE dirty = 1;
ALTER TABLE qb_items ADD COLUMN quantity_checked_at TEXT;
`,
};
