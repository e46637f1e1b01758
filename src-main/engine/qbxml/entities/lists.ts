import { z } from 'zod';
import type { RetObject } from '../parse';
import {
  instantOf,
  parseRet,
  zAddress,
  zBool,
  zDataExts,
  zInt,
  zNum,
  zOptStr,
  zRef,
  zStr,
  type QbAddress,
  type QbDataExt,
  type QbRef,
} from './common';

// Fields every list Ret has (ListCore); the mappers need the full Ret, not an IncludeRetElement subset.
const listCore = {
  ListID: zStr,
  TimeCreated: zStr,
  TimeModified: zStr,
  EditSequence: zStr,
  Name: zStr,
  FullName: zOptStr,
  IsActive: zBool,
  ParentRef: zRef,
  Sublevel: zInt,
  DataExtRet: zDataExts,
};

export interface QbCustomerRecord {
  listId: string;
  editSequence: string;
  name: string;
  fullName: string;
  /** QuickBooks omits IsActive only when asked to; absent means active. */
  isActive: boolean;
  parent?: QbRef;
  sublevel?: number;
  companyName?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  billAddress?: QbAddress;
  shipAddress?: QbAddress;
  balance?: number;
  totalBalance?: number;
  salesTaxCode?: QbRef;
  timeCreated: string;
  timeModified: string;
  /** timeModified as UTC epoch ms (undefined if QuickBooks sent no offset). */
  timeModifiedMs?: number;
  dataExt: QbDataExt[];
}

const CustomerRetSchema = z.object({
  ...listCore,
  CompanyName: zOptStr,
  FirstName: zOptStr,
  LastName: zOptStr,
  BillAddress: zAddress,
  ShipAddress: zAddress,
  Phone: zOptStr,
  Email: zOptStr,
  Balance: zNum,
  TotalBalance: zNum,
  SalesTaxCodeRef: zRef,
});

export function toCustomer(ret: RetObject): QbCustomerRecord {
  const r = parseRet(CustomerRetSchema, ret, ['CustomerRet']);
  return {
    listId: r.ListID,
    editSequence: r.EditSequence,
    name: r.Name,
    fullName: r.FullName ?? r.Name,
    isActive: r.IsActive ?? true,
    parent: r.ParentRef,
    sublevel: r.Sublevel,
    companyName: r.CompanyName,
    firstName: r.FirstName,
    lastName: r.LastName,
    email: r.Email,
    phone: r.Phone,
    billAddress: r.BillAddress,
    shipAddress: r.ShipAddress,
    balance: r.Balance,
    totalBalance: r.TotalBalance,
    salesTaxCode: r.SalesTaxCodeRef,
    timeCreated: r.TimeCreated,
    timeModified: r.TimeModified,
    timeModifiedMs: instantOf(r.TimeModified),
    dataExt: r.DataExtRet,
  };
}

/** A vendor, employee or other name: QuickBooks keeps names unique across these and customers. */
export interface QbNameEntry {
  kind: 'Vendor' | 'Employee' | 'OtherName';
  listId: string;
  name: string;
  isActive: boolean;
  timeModified: string;
}

const NAME_RET_KIND = { VendorRet: 'Vendor', EmployeeRet: 'Employee', OtherNameRet: 'OtherName' } as const;

const NameRetSchema = z.object({ ListID: zStr, Name: zStr, IsActive: zBool, TimeModified: zStr });

/** Maps a VendorRet, EmployeeRet or OtherNameRet (any subset holding these four); undefined for other Rets. */
export function toNameEntry(ret: RetObject): QbNameEntry | undefined {
  const kind = NAME_RET_KIND[ret.retType as keyof typeof NAME_RET_KIND];
  if (!kind) return undefined;
  const r = parseRet(NameRetSchema, ret, Object.keys(NAME_RET_KIND));
  return { kind, listId: r.ListID, name: r.Name, isActive: r.IsActive ?? true, timeModified: r.TimeModified };
}

export const ITEM_RET_TYPES = {
  ItemInventoryRet: 'Inventory',
  ItemNonInventoryRet: 'NonInventory',
  ItemServiceRet: 'Service',
  ItemOtherChargeRet: 'OtherCharge',
  ItemInventoryAssemblyRet: 'InventoryAssembly',
  ItemGroupRet: 'Group',
  ItemDiscountRet: 'Discount',
  ItemSalesTaxRet: 'SalesTax',
  ItemSalesTaxGroupRet: 'SalesTaxGroup',
  ItemSubtotalRet: 'Subtotal',
  ItemPaymentRet: 'Payment',
  ItemFixedAssetRet: 'FixedAsset',
} as const;

export type QbItemType = (typeof ITEM_RET_TYPES)[keyof typeof ITEM_RET_TYPES];

