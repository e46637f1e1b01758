import type { Db } from '../db/open';
import { isApplied, toCompany, toHost, toPreferences, type QbxmlRs } from '../qbxml';

export interface CompanyInfo {
  companyName: string | null;
  companyFile: string | null;
  productName: string | null;
  country: string | null;
  qbxmlVersions: string[];
  /** QuickBooks charges sales tax (null: not known yet). */
  salesTaxOn: boolean | null;
  defaultItemSalesTax: string | null;
}

/** What QBWC tells us about QuickBooks and the open company on the first request of a session. */
export class CompanyInfoStore {
  constructor(private readonly db: Db) {}

  applyHcpResponse(responses: QbxmlRs[], companyFile: string | null): void {
    const current = this.get();
    let next: CompanyInfo = current ?? {
      companyName: null,
      companyFile: null,
      productName: null,
      country: null,
      qbxmlVersions: [],
      salesTaxOn: null,
      defaultItemSalesTax: null,
    };
    for (const rs of responses) {
      const ret = rs.rets[0];
      if (!ret || !isApplied(rs)) continue;
      if (rs.type === 'HostQueryRs') {
        const h = toHost(ret);
        next = {
          ...next,
          productName: h.productName ?? null,
          country: h.country ?? null,
          qbxmlVersions: h.supportedQbxmlVersions,
        };
      } else if (rs.type === 'CompanyQueryRs') {
        const c = toCompany(ret);
        next = { ...next, companyName: c.companyName ?? null };
      } else if (rs.type === 'PreferencesQueryRs') {
        const p = toPreferences(ret);
        next = { ...next, salesTaxOn: p.salesTaxOn, defaultItemSalesTax: p.defaultItemSalesTax ?? null };
      }
    }
    if (companyFile) next.companyFile = companyFile;
    this.db
      .prepare(
        `INSERT INTO qb_company (id, company_name, company_file, product_name, country, qbxml_versions,
           sales_tax_on, default_item_sales_tax, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET company_name = excluded.company_name, company_file = excluded.company_file,
           product_name = excluded.product_name, country = excluded.country, qbxml_versions = excluded.qbxml_versions,
           sales_tax_on = excluded.sales_tax_on, default_item_sales_tax = excluded.default_item_sales_tax,
           updated_at = excluded.updated_at`,
      )
      .run(
        next.companyName,
        next.companyFile,
        next.productName,
        next.country,
        JSON.stringify(next.qbxmlVersions),
        next.salesTaxOn === null ? null : next.salesTaxOn ? 1 : 0,
        next.defaultItemSalesTax,
        new Date().toISOString(),
      );
  }

  get(): CompanyInfo | null {
    const r = this.db.prepare('SELECT * FROM qb_company WHERE id = 1').get() as
      Record<string, unknown> | undefined;
    if (!r) return null;
    return {
      companyName: r.company_name as string | null,
      companyFile: r.company_file as string | null,
      productName: r.product_name as string | null,
      country: r.country as string | null,
      qbxmlVersions: JSON.parse((r.qbxml_versions as string | null) ?? '[]') as string[],
      salesTaxOn: r.sales_tax_on === null || r.sales_tax_on === undefined ? null : r.sales_tax_on === 1,
      defaultItemSalesTax: (r.default_item_sales_tax as string | null) ?? null,
    };
  }
}
