/**
 * Deterministic generator of a believable small-business QuickBooks company (a merch / DTC shop
 * selling through ShipStation): customers (people and businesses, a few jobs `Parent:Child`, a few
 * inactive, names with `&` and apostrophes) and items of every type.
 */
import { chance, mulberry32, pick, randInt, type Rng } from '../prng.js';
import type { CompanySeed, SeedAddress, SeedCustomer, SeedItem } from './model.js';

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Sandra',
  'Mark',
  'Ashley',
  'Andrew',
  'Emily',
  'Joshua',
  'Michelle',
  'Kevin',
  'Amanda',
  'Brian',
  'Melissa',
  'Priya',
  'Stephanie',
  'Wei',
  'Rebecca',
  'Jose',
  'Laura',
  'Ryan',
  'Olivia',
  'Jacob',
  'Sofia',
  'Nathan',
  'Chloe',
  'Ethan',
  'Hannah',
  'Liam',
  'Aisha',
  'Noah',
  'Mei',
  'Lucas',
  'Fatima',
  'Mateo',
  'Grace',
  'Owen',
  'Zoe',
] as const;
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  "O'Brien",
  "O'Connor",
  "D'Angelo",
  'Nguyen',
  'Patel',
  'Kim',
  'Chen',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Okafor',
  'Kowalski',
  'Schmidt',
  'Rossi',
] as const;
const BIZ_A = [
  'Blue Ridge',
  'Summit',
  'Harbor',
  'Maple',
  'Copper Leaf',
  'Northwind',
  'Red Barn',
  'Silver Creek',
  'Cedar',
  'Pinecone',
  'Golden Gate',
  'Riverside',
  'Lakeshore',
  'Prairie',
  'Ironwood',
  'Bright Star',
  'Evergreen',
  'Canyon',
  'Meadowlark',
  'Bayview',
  'Foxglove',
  'Hilltop',
  'Old Town',
  'Sunset',
  'Wildflower',
] as const;
const BIZ_B = [
  'Outfitters',
  'Supply Co.',
  'Trading',
  'Boutique',
  'Goods',
  'Mercantile',
  'General Store',
  'Gifts',
  'Provisions',
  'Market',
  'Collective',
  'Emporium',
  'Studio',
  'Company',
  'Sports',
  'Bookshop',
] as const;
const STREETS = [
  'Main',
  'Oak',
  'Pine',
  'Maple',
  'Cedar',
  'Elm',
  'Washington',
  'Lake',
  'Hill',
  'Park',
  'Sunset',
  'Ridge',
  'Mill',
  'Church',
  'River',
  'Spring',
  'Highland',
  'Forest',
  'Meadow',
  'Willow',
] as const;
const STREET_SUFFIX = ['St', 'Ave', 'Blvd', 'Rd', 'Ln', 'Dr', 'Way', 'Ct'] as const;
const CITIES: readonly (readonly [string, string, string])[] = [
  ['Portland', 'OR', '972'],
  ['Austin', 'TX', '787'],
  ['Denver', 'CO', '802'],
  ['Columbus', 'OH', '432'],
  ['Raleigh', 'NC', '276'],
  ['Madison', 'WI', '537'],
  ['Boise', 'ID', '837'],
  ['Tucson', 'AZ', '857'],
  ['Sacramento', 'CA', '958'],
  ['San Diego', 'CA', '921'],
  ['Nashville', 'TN', '372'],
  ['Richmond', 'VA', '232'],
  ['Burlington', 'VT', '054'],
  ['Savannah', 'GA', '314'],
  ['Omaha', 'NE', '681'],
  ['Spokane', 'WA', '992'],
  ['Albany', 'NY', '122'],
  ['Tampa', 'FL', '336'],
  ['Providence', 'RI', '029'],
  ['St. Paul', 'MN', '551'],
];
const MAIL_DOMAINS = [
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'icloud.com',
  'hotmail.com',
  'aol.com',
] as const;
const JOB_NAMES = [
  'Warehouse East',
  'Warehouse West',
  'Online Orders',
  'Store #12',
  'Store #7',
  'Wholesale',
  'Events',
  'Head Office',
] as const;

