import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCompanySeed, QbCompany } from '../../src-main/simulators/qb-company/index';
import { SS_V1, startHarness, type Harness } from '../helpers/harness';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(repoRoot, 'test-results/screenshots');
const CHROMIUM = process.env.MLC_CHROMIUM ?? '/usr/bin/chromium';
const QBWC_USER = 'bookkeeper';
const QBWC_PASSWORD = 'correct-horse-9';

let h: Harness;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const byTestId = (id: string) => page.getByTestId(id);

beforeAll(async () => {
  // The UI the engine serves is the production build.
  execFileSync('npm', ['run', 'build:renderer', '--silent'], { cwd: repoRoot, stdio: 'ignore' });
  mkdirSync(SHOTS, { recursive: true });
  const company = new QbCompany(generateCompanySeed({ customers: 40, items: 40, seed: 7 }));
  const skus = company
    .items()
    .filter((i) => i.ItemType === 'Inventory' && i.IsActive)
    .slice(0, 5)
    .map((i) => ({ sku: i.Name, unitPrice: 15 }));
  const customers = company
    .customers()
    .filter((c) => c.Email && c.IsActive && !c.FullName.includes(':'))
    .slice(0, 5)
    .map((c) => ({ name: c.FullName, email: c.Email! }));
  h = await startHarness({
    company,
    qbwcEnv: false,
    shipstation: { configureEngine: 'base-url-only', sim: { orders: 0, skus, customers } },
    config: { qbwc: { mirrorIntervalSeconds: 0 } },
    engine: { rendererDir: path.join(repoRoot, 'dist/renderer') },
  });
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (bash scripts/test-all.sh does it)`,
    );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const qbwcSession = () => h.session({ username: QBWC_USER, password: QBWC_PASSWORD });

describe('the merchant in Chromium', () => {
  it('completes the first-run setup wizard, ending with both connections green', async () => {
    await page.goto(h.engine.uiUrl);
    await page.waitForURL(/#\/setup/);
    // The token left the address bar at once.
    expect(page.url()).not.toContain('token=');
    await shot('setup-welcome');
    await byTestId('wizard-next').click();

    await byTestId('wizard-ss-key').fill(SS_V1.apiKey);
    await byTestId('wizard-ss-secret').fill(SS_V1.apiSecret);
    await byTestId('wizard-ss-test').click();
    await expect
      .poll(() => byTestId('wizard-ss-result').innerText(), { timeout: 20_000 })
      .toMatch(/Connected to ShipStation/);
    await shot('setup-shipstation');
    await byTestId('wizard-next').click();

    await byTestId('wizard-qbwc-user').fill(QBWC_USER);
    await byTestId('wizard-qbwc-password').fill(QBWC_PASSWORD);
    const download = page.waitForEvent('download');
    await byTestId('wizard-qwc-download').click();
    const qwc = await download;
    expect(qwc.suggestedFilename()).toBe('ml-connector.qwc');
    const qwcText = readFileSync((await qwc.path())!, 'utf8');
    expect(qwcText).toContain(`<AppURL>http://localhost:${h.engine.port}/qbwc</AppURL>`);
    expect(qwcText).toContain(`<UserName>${QBWC_USER}</UserName>`);
    // The user adds the file in the Web Connector; its first update mirrors QuickBooks.
    expect((await qbwcSession()).outcome).toBe('completed');
    await byTestId('wizard-qb-connected').waitFor({ timeout: 30_000 });
    await shot('setup-quickbooks');
    await byTestId('wizard-next').click();
    await shot('setup-posting');
    await byTestId('wizard-next').click();
    await byTestId('wizard-finish').click();
    await page.waitForURL(/#\/dashboard/);
    const setup = await h.api<{
      completed: boolean;
      quickBooksConnected: boolean;
      shipStationConnected: boolean;
    }>('/api/setup');
    expect(setup.body).toMatchObject({
      completed: true,
      quickBooksConnected: true,
      shipStationConnected: true,
    });
  });

  it('shows an order flagged for an unknown SKU, resolves it by clicking, and sees it post after the next QBWC cycle', async () => {
    // Items for the parts of an order that are not products (the wizard's defaults may leave some unset).
    await h.api('/api/settings/posting', {
      method: 'POST',
      body: { taxItem: 'CA Sales Tax', discountItem: 'Discount', shippingItem: 'Shipping' },
    });
    const ss = h.ss!;
    ss.createOrders(2);
    const [mystery] = ss.createOrders(1, { skus: ['GADGET-NEW-1'] });
    await page.goto(`${h.engine.url}/#/dashboard`);
    await byTestId('sync-now').click();
    await expect.poll(() => byTestId('sync-result').innerText(), { timeout: 20_000 }).not.toBe('');
    await byTestId('orders-chart').waitFor();
    await expect.poll(() => byTestId('flagged-count').innerText(), { timeout: 10_000 }).toBe('1');
    await shot('dashboard');

    await byTestId('nav-flagged').click();
    const row = byTestId(`flagged-row-${mystery!.orderNumber}`);
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('GADGET-NEW-1');
    // The navigation badge follows live, pushed by the engine.
    await expect.poll(() => byTestId('flagged-count').innerText(), { timeout: 10_000 }).toBe('1');
    await shot('flagged');
    await row.getByTestId('resolve-map-item').first().click();
    const target = h.company.items().find((i) => i.ItemType === 'NonInventory' && i.IsActive)!;
    await byTestId('item-search').fill(target.Name.slice(0, 6));
    await byTestId(`item-option-${target.ListID}`).click();
    await byTestId('resolve-confirm').click();
    await expect.poll(() => byTestId('resolve-message').innerText()).toMatch(/now maps to QuickBooks item/);
    await expect.poll(() => byTestId('flagged-count').innerText(), { timeout: 10_000 }).toBe('0');
    await shot('flagged-resolved');

    // It ships; the next poll queues it and the next Web Connector cycle posts it.
    ss.shipOrders([mystery!.orderId]);
    await h.api('/api/sync', { method: 'POST', body: {} });
    expect((await qbwcSession()).outcome).toBe('completed');
    expect(h.company.salesReceipts().length).toBe(1);
    await page.goto(`${h.engine.url}/#/orders?q=${encodeURIComponent(mystery!.orderNumber)}`);
    const orderRow = byTestId(`orders-row-${mystery!.orderNumber}`).first();
    await expect
      .poll(() => orderRow.getByTestId('status-badge').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('posted');
    await shot('orders');
    await orderRow.click();
    await byTestId('order-timeline').waitFor();
    await expect.poll(() => byTestId('order-txn-id').innerText()).toBe(h.company.salesReceipts()[0]!.TxnID);
    await shot('order-detail');
  });

  it('exports the audit trail as CSV with the rows the audit page shows', async () => {
    await page.goto(`${h.engine.url}/#/audit`);
    await byTestId('audit-table').waitFor();
    await shot('audit');
    const download = page.waitForEvent('download');
    await byTestId('audit-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await file.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,level,category,event,orderNumber,ssRef,qbRef,statusCode,message');
    const posted = h.company.salesReceipts()[0]!;
    expect(lines.some((l) => l.includes(',posted,') && l.includes(posted.TxnID))).toBe(true);
    expect(lines.some((l) => l.includes(',flagged,') && l.includes('GADGET-NEW-1'))).toBe(true);
    expect(lines.some((l) => l.includes(',resolution,'))).toBe(true);
  });

  it('shows the reconciliation and settings pages', async () => {
    const month = new Date().toISOString().slice(0, 7);
    await page.goto(`${h.engine.url}/#/reconciliation?month=${month}`);
    await byTestId('recon-totals').waitFor();
    await expect.poll(() => byTestId('recon-posted-value').innerText()).toBe('1');
    await shot('reconciliation');
    await page.goto(`${h.engine.url}/#/settings`);
    await byTestId('settings-save-posting').waitFor();
    await shot('settings');
    // Sales tax: switching to "QuickBooks computes it" shows the state table, saving keeps the choice.
    await byTestId('sales-tax-settings').waitFor();
    await page.getByLabel('QuickBooks computes it by ship-to state').check();
    await byTestId('tax-by-state').waitFor();
    await byTestId('settings-save-posting').click();
    await expect
      .poll(async () => (await h.api<{ taxMode: string }>('/api/settings/posting')).body.taxMode)
      .toBe('quickbooks');
    // Where the SKU lives: a custom field, checked against open orders before saving.
    await byTestId('sku-source').selectOption('custom_field');
    await byTestId('sku-custom-field').fill('SKU');
    await byTestId('sku-preview').click();
    await expect.poll(() => byTestId('sku-preview-result').innerText()).toMatch(/open orders|No open orders/);
    await byTestId('settings-save-matching').click();
    await expect
      .poll(
        async () =>
          (await h.api<{ skuSource: string; skuCustomField: string | null }>('/api/settings/matching')).body,
      )
      .toEqual(expect.objectContaining({ skuSource: 'custom_field', skuCustomField: 'SKU' }));
  });
});
