import type { QbxmlRequest } from '../envelope';
import { requireListName } from '../limits';
import type { XmlBody } from '../xmlBody';
import {
  address,
  bool,
  key,
  price,
  ref,
  request,
  retElements,
  text,
  type QbAddressInput,
  type QbRefInput,
  type RequestOptions,
  type RetElementOptions,
} from './common';

// Only used on an explicit user action ("create this customer/item in QuickBooks"), hence the minimal inputs.

export interface CustomerAddInput extends RequestOptions, RetElementOptions {
  /** The customer's Name (a key: at most 41 characters, no ':'; throws otherwise). */
  name: string;
  isActive?: boolean;
  /** Parent customer, making this a job/sub-customer. */
  parent?: QbRefInput;
  companyName?: string;
  salutation?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  billAddress?: QbAddressInput;
  shipAddress?: QbAddressInput;
  phone?: string;
  altPhone?: string;
  fax?: string;
  email?: string;
  contact?: string;
  salesTaxCode?: QbRefInput;
  notes?: string;
}

export function customerAdd(input: CustomerAddInput): QbxmlRequest {
  const body: XmlBody = {
    Name: requireListName('CustomerName', input.name, 'name'),
    IsActive: bool(input.isActive),
    ParentRef: ref(input.parent, 'CustomerFullName', 'parent'),
    CompanyName: text('CompanyName', input.companyName),
    Salutation: text('Salutation', input.salutation),
    FirstName: text('FirstName', input.firstName),
    MiddleName: text('MiddleName', input.middleName),
    LastName: text('LastName', input.lastName),
    BillAddress: address(input.billAddress),
    ShipAddress: address(input.shipAddress),
    Phone: text('Phone', input.phone),
    AltPhone: text('Phone', input.altPhone),
    Fax: text('Fax', input.fax),
    Email: text('Email', input.email),
    Contact: text('Contact', input.contact),
    SalesTaxCodeRef: ref(input.salesTaxCode, 'SalesTaxCodeFullName', 'salesTaxCode'),
    Notes: text('Notes', input.notes),
  };
  return request(
    'CustomerAddRq',
    { CustomerAdd: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}

export interface ItemSalesInput {
  /** Sales description printed on forms. */
  desc?: string;
  price?: number;
  /** Income account the item posts to (QuickBooks requires it for new items). */
  account: QbRefInput;
}

export interface ItemAddInputBase extends RequestOptions, RetElementOptions {
  /** The item's own Name (a key: at most 31 characters, no ':'; throws otherwise). */
  name: string;
  isActive?: boolean;
  parent?: QbRefInput;
  salesTaxCode?: QbRefInput;
  sales: ItemSalesInput;
}

export interface ItemNonInventoryAddInput extends ItemAddInputBase {
  /** SKU. A key: throws when longer than 31 characters. */
  manufacturerPartNumber?: string;
}

export type ItemServiceAddInput = ItemAddInputBase;

function salesOrPurchase(sales: ItemSalesInput): XmlBody {
  const account = ref(sales.account, 'ListFullName', 'sales.account');
  if (account === undefined) throw new Error('sales.account is required');
  return { Desc: text('Desc', sales.desc), Price: price(sales.price, 'sales.price'), AccountRef: account };
}

export function itemNonInventoryAdd(input: ItemNonInventoryAddInput): QbxmlRequest {
  const body: XmlBody = {
    Name: requireListName('ItemName', input.name, 'name'),
    IsActive: bool(input.isActive),
    ParentRef: ref(input.parent, 'ListFullName', 'parent'),
    ManufacturerPartNumber: key(
      'ManufacturerPartNumber',
      input.manufacturerPartNumber,
      'manufacturerPartNumber',
    ),
    SalesTaxCodeRef: ref(input.salesTaxCode, 'SalesTaxCodeFullName', 'salesTaxCode'),
    SalesOrPurchase: salesOrPurchase(input.sales),
  };
  return request(
    'ItemNonInventoryAddRq',
    { ItemNonInventoryAdd: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}

export function itemServiceAdd(input: ItemServiceAddInput): QbxmlRequest {
  // ItemServiceAdd has no ManufacturerPartNumber (and ParentRef comes after ClassRef, unused here).
  const body: XmlBody = {
    Name: requireListName('ItemName', input.name, 'name'),
    IsActive: bool(input.isActive),
    ParentRef: ref(input.parent, 'ListFullName', 'parent'),
    SalesTaxCodeRef: ref(input.salesTaxCode, 'SalesTaxCodeFullName', 'salesTaxCode'),
    SalesOrPurchase: salesOrPurchase(input.sales),
  };
  return request(
    'ItemServiceAddRq',
    { ItemServiceAdd: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}
