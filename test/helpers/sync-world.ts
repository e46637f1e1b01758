import { expect } from 'vitest';
import { generateCompanySeed, QbCompany, type CompanySeed } from '../../src-main/simulators/qb-company/index';
import { startHarness, type Harness } from './harness';

export interface OrdersPage {
  orders: {
    orderNumber: string;
    orderId: string;
    status: string;
    flags: { reason: string; detail: string; data?: Record<string, unknown> | null }[];
    qbTxnId: string | null;
    shipDate: string | null;
  }[];
  total: number;
}

/** A QuickBooks company and a ShipStation that sells its items to its customers, plus one unknown SKU. */
export async function world(
  opts: {
    txnType?: 'Invoice' | 'SalesReceipt' | 'JournalEntry';
    mirrorIntervalSeconds?: number;
    now?: () => Date;
    /** Changes to the generated company before it opens (e.g. an extra account). */
    seed?: (s: CompanySeed) => CompanySeed;
    apiVersion?: 'v1' | 'v2';
    /** Ingest overlap (ms): 0 makes each poll read only what is newer than the last. */
    overlapMs?: number;
  } = {},
): Promise<Harness> {
  const generated = generateCompanySeed({ customers: 40, items: 40, seed: 7 });
  const company = new QbCompany(opts.seed ? opts.seed(generated) : generated);
  const skus = company
    .items()
    .filter((i) => i.ItemType === 'Inventory' && i.IsActive)
    .slice(0, 8)
    .map((i) => ({ sku: i.Name, unitPrice: 10 + i.Name.length }));
  const customers = company
    .customers()
    .filter((c) => c.Email && c.IsActive && !c.FullName.includes(':'))
    .slice(0, 10)
    .map((c) => ({ name: c.FullName, email: c.Email! }));
  const x = await startHarness({
    company,
    shipstation: {
      sim: { orders: 0, skus, customers, ...(opts.now ? { now: opts.now } : {}) },
      ...(opts.apiVersion ? { apiVersion: opts.apiVersion } : {}),
    },
    config: { qbwc: { mirrorIntervalSeconds: opts.mirrorIntervalSeconds ?? 0 } },
    ...(opts.overlapMs !== undefined ? { engine: { ingest: { overlapMs: opts.overlapMs } } } : {}),
  });
  const r = await x.api('/api/settings/posting', {
    method: 'POST',
    body: {
      txnType: opts.txnType ?? 'SalesReceipt',
      taxItem: 'CA Sales Tax',
      discountItem: 'Discount',
      shippingItem: 'Shipping',
    },
  });
  expect(r.status).toBe(200);
  // First QBWC session: the mirror.
  expect((await x.session()).outcome).toBe('completed');
  return x;
}

export const sync = async (x: Harness) =>
  (await x.api<{ ok: boolean; reconcile: Record<string, number> }>('/api/sync', { method: 'POST', body: {} }))
    .body;
export const orders = async (x: Harness, q = '') =>
  (await x.api<OrdersPage>(`/api/orders?limit=5000${q}`)).body;
