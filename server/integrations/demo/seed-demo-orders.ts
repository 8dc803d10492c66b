/**
 * The order book of Maple & Moss, the demo apparel-and-home shop (USD), so `npm start` can look up, cancel
 * and return real-looking orders. Deterministic: every date is a fixed offset from the `now` it is seeded
 * with (rounded to the minute), nothing random. The README names the two orders to try first.
 */
import type { Order, OrderItem, OrderStatus } from '../../../shared/integrations';

/** An order as the demo shop keeps it: the shopper-visible order plus who owns it. */
export interface DemoOrder extends Order {
  customerId: string;
  email: string;
}

/** The demo orders the README points at. */
export const DEMO_ORDER_EXAMPLES = {
  /** Shipped with UPS, arriving in two days: "where is my order?" */
  shipped: { orderNumber: '48213', email: 'ana@example.com' },
  /** Delivered six days ago: "I want to return the throw." */
  delivered: { orderNumber: '47731', email: 'ben@example.com' },
  /** Placed 25 minutes ago, not shipped: "cancel it." */
  processing: { orderNumber: '48230', email: 'ana@example.com' },
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CATALOGUE = {
  linenShirt: { sku: 'MM-LS-104-M-SAG', name: 'Linen Button-Down Shirt', variant: 'M · Sage', unitPrice: 5800 },
  merinoSocks: { sku: 'MM-SK-220-3PK', name: 'Merino Crew Socks (3-pack)', variant: 'M · Oat', unitPrice: 2400 },
  towelSet: { sku: 'MM-TW-310-SND', name: 'Waffle Bath Towel Set', variant: 'Sand · 4 pieces', unitPrice: 6400 },
  knitThrow: { sku: 'MM-TH-402-CRM', name: 'Chunky Knit Throw', variant: 'Cream · 130 × 170 cm', unitPrice: 8900 },
  mugSet: { sku: 'MM-MG-118-MOS', name: 'Stoneware Mug Set', variant: 'Moss · set of 4', unitPrice: 4200 },
  chinos: { sku: 'MM-CH-207-32-NVY', name: 'Organic Cotton Chinos', variant: '32 · Navy', unitPrice: 6800 },
  wrapDress: { sku: 'MM-DR-515-S-RST', name: 'Wrap Midi Dress', variant: 'S · Rust', unitPrice: 9200 },
  duvetCover: { sku: 'MM-DV-330-Q-WHT', name: 'Washed Linen Duvet Cover', variant: 'Queen · White', unitPrice: 14800 },
  candle: { sku: 'MM-CN-041-CDR', name: 'Cedar & Moss Candle', variant: '8 oz', unitPrice: 2800 },
  cardigan: { sku: 'MM-CG-266-L-OAT', name: 'Lambswool Cardigan', variant: 'L · Oatmeal', unitPrice: 11800 },
  beanie: { sku: 'MM-BN-012-FOR', name: 'Ribbed Beanie', variant: 'Forest', unitPrice: 2600 },
  apron: { sku: 'MM-AP-090-CHR', name: 'Canvas Kitchen Apron', variant: 'Charcoal', unitPrice: 3400 },
} as const;

type Product = (typeof CATALOGUE)[keyof typeof CATALOGUE];

const line = (p: Product, quantity = 1): OrderItem => ({ ...p, quantity, imageUrl: null });

type Carrier = 'UPS' | 'USPS';
const TRACKING_URL: Record<Carrier, (n: string) => string> = {
  UPS: (n) => `https://www.ups.com/track?tracknum=${n}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
};

interface Seed {
  orderNumber: string;
  customerId: string;
  email: string;
  status: OrderStatus;
  /** Days before now the order was placed (fractions for hours). */
  placedDaysAgo: number;
  items: OrderItem[];
  shipment?: { carrier: Carrier; trackingNumber: string };
  /** Days from now: positive = expected, negative = delivered that many days ago. */
  deliveryInDays?: number;
}

const SEEDS: Seed[] = [
  {
    orderNumber: '48213', customerId: 'cus_ana', email: 'ana@example.com', status: 'shipped', placedDaysAgo: 2,
    items: [line(CATALOGUE.linenShirt), line(CATALOGUE.merinoSocks)],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }, deliveryInDays: 2,
  },
  {
    orderNumber: '48230', customerId: 'cus_ana', email: 'ana@example.com', status: 'processing', placedDaysAgo: 25 / 1440,
    items: [line(CATALOGUE.towelSet)],
  },
  {
    orderNumber: '45120', customerId: 'cus_ana', email: 'ana@example.com', status: 'delivered', placedDaysAgo: 95,
    items: [line(CATALOGUE.cardigan)],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123459921' }, deliveryInDays: -90,
  },
  {
    orderNumber: '47731', customerId: 'cus_ben', email: 'ben@example.com', status: 'delivered', placedDaysAgo: 10,
    items: [line(CATALOGUE.knitThrow), line(CATALOGUE.mugSet)],
    shipment: { carrier: 'USPS', trackingNumber: '9400111899223847562010' }, deliveryInDays: -6,
  },
  {
    orderNumber: '46902', customerId: 'cus_ben', email: 'ben@example.com', status: 'delivered', placedDaysAgo: 50,
    items: [line(CATALOGUE.chinos)],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123451377' }, deliveryInDays: -45,
  },
  {
    orderNumber: '48199', customerId: 'cus_ben', email: 'ben@example.com', status: 'shipped', placedDaysAgo: 1,
    items: [line(CATALOGUE.candle, 2)],
    shipment: { carrier: 'USPS', trackingNumber: '9400111899223847560458' }, deliveryInDays: 3,
  },
  {
    orderNumber: '48105', customerId: 'cus_mei', email: 'mei@example.com', status: 'shipped', placedDaysAgo: 3,
    items: [line(CATALOGUE.wrapDress)],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123457302' }, deliveryInDays: 1,
  },
  {
    orderNumber: '48244', customerId: 'cus_mei', email: 'mei@example.com', status: 'processing', placedDaysAgo: 2 / 24,
    items: [line(CATALOGUE.beanie), line(CATALOGUE.apron)],
  },
  {
    orderNumber: '47310', customerId: 'cus_sam', email: 'sam@example.com', status: 'cancelled', placedDaysAgo: 20,
    items: [line(CATALOGUE.duvetCover)],
  },
  {
    orderNumber: '46588', customerId: 'cus_sam', email: 'sam@example.com', status: 'returned', placedDaysAgo: 40,
    items: [line(CATALOGUE.chinos)],
    shipment: { carrier: 'USPS', trackingNumber: '9400111899223847561121' }, deliveryInDays: -35,
  },
  {
    orderNumber: '47950', customerId: 'cus_priya', email: 'priya@example.com', status: 'delivered', placedDaysAgo: 5,
    items: [line(CATALOGUE.mugSet), line(CATALOGUE.knitThrow), line(CATALOGUE.candle, 3)],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123458845' }, deliveryInDays: -2,
  },
  {
    orderNumber: '48177', customerId: 'cus_priya', email: 'priya@example.com', status: 'shipped', placedDaysAgo: 1,
    items: [line(CATALOGUE.duvetCover)],
    shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10123450016' }, deliveryInDays: 0,
  },
];

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms: number): string => new Date(ms).toISOString();

/** The demo shop's orders as of `nowMs`: a fresh copy each call (the adapter mutates its own). */
export function seedDemoOrders(nowMs: number): DemoOrder[] {
  const now = Math.floor(nowMs / 60_000) * 60_000;
  return SEEDS.map((s) => {
    const delivery = s.deliveryInDays === undefined ? null : now + s.deliveryInDays * DAY;
    const isDelivered = s.status === 'delivered' || s.status === 'returned';
    return {
      orderNumber: s.orderNumber,
      customerId: s.customerId,
      email: s.email,
      status: s.status,
      isShipped: s.shipment !== undefined,
      placedAt: isoTime(now - s.placedDaysAgo * DAY),
      currency: 'USD',
      total: s.items.reduce((sum, i) => sum + i.unitPrice * i.quantity, 0),
      items: s.items.map((i) => ({ ...i })),
      carrier: s.shipment?.carrier ?? null,
      trackingNumber: s.shipment?.trackingNumber ?? null,
      trackingUrl: s.shipment ? TRACKING_URL[s.shipment.carrier](s.shipment.trackingNumber) : null,
      expectedDelivery: delivery !== null && !isDelivered ? isoDate(delivery) : null,
      // Delivered in the afternoon, as couriers do, rather than at the seed's minute.
      deliveredAt: delivery !== null && isDelivered ? isoTime(Math.floor(delivery / DAY) * DAY + 15 * HOUR) : null,
    };
  });
}
