/**
 * Explicit requests for a person, in English and Chinese. These hand off whatever the KB says,
 * because a shopper who asks for a human and gets a bot answer is the classic chatbot complaint.
 */
import { normalise } from './normalise';

const PERSON = '(human|humans|person|people|agent|agents|representative|rep|operator|someone|somebody|staff|manager|supervisor|associate)';
const EN_PATTERNS = [
  new RegExp(`\\b(talk|speak|chat|connect|transfer|put)\\b(\\s+\\w+){0,4}?\\s+(to|with|me to|me through to)\\s+(a|an|the|your|some|real|live)?\\s*(real|live|actual)?\\s*${PERSON}\\b`),
  new RegExp(`\\b(real|live|actual)\\s+(human|person|agent|people|support)\\b`),
  new RegExp(`\\b(want|need|get|give me|request)\\s+(a|an|the|to talk to a|to speak to a)?\\s*(human|agent|representative|operator|real person|live agent)\\b`),
  new RegExp(`\\bcustomer (service|support|care) (agent|representative|rep|person)\\b`),
  // A short message that is just "agent please", "human!", "representative".
  new RegExp(`^(a |an )?(human|agent|representative|rep|operator|live agent|live chat|customer service)( please| pls| now| asap)?$`),
];
const EN_NEGATION = /\b(dont|do not|no need to|not)\s+(want|need)?\s*(to\s+)?(talk|speak|chat)/;
const ZH_PATTERN = /(转|接|找|要|叫|请)(个|一下|一个)?(人工|真人|客服)|人工(客服|服务|坐席|座席)|真人客服|^人工$|和(真)?人(说话|聊)|联系客服|客服在吗/;

/** True when the shopper explicitly asks for a human ("talk to a human", "转人工", "我要找客服"). */
export function isHandoffRequest(text: string): boolean {
  const clean = normalise(text);
  if (ZH_PATTERN.test(clean)) return true;
  if (EN_NEGATION.test(clean)) return false;
  return EN_PATTERNS.some((re) => re.test(clean));
}
