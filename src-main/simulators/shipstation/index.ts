/**
 * ShipStation API simulator (tests, benchmarks, `npm run demo`). Independent of src-main/engine:
 * it is a peer of the product's ShipStation client, never a mirror of it. See README.md here.
 */
export { ShipStationSim, type ShipStationSimOptions, type SimFaults, type SimStats } from './sim.js';
export {
  DEFAULT_SEED_MIX,
  type CreateOrdersOptions,
  type MarkShippedOptions,
  type SeedMix,
  type ShipOrdersOptions,
  type SimOrderPatch,
  type SimOrderAnnotation,
} from './state.js';
export {
  ORDER_STATUSES,
  SimStateError,
  type OrderStatus,
  type SimAddress,
  type SimCustomerSpec,
  type SimFulfillment,
  type SimItemSpec,
  type SimOrder,
  type SimOrderItem,
  type SimShipment,
  type SimSkuSpec,
  type SimStore,
} from './model.js';
export {
  V1_EVENTS,
  V2_EVENTS,
  type V1Event,
  type V1Subscription,
  type V2Subscription,
  type WebhookDelivery,
} from './webhooks.js';
export { defaultCatalog } from './catalog.js';
export {
  PACIFIC_TZ,
  formatV1,
  pacificDate,
  pacificOffsetMs,
  pacificWallToUtc,
  parseV1Date,
} from './pacific.js';
export { V1_DEFAULT_PAGE_SIZE, V1_MAX_PAGE_SIZE } from './v1.js';
export { V2_DEFAULT_PAGE_SIZE, V2_MAX_PAGE_SIZE } from './v2.js';
