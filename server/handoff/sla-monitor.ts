/**
 * First-response SLA and repeated new-chat alerts. Driven by `sweep(now)` on an interval, so tests
 * move a fake clock instead of waiting minutes.
 */
import type { Priority } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';

export interface SlaMonitor {
  /** Records breaches past their deadline and returns the waiting chats due a repeated alert. */
  sweep(now: number): Promise<{ alerts: { conversationId: string; priority: Priority; waitingMs: number }[] }>;
}

export function createSlaMonitor(deps: { store: Store; bus: Bus; slaMs: Record<Priority, number>; alertIntervalMs: number }): SlaMonitor {
  const lastAlert = new Map<string, number>();
  return {
    async sweep(now) {
      // The chats the SLA can still apply to: every waiting one (alerts too), and the assigned ones no agent has
      // answered yet. This read every waiting and assigned chat in queue order, 1,000 at most, every second (the
      // sweep's pace): a busy team's answered chats, all irrelevant, were decoded each time, and with more than
      // 1,000 of them ahead in the queue's order a waiting chat was never read, so it never breached or alerted.
      const [waiting, unanswered] = await Promise.all([
        deps.store.conversations.list({ status: ['waiting'], order: 'queue', limit: 1000 }),
        deps.store.conversations.list({ status: ['assigned'], awaitingFirstResponse: true, order: 'queue', limit: 1000 }),
      ]);
      const open = [...waiting, ...unanswered];
      const alerts: { conversationId: string; priority: Priority; waitingMs: number }[] = [];
      const stillWaiting = new Set<string>();
      for (const c of open) {
        const since = c.waitingSince;
        if (since === null) continue;
        const waited = now - since;
        if (c.firstResponseAt === null && c.slaBreachedAt === null && waited > deps.slaMs[c.priority]) {
          const updated = await deps.store.conversations.update(c.id, { slaBreachedAt: now });
          if (updated) deps.bus.emit('sla.breached', { conversation: updated, priority: c.priority, waitedMs: waited });
        }
        if (c.status !== 'waiting') continue;
        stillWaiting.add(c.id);
        const last = lastAlert.get(c.id) ?? since;
        if (now - last >= deps.alertIntervalMs) {
          lastAlert.set(c.id, now);
          alerts.push({ conversationId: c.id, priority: c.priority, waitingMs: waited });
        }
      }
      for (const id of lastAlert.keys()) if (!stillWaiting.has(id)) lastAlert.delete(id);
      return { alerts };
    },
  };
}
