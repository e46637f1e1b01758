/**
 * QuickBooks Desktop editions by HostQuery's Country. ml-connector is built and tested for the US
 * edition; the Canadian and UK editions speak the same qbXML for customers, items, invoices, sales
 * receipts and journal entries, but tax works differently (GST/HST/PST, VAT: tax codes on every line,
 * no US sales tax items or groups), so the US sales tax modes do not apply there.
 */
export function editionNote(country: string | null): string | null {
  const c = (country ?? '').trim().toUpperCase();
  if (c === '' || c === 'US') return null;
  if (c === 'CA' || c === 'UK')
    return `This is the ${c === 'CA' ? 'Canadian' : 'UK'} edition of QuickBooks. Customers, items, invoices, sales receipts and journal entries post as in the US edition, but its ${c === 'CA' ? 'GST/HST/PST' : 'VAT'} works differently from US sales tax: ml-connector's sales tax settings do not apply, so post ShipStation's tax as a line (or use journal entries) and check the tax codes QuickBooks assigns.`;
  return `QuickBooks reports the country "${country}", which ml-connector does not know. It is built for the US edition; check what it posts.`;
}