interface Family {
  code: string;
  label: string;
  variants: readonly string[];
  options: readonly string[];
  price: readonly [number, number];
}
const FAMILIES: readonly Family[] = [
  {
    code: 'TSH',
    label: 'Classic Tee',
    variants: ['BLK', 'WHT', 'NVY', 'GRY', 'RED', 'OLV'],
    options: ['S', 'M', 'L', 'XL', '2XL'],
    price: [18, 28],
  },
  {
    code: 'HOD',
    label: 'Pullover Hoodie',
    variants: ['BLK', 'GRY', 'NVY', 'FOR'],
    options: ['S', 'M', 'L', 'XL'],
    price: [42, 65],
  },
  { code: 'CAP', label: 'Dad Cap', variants: ['BLK', 'KHK', 'NVY', 'PNK'], options: ['OS'], price: [20, 30] },
  {
    code: 'SCK',
    label: 'Crew Socks',
    variants: ['BLK', 'WHT', 'STR'],
    options: ['SM', 'LG'],
    price: [9, 14],
  },
  {
    code: 'MUG',
    label: 'Ceramic Mug',
    variants: ['WHT', 'BLK', 'SPK'],
    options: ['11OZ', '15OZ'],
    price: [14, 22],
  },
  {
    code: 'BTL',
    label: 'Insulated Bottle',
    variants: ['SLV', 'BLK', 'SAGE', 'SKY'],
    options: ['500', '750'],
    price: [24, 38],
  },
  { code: 'TOT', label: 'Canvas Tote', variants: ['NAT', 'BLK'], options: ['STD', 'XL'], price: [16, 24] },
  {
    code: 'STK',
    label: 'Vinyl Sticker',
    variants: ['LOGO', 'MTN', 'WAVE', 'CAT'],
    options: ['3IN', '5IN'],
    price: [3, 7],
  },
  {
    code: 'CND',
    label: 'Soy Candle',
    variants: ['LAV', 'CDR', 'CIT', 'VAN'],
    options: ['8OZ', '12OZ'],
    price: [18, 32],
  },
  {
    code: 'PST',
    label: 'Art Print',
    variants: ['CITY', 'MTN', 'SEA', 'BOT'],
    options: ['8X10', '11X14', '18X24'],
    price: [15, 45],
  },
  {
    code: 'NBK',
    label: 'Dot Grid Notebook',
    variants: ['BLK', 'TAN', 'GRN'],
    options: ['A5', 'A6'],
    price: [12, 19],
  },
  {
    code: 'PIN',
    label: 'Enamel Pin',
    variants: ['LOGO', 'FERN', 'MOON', 'BEE'],
    options: ['1IN'],
    price: [8, 12],
  },
];
const COLOR_NAMES: Readonly<Record<string, string>> = {
  BLK: 'Black',
  WHT: 'White',
  NVY: 'Navy',
  GRY: 'Heather Grey',
  RED: 'Red',
  OLV: 'Olive',
  FOR: 'Forest',
  KHK: 'Khaki',
  PNK: 'Pink',
  STR: 'Stripe',
  SPK: 'Speckle',
  SLV: 'Silver',
  SAGE: 'Sage',
  SKY: 'Sky',
  NAT: 'Natural',
  LOGO: 'Logo',
  MTN: 'Mountains',
  WAVE: 'Wave',
  CAT: 'Cat',
  LAV: 'Lavender',
  CDR: 'Cedar',
  CIT: 'Citrus',
  VAN: 'Vanilla',
  CITY: 'City',
  SEA: 'Seascape',
  BOT: 'Botanical',
  TAN: 'Tan',
  GRN: 'Green',
  FERN: 'Fern',
  MOON: 'Moon',
  BEE: 'Bee',
};
const SERVICES: readonly [string, string, number][] = [
  ['Gift Wrapping', 'Gift wrapping with handwritten note', 4.99],
  ['Engraving', 'Custom engraving, up to 20 characters', 12],
  ['Embroidery Setup', 'One-time embroidery digitizing', 35],
  ['Design Consultation', 'Custom design consultation (per hour)', 75],
  ['Assembly Labor', 'Kit assembly labor', 2.5],
];
const OTHER_CHARGES: readonly [string, string, number, string][] = [
  ['Shipping', 'Shipping & handling', 0, 'Shipping Income'],
  ['Handling Fee', 'Handling fee', 2, 'Shipping Income'],
  ['Rush Fee', 'Rush production fee', 15, 'Sales'],
  ['Shipping Insurance', 'Package insurance', 3.5, 'Shipping Income'],
  ['Restocking Fee', 'Restocking fee on returns', 10, 'Sales'],
];
const NON_INVENTORY: readonly [string, string, number][] = [
  ['GIFTCARD-25', 'Gift card $25', 25],
  ['GIFTCARD-50', 'Gift card $50', 50],
  ["Collector's Print", "Collector's edition print (made to order)", 60],
  ['POD-TEE', 'Print-on-demand tee (dropship)', 26],
  ['POD-MUG', 'Print-on-demand mug (dropship)', 19],
  ['Sample Pack', 'Fabric & color sample pack', 5],
];

