import type { Migration } from '../migrate';

/**
 * The posting lifecycle: each order's own state (finer than the API's status) and, per posting,
 * what QuickBooks last said it holds (the witness) and why a posting is parked for a person.
 */
export const m0004Lifecycle: Migration = {
  id: 4,
  name: 'lifecycle',
  sql: `
ALTER TABLE orders ADD COLUMN state TEXT NOT NULL DEFAULT 'received'
  CHECK (state IN ('received','flagged','validated','queued','posted','cancelled','ignored','failed','deleted_in_qb','held'));
UPDATE orders SET state = status;
CREATE INDEX orders_state ON orders(state);

-- Why the posting waits for a person (NULL: it does not): deleted_in_quickbooks, edited_in_quickbooks, foreign_transaction.
ALTER TABLE postings ADD COLUMN hold TEXT;
-- What QuickBooks said it holds, from the last Add, Mod or Query answer.
ALTER TABLE postings ADD COLUMN qb_witness TEXT;
ALTER TABLE postings ADD COLUMN qb_total REAL;
ALTER TABLE postings ADD COLUMN qb_subtotal REAL;
ALTER TABLE postings ADD COLUMN qb_sales_tax_total REAL;
ALTER TABLE postings ADD COLUMN qb_time_modified TEXT;
ALTER TABLE postings ADD COLUMN qb_customer_list_id TEXT;
ALTER TABLE postings ADD COLUMN qb_read_at TEXT;
-- The content of the last Add/Mod sent (its answer may be lost): QuickBooks holding it is our own write.
ALTER TABLE postings ADD COLUMN sent_content TEXT;
CREATE INDEX postings_txn ON postings(txn_id);
`,
};
