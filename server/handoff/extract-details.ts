/** Spots order numbers and e-mail addresses in shopper messages, for the agent's handoff summary. */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// "#10023", "order 10023", "订单号 10023", "PO-10023": 4+ digits next to an order cue, or after '#'.
const ORDER = /(?:#\s?|(?:order|ord|no\.?|number|订单号?|单号)\s*[:：#]?\s*)([A-Z]{0,3}-?\d{4,12})/gi;

export function extractDetails(texts: string[]): { orderNumbers: string[]; emails: string[] } {
  const orders = new Set<string>();
  const emails = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(EMAIL)) emails.add(m[0].toLowerCase());
    for (const m of text.matchAll(ORDER)) if (m[1]) orders.add(m[1].toUpperCase());
  }
  return { orderNumbers: [...orders], emails: [...emails] };
}
