/** Seed material: a stable default catalog, name/address pools and the default stores. */

import type { SimAddress, SimSkuSpec, StoreRec } from './model.js';

const ADJECTIVES = ['Classic', 'Deluxe', 'Compact', 'Organic', 'Premium', 'Travel'] as const;
const NOUNS = ['Coffee Mug', 'Tote Bag', 'Notebook', 'Water Bottle'] as const;

/**
 * The default catalog: `SKU-0001` … `SKU-0024`, with names and prices that depend only on the index
 * (never on the seed), so a QuickBooks simulator can be given the same list.
 */
export function defaultCatalog(): Required<SimSkuSpec>[] {
  const out: Required<SimSkuSpec>[] = [];
  for (let i = 0; i < ADJECTIVES.length * NOUNS.length; i++) {
    const adj = ADJECTIVES[i % ADJECTIVES.length] ?? 'Classic';
    const noun = NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length] ?? 'Mug';
    let c = 500 + ((i * 1237) % 4500);
    c = c - (c % 10) + 9;
    out.push({
      sku: `SKU-${String(i + 1).padStart(4, '0')}`,
      name: `${adj} ${noun}`,
      unitPrice: c / 100,
      weightOz: 4 + ((i * 5) % 28),
    });
  }
  return out;
}

/** Turn a `skus` option entry into a full catalog entry; missing names/prices derive from the SKU text. */
export function normaliseSku(spec: string | SimSkuSpec): Required<SimSkuSpec> {
  const s: SimSkuSpec = typeof spec === 'string' ? { sku: spec } : spec;
  let h = 2166136261;
  for (const ch of s.sku) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const derivedCents = 300 + (h % 6000);
  return {
    sku: s.sku,
    name: s.name ?? `Item ${s.sku}`,
    unitPrice: s.unitPrice ?? Math.floor(derivedCents / 10) / 10 + 0.09,
    weightOz: s.weightOz ?? 2 + (h % 30),
  };
}

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'Mateo',
  'Isabella',
  'Lucas',
  'Mia',
  'Levi',
  'Amelia',
  'Ezra',
  'Harper',
  'Asher',
  'Evelyn',
  'James',
  'Chloé',
  "D'Angelo",
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernández',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  "O'Brien",
  'Nguyen',
] as const;

export const COMPANIES = [
  'Acme Supply Co.',
  'Blue Ridge Outfitters',
  'Northwind Traders',
  'Smith & Sons LLC',
  'Pinecrest Dental',
  'Harbor Coffee Roasters',
] as const;

export const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple Dr',
  'Cedar Ln',
  'Elm St',
  'Washington Blvd',
  'Lakeview Rd',
  'Sunset Blvd',
] as const;

export const US_CITIES: readonly { city: string; state: string; zip: string; taxRate: number }[] = [
  { city: 'Austin', state: 'TX', zip: '78701', taxRate: 0.0825 },
  { city: 'Portland', state: 'OR', zip: '97201', taxRate: 0 },
  { city: 'Denver', state: 'CO', zip: '80202', taxRate: 0.0881 },
  { city: 'Columbus', state: 'OH', zip: '43215', taxRate: 0.075 },
  { city: 'Seattle', state: 'WA', zip: '98101', taxRate: 0.1025 },
  { city: 'Raleigh', state: 'NC', zip: '27601', taxRate: 0.0725 },
  { city: 'San Diego', state: 'CA', zip: '92101', taxRate: 0.0775 },
  { city: 'Madison', state: 'WI', zip: '53703', taxRate: 0.055 },
  { city: 'Boise', state: 'ID', zip: '83702', taxRate: 0.06 },
  { city: 'Wilmington', state: 'DE', zip: '19801', taxRate: 0 },
];

export const INTL_CITIES: readonly { city: string; state: string; zip: string; country: string }[] = [
  { city: 'Toronto', state: 'ON', zip: 'M5V 2T6', country: 'CA' },
  // V2 addresses require a non-empty state_province (spec `address`): a county or canton here.
  { city: 'London', state: 'Greater London', zip: 'NW1 6XE', country: 'GB' },
  { city: 'Luzern', state: 'LU', zip: '6003', country: 'CH' },
];

export interface ServiceChoice {
  requested: string;
  carrierCode: string;
  serviceCode: string;
}

export const SERVICES: readonly ServiceChoice[] = [
  { requested: 'Standard Shipping', carrierCode: 'stamps_com', serviceCode: 'usps_ground_advantage' },
  { requested: 'Priority Mail', carrierCode: 'stamps_com', serviceCode: 'usps_priority_mail' },
  { requested: 'UPS Ground', carrierCode: 'ups', serviceCode: 'ups_ground' },
  { requested: 'FedEx Home Delivery', carrierCode: 'fedex', serviceCode: 'fedex_home_delivery' },
  { requested: 'Expedited', carrierCode: 'fedex', serviceCode: 'fedex_2day' },
];

export const WAREHOUSE_ID = 98765;

export const WAREHOUSE_ADDRESS: SimAddress = {
  name: 'Shipping Dept',
  company: 'ML Demo Goods Inc.',
  street1: '4200 Industrial Pkwy',
  street2: null,
  street3: null,
  city: 'Reno',
  state: 'NV',
  postalCode: '89502',
  country: 'US',
  phone: '775-555-0100',
  residential: false,
  addressVerified: 'Address validated successfully',
};

interface StoreTemplate {
  storeName: string;
  marketplaceId: number;
  marketplaceName: string;
  orderSourceCode: string;
  numberStyle: StoreRec['numberStyle'];
}

const STORE_TEMPLATES: readonly StoreTemplate[] = [
  {
    storeName: 'ML Demo Web Store',
    marketplaceId: 26,
    marketplaceName: 'Shopify',
    orderSourceCode: 'shopify',
    numberStyle: 'sequential',
  },
  {
    storeName: 'US Amazon Store',
    marketplaceId: 2,
    marketplaceName: 'Amazon',
    orderSourceCode: 'amazon',
    numberStyle: 'amazon',
  },
  {
    storeName: 'eBay Store',
    marketplaceId: 1,
    marketplaceName: 'eBay',
    orderSourceCode: 'ebay',
    numberStyle: 'ebay',
  },
];

/** Store ids are 5-digit like the samples (12345, 23456, …); store 4 and later are more web stores. */
export function makeStores(count: number, createdAt: number): StoreRec[] {
  const out: StoreRec[] = [];
  for (let i = 0; i < count; i++) {
    const t: StoreTemplate = STORE_TEMPLATES[i] ?? {
      storeName: `ML Demo Web Store ${i + 1}`,
      marketplaceId: 26,
      marketplaceName: 'Shopify',
      orderSourceCode: 'shopify',
      numberStyle: 'sequential',
    };
    out.push({
      storeId: 52001 + i * 1111,
      storeName: t.storeName,
      marketplaceId: t.marketplaceId,
      marketplaceName: t.marketplaceName,
      orderSourceCode: t.orderSourceCode,
      accountName: t.numberStyle === 'amazon' ? 'A1B2C3D4E5F6G7' : null,
      email: null,
      integrationUrl: null,
      active: true,
      companyName: '',
      phone: '',
      publicEmail: '',
      website: '',
      refreshDate: createdAt,
      lastRefreshAttempt: createdAt,
      createDate: createdAt - 400 * 86_400_000 + i * 3_600_000,
      modifyDate: createdAt - 200 * 86_400_000 + i * 3_600_000,
      autoRefresh: true,
      numberStyle: t.numberStyle,
      nextSequential: 1001,
    });
  }
  return out;
}
