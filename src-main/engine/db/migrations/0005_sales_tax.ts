import type { Migration } from '../migrate';

/** QuickBooks' sales tax preference, read from the PreferencesRet QBWC hands over each session. */
export const m0005SalesTax: Migration = {
  id: 5,
  name: 'sales-tax',
  sql: `
ALTER TABLE qb_company ADD COLUMN sales_tax_on INTEGER;
ALTER TABLE qb_company ADD COLUMN default_item_sales_tax TEXT;
`,
};