const money = (rng: Rng, [lo, hi]: readonly [number, number]): number => {
  const cents = Math.round((lo + rng() * (hi - lo)) * 100) - (chance(rng, 0.5) ? 1 : 0);
  return cents / 100;
};

function address(rng: Rng): SeedAddress {
  const [city, state, zip] = pick(rng, CITIES);
  return {
    addr1: `${randInt(rng, 10, 9899)} ${pick(rng, STREETS)} ${pick(rng, STREET_SUFFIX)}`,
    ...(chance(rng, 0.15) ? { addr2: `Suite ${randInt(rng, 100, 499)}` } : {}),
    city,
    state,
    postalCode: `${zip}${String(randInt(rng, 0, 99)).padStart(2, '0')}`,
    country: 'US',
  };
}

function phone(rng: Rng): string {
  return `(${randInt(rng, 201, 989)}) ${randInt(rng, 200, 999)}-${String(randInt(rng, 0, 9999)).padStart(4, '0')}`;
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '');

function uniqueName(base: string, used: Set<string>, max: number): string {
  let name = base.slice(0, max).trim();
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = ` ${n}`;
    name = base.slice(0, max - suffix.length).trim() + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

function generateCustomers(rng: Rng, count: number): SeedCustomer[] {
  const used = new Set<string>();
  const subCount = count >= 5 ? Math.max(1, Math.round(count * 0.04)) : 0;
  const topCount = count - subCount;
  const out: SeedCustomer[] = [];
  const businesses: string[] = [];
  for (let i = 0; i < topCount; i++) {
    // Oldest first, so ListIDs grow with TimeCreated as in a real file.
    const createdDaysAgo = Math.max(
      1,
      Math.round(900 * (1 - i / Math.max(1, topCount))) - randInt(rng, 0, 3),
    );
    const isBusiness = i === 0 || (i !== 1 && chance(rng, 0.35));
    const first = i === 1 ? 'Liam' : pick(rng, FIRST);
    const last = i === 1 ? "O'Brien" : pick(rng, LAST);
    const addr = address(rng);
    let c: SeedCustomer;
    if (isBusiness) {
      const base =
        i === 0
          ? 'Hart & Hollow Goods'
          : chance(rng, 0.12)
            ? `${last} & Sons ${pick(rng, BIZ_B)}`
            : `${pick(rng, BIZ_A)} ${pick(rng, BIZ_B)}`;
      const name = uniqueName(base, used, 41);
      businesses.push(name);
      c = {
        name,
        companyName: name.slice(0, 41),
        firstName: first,
        lastName: last,
        email: `orders@${slug(name).slice(0, 24)}.com`,
        phone: phone(rng),
        billAddress: { addr1: name.slice(0, 41), ...addr },
        shipAddress: { addr1: name.slice(0, 41), ...addr },
        taxable: chance(rng, 0.3),
        createdDaysAgo,
      };
    } else {
      const name = uniqueName(`${first} ${last}`, used, 41);
      c = {
        name,
        firstName: first,
        lastName: last,
        email: `${slug(first)}.${slug(last)}${chance(rng, 0.4) ? randInt(rng, 1, 99) : ''}@${pick(rng, MAIL_DOMAINS)}`,
        ...(chance(rng, 0.7) ? { phone: phone(rng) } : {}),
        billAddress: { addr1: `${first} ${last}`.slice(0, 41), ...addr },
        shipAddress: { addr1: `${first} ${last}`.slice(0, 41), ...addr },
        createdDaysAgo,
      };
    }
    if (i >= 2 && (chance(rng, 0.03) || (count >= 10 && i === topCount - 1))) c.isActive = false;
    out.push(c);
  }
  const jobsUsed = new Map<string, Set<string>>();
  for (let j = 0; j < subCount; j++) {
    const parent = businesses.length > 0 ? pick(rng, businesses) : (out[0]?.name ?? 'Hart & Hollow Goods');
    const set = jobsUsed.get(parent) ?? new Set<string>();
    jobsUsed.set(parent, set);
    const name = uniqueName(pick(rng, JOB_NAMES), set, 41);
    const p = out.find((c) => c.name === parent);
    out.push({
      name,
      parent,
      ...(p?.companyName ? { companyName: p.companyName } : {}),
      ...(p?.email ? { email: p.email } : {}),
      shipAddress: address(rng),
      createdDaysAgo: randInt(rng, 1, 120),
    });
  }
  return out;
}

function generateItems(rng: Rng, count: number): SeedItem[] {
  const used = new Set<string>();
  const items: SeedItem[] = [];
  const inventory: string[] = [];
  const skuQueue: { sku: string; desc: string; price: [number, number] }[] = [];
  for (const f of FAMILIES) {
    for (const v of f.variants) {
      for (const o of f.options) {
        skuQueue.push({
          sku: `${f.code}-${v}-${o}`,
          desc: `${f.label} - ${COLOR_NAMES[v] ?? v} / ${o}`,
          price: [...f.price],
        });
      }
    }
  }
  // Shuffle deterministically so small companies still get a mix of families.
  for (let i = skuQueue.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [skuQueue[i], skuQueue[j]] = [skuQueue[j]!, skuQueue[i]!];
  }
  let overflow = 0;
  const nextInventory = (daysAgo: number, parent?: string): SeedItem => {
    const next = skuQueue.pop();
    const fam = pick(rng, FAMILIES);
    const sku = next?.sku ?? `${fam.code}-${String(1000 + overflow++)}`;
    const name = uniqueName(sku, used, 31);
    const price = money(rng, next?.price ?? fam.price);
    const item: SeedItem = {
      type: 'Inventory',
      name,
      ...(parent ? { parent } : {}),
      description: next?.desc ?? `${fam.label} #${overflow}`,
      price,
      cost: Math.round(price * (0.3 + rng() * 0.2) * 100) / 100,
      quantityOnHand: chance(rng, 0.08) ? 0 : randInt(rng, 5, 500),
      reorderPoint: randInt(rng, 5, 40),
      manufacturerPartNumber: `MPN-${randInt(rng, 10000, 99999)}`,
      ...(chance(rng, 0.5)
        ? { barCode: String(randInt(rng, 100000, 999999)) + String(randInt(rng, 100000, 999999)) }
        : {}),
      taxable: true,
      createdDaysAgo: daysAgo,
    };
    inventory.push(parent ? `${parent}:${name}` : name);
    return item;
  };
  const daysFor = (i: number): number => Math.max(1, Math.round(1000 * (1 - i / Math.max(1, count))));

  // One of every type first (so even a tiny company exercises every Ret kind).
  let taxItem: string | undefined;
  const mandatory: (() => SeedItem)[] = [
    () => nextInventory(daysFor(0)),
    () => ({
      type: 'OtherCharge',
      name: uniqueName('Shipping', used, 31),
      description: 'Shipping & handling',
      price: 0,
      incomeAccount: 'Shipping Income',
      createdDaysAgo: daysFor(1),
    }),
    () => ({
      type: 'Service',
      name: uniqueName('Gift Wrapping', used, 31),
      description: 'Gift wrapping with handwritten note',
      price: 4.99,
      incomeAccount: 'Sales',
      createdDaysAgo: daysFor(2),
    }),
    () => ({
      type: 'NonInventory',
      name: uniqueName('GIFTCARD-25', used, 31),
      description: 'Gift card $25',
      price: 25,
      incomeAccount: 'Sales',
      createdDaysAgo: daysFor(3),
    }),
    () => ({
      type: 'Discount',
      name: uniqueName('Discount', used, 31),
      description: 'Order discount',
      incomeAccount: 'Discounts',
      createdDaysAgo: daysFor(4),
    }),
    () => {
      taxItem = uniqueName('CA Sales Tax', used, 31);
      return {
        type: 'SalesTax',
        name: taxItem,
        description: 'California state sales tax',
        taxRate: 7.25,
        createdDaysAgo: daysFor(5),
      };
    },
    () => {
      const comps = [inventory[0], inventory[1] ?? inventory[0]].filter((x): x is string => !!x);
      return {
        type: 'Group',
        name: uniqueName('Mug & Tee Bundle', used, 31),
        description: 'Mug & tee gift bundle',
        components: comps.map((item) => ({ item, quantity: 1 })),
        createdDaysAgo: daysFor(6),
      };
    },
    () => {
      const comps = [inventory[0], inventory[2] ?? inventory[0]].filter((x): x is string => !!x);
      return {
        type: 'InventoryAssembly',
        name: uniqueName('KIT-STARTER', used, 31),
        description: 'Starter kit (assembled in house)',
        price: 49,
        cost: 18,
        quantityOnHand: randInt(rng, 0, 60),
        components: comps.map((item, k) => ({ item, quantity: k + 1 })),
        taxable: true,
        createdDaysAgo: daysFor(7),
      };
    },
    // A sales tax group (state + local rates charged together), here holding the state item.
    () => ({
      type: 'SalesTaxGroup',
      name: uniqueName('CA Combined Tax', used, 31),
      description: 'State and district sales tax',
      components: taxItem ? [{ item: taxItem, quantity: 1 }] : [],
      createdDaysAgo: daysFor(8),
    }),
  ];
  // With room, a second inventory item before Group/Assembly so their components differ.
  for (let i = 0; i < Math.min(count, mandatory.length); i++) {
    if (i === 6 && count >= 10) items.push(nextInventory(daysFor(6)), nextInventory(daysFor(6)));
    items.push(mandatory[i]!());
  }

  const services = SERVICES.filter(([n]) => !used.has(n.toLowerCase()));
  const charges = OTHER_CHARGES.filter(([n]) => !used.has(n.toLowerCase()));
  const nonInv = NON_INVENTORY.filter(([n]) => !used.has(n.toLowerCase()));
  let apparelParent: string | undefined;
  while (items.length < count) {
    const i = items.length;
    const days = daysFor(i);
    const r = rng();
    if (r < 0.06 && nonInv.length > 0) {
      const [n, d, p] = nonInv.shift()!;
      items.push({
        type: 'NonInventory',
        name: uniqueName(n, used, 31),
        description: d,
        price: p,
        incomeAccount: 'Sales',
        createdDaysAgo: days,
      });
    } else if (r < 0.1 && services.length > 0) {
      const [n, d, p] = services.shift()!;
      items.push({
        type: 'Service',
        name: uniqueName(n, used, 31),
        description: d,
        price: p,
        incomeAccount: 'Sales',
        createdDaysAgo: days,
      });
    } else if (r < 0.13 && charges.length > 0) {
      const [n, d, p, acct] = charges.shift()!;
      items.push({
        type: 'OtherCharge',
        name: uniqueName(n, used, 31),
        description: d,
        price: p,
        incomeAccount: acct,
        createdDaysAgo: days,
      });
    } else if (r < 0.15 && count >= 20 && !apparelParent) {
      apparelParent = uniqueName('Merchandise', used, 31);
      items.push({
        type: 'Inventory',
        name: apparelParent,
        description: 'Merchandise (parent item)',
        price: 0,
        cost: 0,
        quantityOnHand: 0,
        taxable: true,
        createdDaysAgo: days,
      });
    } else if (apparelParent && r < 0.2) {
      items.push(nextInventory(days, apparelParent));
    } else {
      items.push(nextInventory(days));
    }
  }
  // A few discontinued products.
  let inactive = 0;
  for (let i = 8; i < items.length; i++) {
    const it = items[i]!;
    if (
      it.type === 'Inventory' &&
      !items.some((o) => o.parent === it.name) &&
      (chance(rng, 0.03) || (inactive === 0 && i === items.length - 1))
    ) {
      it.isActive = false;
      inactive++;
    }
  }
  return items;
}

export interface GenerateSeedOptions {
  customers: number;
  items: number;
  seed: number;
  companyName?: string;
}

/**
 * Same options → byte-identical seed. `items` ≥ 8 yields every item type (Inventory, NonInventory,
 * Service, OtherCharge "Shipping", InventoryAssembly, Group, Discount, SalesTax); fewer yields the
 * first `items` of that list. Customers include ~4% jobs (`Parent:Child`) and ~3% inactive.
 */
export function generateCompanySeed(opts: GenerateSeedOptions): CompanySeed {
  const rng = mulberry32(opts.seed);
  const items = generateItems(mulberry32(opts.seed ^ 0x5eed17e5), Math.max(0, Math.floor(opts.items)));
  const customers = generateCustomers(rng, Math.max(0, Math.floor(opts.customers)));
  const [city, state, zip] = CITIES[opts.seed % CITIES.length]!;
  const companyName =
    opts.companyName ?? `${pick(rng, BIZ_A)} ${pick(rng, ['Goods', 'Supply Co.', 'Trading', 'Mercantile'])}`;
  return {
    companyName,
    legalName: `${companyName} LLC`,
    address: {
      addr1: `${randInt(rng, 100, 999)} ${pick(rng, STREETS)} St`,
      city,
      state,
      postalCode: `${zip}01`,
      country: 'US',
    },
    email: `books@${slug(companyName)}.com`,
    phone: phone(rng),
    customers,
    items,
  };
}
