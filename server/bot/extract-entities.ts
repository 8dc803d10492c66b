/**
 * Entities in a shopper's message: order and invoice numbers, amounts, dates, e-mail addresses,
 * phone numbers and people's names. They become slots for actions (look up order #10482, refund
 * $35.90) and can be masked before classification, so an order number or a name does not push the
 * intent ranking around. Pure and synchronous; patterns favour precision over recall: a number that
 * could be anything is left alone rather than guessed.
 */

export type EntityKind = 'email' | 'phone' | 'order' | 'invoice' | 'amount' | 'date' | 'name';

export interface Entity {
  kind: EntityKind;
  /** The text as written. */
  text: string;
  /** A normalised value: the bare number, `12.50 USD`, `2026-03-14` / `--03-14`, a lower-cased address. */
  value: string;
  /** Offsets in the original text, [start, end). */
  start: number;
  end: number;
}

interface Rule {
  kind: EntityKind;
  re: RegExp;
  /** The value from the match; null rejects the match. */
  value(m: RegExpExecArray): string | null;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const CURRENCY: Record<string, string> = { $: 'USD', usd: 'USD', dollar: 'USD', dollars: 'USD', bucks: 'USD', '£': 'GBP', gbp: 'GBP', '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR', '¥': 'CNY', rmb: 'CNY', cny: 'CNY', 元: 'CNY', 块: 'CNY', 块钱: 'CNY', 美元: 'USD', 美金: 'USD' };

const pad = (n: number): string => String(n).padStart(2, '0');
const digits = (s: string): string => s.replace(/\D/g, '');

/** Order of the rules matters: earlier kinds claim their text first (an e-mail's digits are not a phone). */
const RULES: Rule[] = [
  {
    kind: 'email',
    re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[\p{L}]{2,}/gu,
    value: (m) => m[0].toLowerCase(),
  },
  {
    // A number introduced as an invoice or receipt number.
    kind: 'invoice',
    re: /(?:invoice|receipt|inv|发票|收据)\s*(?:number|no\.?|num|#|号码?|编号)?\s*[:：#]?\s*([A-Z]{0,4}-?\d[\d-]{3,}\d)/giu,
    value: (m) => m[1]!.toUpperCase(),
  },
  {
    // A number introduced as an order number, or written the way shops print them (#10482, MM-2024-0042).
    kind: 'order',
    re: /(?:(?:order|purchase|订单)\s*(?:number|no\.?|num|id|#|号码?|编号)?\s*[:：#]?\s*|#\s?)([A-Z]{0,4}-?\d[\d-]{2,}\d)|\b([A-Z]{2,4}-\d{4,}(?:-\d+)?)\b/giu,
    value: (m) => (m[1] ?? m[2]!).toUpperCase(),
  },
  {
    kind: 'date',
    re: new RegExp(
      [
        String.raw`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`,
        String.raw`\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b`,
        String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_NAMES})\.?(?:\s+(\d{4}))?\b`,
        String.raw`\b(${MONTH_NAMES})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`,
        String.raw`(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]`,
      ].join('|'),
      'giu',
    ),
    value: (m) => {
      const g = m.slice(1);
      let y: string | undefined;
      let mo: number;
      let d: number;
      if (g[0] !== undefined) [y, mo, d] = [g[0], Number(g[1]), Number(g[2])];
      // Slashes are read month/day: the shop is American.
      else if (g[3] !== undefined) [mo, d, y] = [Number(g[3]), Number(g[4]), g[5]];
      else if (g[6] !== undefined) [d, mo, y] = [Number(g[6]), MONTHS[g[7]!.toLowerCase()]!, g[8]];
      else if (g[9] !== undefined) [mo, d, y] = [MONTHS[g[9].toLowerCase()]!, Number(g[10]), g[11]];
      else [y, mo, d] = [g[12], Number(g[13]), Number(g[14])];
      if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
      const year = y === undefined ? '-' : y.length === 2 ? `20${y}` : y;
      return `${year}-${pad(mo)}-${pad(d)}`;
    },
  },
  {
    // Phone numbers: 10+ digits with the usual separators, or a + country code.
    kind: 'phone',
    re: /(?<![\w#-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,6}){1,4}(?![\w-])|(?<![\w#-])\+?\d{10,13}(?![\w-])/gu,
    value: (m) => {
      const n = digits(m[0]);
      return n.length >= 10 && n.length <= 15 ? (m[0].trim().startsWith('+') ? `+${n}` : n) : null;
    },
  },
  {
    kind: 'amount',
    re: /([$£€¥])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?|(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(usd|gbp|eur|rmb|cny|dollars?|bucks|euros?|块钱|元|块|美元|美金)(?![a-z])/giu,
    value: (m) => {
      const [whole, cents, unit] = m[1] !== undefined ? [m[2]!, m[3], m[1]] : [m[4]!, m[5], m[6]!];
      const currency = CURRENCY[unit.toLowerCase()] ?? 'USD';
      return `${whole.replace(/,/g, '')}.${(cents ?? '00').padEnd(2, '0')} ${currency}`;
    },
  },
  {
    // A name the shopper gives: "my name is Ann Lee", "I'm Ann", "this is Ann", "order for Ann Lee", "我叫王芳".
    kind: 'name',
    // The introduction is matched in any case; the name is its leading capitalised words.
    re: /(?<![\p{L}])(?:my name is|my name's|name is|i am|i'm|this is|for|under the name(?: of)?|addressed to|signed by)\s+(\p{L}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*){0,2})|(?:我叫|我是|名字是|收件人是?)\s*(\p{Script=Han}{2,4})/giu,
    value: (m) => {
      if (m[2] !== undefined) return NOT_NAMES_ZH.test(m[2]) ? null : m[2];
      const words: string[] = [];
      for (const w of m[1]!.split(/\s+/)) {
        if (!/^\p{Lu}\p{Ll}/u.test(w) || NOT_NAMES.has(w.toLowerCase())) break;
        words.push(w);
      }
      return words.length === 0 ? null : words.join(' ');
    },
  },
];

/** Capitalised words after "I'm" / "for" that are not names. */
const NOT_NAMES = new Set([
  'i', 'a', 'an', 'the', 'my', 'your', 'this', 'that', 'it', 'not', 'so', 'very', 'just', 'still', 'really', 'trying', 'looking', 'waiting', 'having',
  'sorry', 'here', 'there', 'ok', 'okay', 'fine', 'good', 'happy', 'unhappy', 'angry', 'upset', 'done', 'sure', 'new', 'from', 'in', 'on', 'at',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'christmas', 'easter', 'black', 'paypal', 'visa', 'ups', 'fedex', 'dhl', 'usps',
  ...Object.keys(MONTHS),
]);

/** Chinese words after 我是 that describe rather than name ("我是会员", "我是新用户"). */
const NOT_NAMES_ZH = /^(会员|新|老|用户|顾客|客户|学生|第一次|不是|想|要|在|来)/u;

/** Entities in `text`, in order of position; overlapping matches go to the earlier rule. */
export function extractEntities(text: string): Entity[] {
  const found: Entity[] = [];
  const taken = (start: number, end: number): boolean => found.some((e) => start < e.end && e.start < end);
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      const value = rule.value(m);
      if (value === null) continue;
      // Report the entity itself, not the words that introduced it ("order #" is not part of the number).
      const inner = rule.kind === 'name' ? value : rule.kind === 'order' || rule.kind === 'invoice' ? (m[1] ?? m[2] ?? m[0]) : m[0];
      const start = m.index + m[0].lastIndexOf(inner);
      const end = start + inner.length;
      if (!taken(start, end)) found.push({ kind: rule.kind, text: inner, value, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Placeholder words that stand for an entity in masked text. */
const MASKS: Record<EntityKind, string> = {
  email: 'emailaddress',
  phone: 'phonenumber',
  order: 'ordernumber',
  invoice: 'invoicenumber',
  amount: 'moneyamount',
  date: 'somedate',
  name: 'personname',
};

/** `text` with each entity replaced by a placeholder word of its kind ("order #10482" → "order ordernumber"). */
export function maskEntities(text: string, entities: readonly Entity[] = extractEntities(text)): string {
  let out = '';
  let at = 0;
  for (const e of entities) {
    out += `${text.slice(at, e.start)} ${MASKS[e.kind]} `;
    at = e.end;
  }
  return out + text.slice(at);
}
