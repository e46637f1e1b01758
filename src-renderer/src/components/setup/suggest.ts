import type { QbItem } from '../../../../shared/api';
import type { PostingSettings } from '../settings/PostingFields';

type FindItems = (search: string) => Promise<QbItem[]>;

/**
 * Fills the shipping, discount and sales-tax items with QuickBooks items that look right when the
 * stored ones are empty or not in the company file. Returns what it changed, in words.
 */
export async function suggestPostingItems(
  v: PostingSettings,
  find: FindItems,
): Promise<{ next: PostingSettings; notes: string[] }> {
  const next = { ...v };
  const notes: string[] = [];
  const exists = async (name: string | null): Promise<boolean> =>
    Boolean(name) && (await find(name!)).some((i) => i.fullName.toLowerCase() === name!.toLowerCase());
  const pick = async (search: string, types: string[]): Promise<string | null> => {
    const items = await find(search);
    for (const t of types) {
      const hit = items.find((i) => i.itemType === t);
      if (hit) return hit.fullName;
    }
    return null;
  };
  const slots: {
    key: 'shippingItem' | 'discountItem' | 'taxItem';
    label: string;
    search: string;
    types: string[];
  }[] = [
    {
      key: 'shippingItem',
      label: 'Shipping',
      search: 'ship',
      types: ['OtherCharge', 'Service', 'NonInventory'],
    },
    { key: 'discountItem', label: 'Discount', search: 'disc', types: ['Discount'] },
    { key: 'taxItem', label: 'Sales tax', search: 'tax', types: ['SalesTax', 'SalesTaxGroup'] },
  ];
  for (const s of slots) {
    if (await exists(v[s.key])) continue;
    const found = await pick(s.search, s.types);
    if (found && found !== v[s.key]) {
      next[s.key] = found;
      notes.push(`${s.label}: “${found}”`);
    }
  }
  return { next, notes };
}