export interface QbItemRecord {
  listId: string;
  editSequence: string;
  itemType: QbItemType;
  name: string;
  /** FullName; Group, Subtotal, Payment, SalesTax(Group) and FixedAsset items have none, so their Name. */
  fullName: string;
  isActive: boolean;
  parent?: QbRef;
  /** ManufacturerPartNumber (Inventory, InventoryAssembly, NonInventory only). */
  sku?: string;
  barCode?: string;
  /** Sales description: SalesDesc, SalesOrPurchase/Desc, SalesAndPurchase/SalesDesc or ItemDesc by type. */
  description?: string;
  /** Sales price: SalesPrice, SalesOrPurchase/Price, SalesAndPurchase/SalesPrice, or a Discount's DiscountRate. */
  salesPrice?: number;
  /** Percentage price: SalesOrPurchase/PricePercent, DiscountRatePercent or a SalesTax item's TaxRate. */
  salesPricePercent?: number;
  /** Account sales of the item post to. */
  incomeAccount?: QbRef;
  salesTaxCode?: QbRef;
  quantityOnHand?: number;
  /** A group item's components (ItemGroupLine): what one unit of the group is made of. */
  components?: { item: QbRef; quantity: number }[];
  timeCreated: string;
  timeModified: string;
  timeModifiedMs?: number;
  dataExt: QbDataExt[];
}

const ItemRetSchema = z.object({
  ItemGroupLine: z.array(z.object({ ItemRef: zRef, Quantity: zNum })).optional(),
  ...listCore,
  BarCodeValue: zOptStr,
  ManufacturerPartNumber: zOptStr,
  SalesTaxCodeRef: zRef,
  SalesDesc: zOptStr,
  SalesPrice: zNum,
  IncomeAccountRef: zRef,
  QuantityOnHand: zNum,
  ItemDesc: zOptStr,
  AssetDesc: zOptStr,
  DiscountRate: zNum,
  DiscountRatePercent: zNum,
  AccountRef: zRef,
  TaxRate: zNum,
  SalesOrPurchase: z.object({ Desc: zOptStr, Price: zNum, PricePercent: zNum, AccountRef: zRef }).optional(),
  SalesAndPurchase: z.object({ SalesDesc: zOptStr, SalesPrice: zNum, IncomeAccountRef: zRef }).optional(),
  FixedAssetSalesInfo: z.object({ SalesDesc: zOptStr, SalesPrice: zNum }).optional(),
});

type ItemRet = z.output<typeof ItemRetSchema>;

function salesInfo(
  itemType: QbItemType,
  r: ItemRet,
): Pick<QbItemRecord, 'description' | 'salesPrice' | 'salesPricePercent' | 'incomeAccount'> {
  switch (itemType) {
    case 'Inventory':
    case 'InventoryAssembly':
      return { description: r.SalesDesc, salesPrice: r.SalesPrice, incomeAccount: r.IncomeAccountRef };
    case 'NonInventory':
    case 'Service':
    case 'OtherCharge': {
      const sp = r.SalesOrPurchase;
      const sap = r.SalesAndPurchase;
      return {
        description: sp?.Desc ?? sap?.SalesDesc,
        salesPrice: sp?.Price ?? sap?.SalesPrice,
        salesPricePercent: sp?.PricePercent,
        incomeAccount: sp?.AccountRef ?? sap?.IncomeAccountRef,
      };
    }
    case 'Discount':
      return {
        description: r.ItemDesc,
        salesPrice: r.DiscountRate,
        salesPricePercent: r.DiscountRatePercent,
        incomeAccount: r.AccountRef,
      };
    case 'SalesTax':
      return { description: r.ItemDesc, salesPricePercent: r.TaxRate };
    case 'FixedAsset':
      return {
        description: r.FixedAssetSalesInfo?.SalesDesc ?? r.AssetDesc,
        salesPrice: r.FixedAssetSalesInfo?.SalesPrice,
      };
    case 'Group':
    case 'SalesTaxGroup':
    case 'Subtotal':
    case 'Payment':
      return { description: r.ItemDesc };
  }
}

/**
 * Maps any of the twelve Item*Ret types an ItemQuery returns; undefined for a Ret that is not an item (so a loop
 * over a mixed response can skip it). Throws QbxmlMappingError when an item Ret lacks required fields.
 */
export function toItem(ret: RetObject): QbItemRecord | undefined {
  if (!isItemRet(ret)) return undefined;
  const r = parseRet(ItemRetSchema, ret, Object.keys(ITEM_RET_TYPES));
  const itemType = ITEM_RET_TYPES[ret.retType as keyof typeof ITEM_RET_TYPES];
  return {
    listId: r.ListID,
    editSequence: r.EditSequence,
    itemType,
    name: r.Name,
    fullName: r.FullName ?? r.Name,
    isActive: r.IsActive ?? true,
    parent: r.ParentRef,
    sku: r.ManufacturerPartNumber,
    barCode: r.BarCodeValue,
    ...salesInfo(itemType, r),
    salesTaxCode: r.SalesTaxCodeRef,
    quantityOnHand: r.QuantityOnHand,
    timeCreated: r.TimeCreated,
    timeModified: r.TimeModified,
    timeModifiedMs: instantOf(r.TimeModified),
    dataExt: r.DataExtRet,
    ...(itemType === 'Group'
      ? {
          components: (r.ItemGroupLine ?? []).flatMap((l) =>
            l.ItemRef ? [{ item: l.ItemRef, quantity: l.Quantity ?? 1 }] : [],
          ),
        }
      : {}),
  };
}

export function isItemRet(ret: RetObject): boolean {
  return ret.retType in ITEM_RET_TYPES;
}
