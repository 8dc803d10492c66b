/**
 * The command budgets. A person types, clicks and reads: a shopper's widget sends at most one typing
 * update a second plus a message now and then; the console a few commands per action. The budgets
 * leave room for that and for reconnect bursts (resume, sync), not for a script.
 */
import type { CommandLimits } from './limit-commands';

export const SHOPPER_LIMITS: Omit<CommandLimits, 'perAddress'> = {
  perSocket: { points: 40, duration: 10 },
  perCaller: { points: 80, duration: 10 },
  perCommand: {
    // Each stores a record (and may e-mail); a shopper leaves a message or two, not hundreds.
    'ticket:create': { points: 5, duration: 10 * 60 },
    'identity:set': { points: 20, duration: 60 },
    'conversation:rate': { points: 10, duration: 60 },
    // The offline form's other door: the same budget as ticket:create.
    'case:open': { points: 5, duration: 10 * 60 },
    'case:reply': { points: 30, duration: 60 },
    'nps:submit': { points: 10, duration: 60 },
    'answer:rate': { points: 30, duration: 60 },
  },
};

export const AGENT_LIMITS: Omit<CommandLimits, 'perAddress'> = {
  perSocket: { points: 100, duration: 10 },
  perCaller: { points: 200, duration: 10 },
  perCommand: {},
};
