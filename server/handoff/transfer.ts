/** An agent passes a conversation on: to another agent, to a department's queue, or back to the bot. */
import { AppError } from '../../shared/errors';
import type { Agent, Conversation } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';
import type { Presence } from './presence';
import type { Staffing } from './staffing';
import { summariseHandoff } from './summarise-handoff';

export interface Transfers {
  transfer(conversation: Conversation, by: Agent, to: { toAgentId?: string; toDepartment?: string; note?: string }): Promise<Conversation>;
  handBack(conversation: Conversation, by: Agent): Promise<Conversation>;
}

export function createTransfers(deps: {
  store: Store;
  bus: Bus;
  presence: Presence;
  post: PostMessage;
  staffing: Staffing;
  now: () => number;
}): Transfers {
  const { store, bus, presence, post, staffing, now } = deps;
  return {
    async transfer(conversation, by, to) {
      if (to.toAgentId) {
        const target = await store.agents.get(to.toAgentId);
        if (!target) throw new AppError('NOT_FOUND', { message: 'No such agent.' });
        if (!presence.isAvailable(target.id)) {
          throw new AppError('INVALID_STATE', { message: `${target.name} is not online.` });
        }
        const updated = await store.conversations.transition(
          conversation.id,
          ['assigned'],
          { assignedAgentId: target.id, assignedAt: now() },
          conversation.assignedAgentId,
        );
        if (!updated) throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
        if (to.note) await post(updated, { clientId: null, sender: 'agent', agentId: by.id, senderName: by.name, text: to.note, internal: true });
        await store.visitors.update(updated.visitorId, { lastAgentId: target.id });
        await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'transferred', agentName: target.name } });
        bus.emit('conversation.changed', { conversation: updated, previous: conversation });
        bus.emit('conversation.assigned', { conversation: updated, agentId: target.id, by: 'transfer' });
        bus.emit('agents.changed', { agentId: by.id });
        return updated;
      }
      const department = staffing.known(to.toDepartment);
      const handoff = conversation.handoff
        ? { ...conversation.handoff, reason: 'transfer' as const, note: to.note ?? conversation.handoff.note }
        : await summariseHandoff(store, conversation, 'transfer', { note: to.note ?? null });
      const updated = await store.conversations.transition(
        conversation.id,
        ['assigned'],
        { status: 'waiting', department, assignedAgentId: null, assignedAt: null, handoff, waitingSince: conversation.waitingSince ?? now() },
        conversation.assignedAgentId,
      );
      if (!updated) throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
      if (to.note) await post(updated, { clientId: null, sender: 'agent', agentId: by.id, senderName: by.name, text: to.note, internal: true });
      await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'transferred', department, departmentName: staffing.label(department, updated.locale) } });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      bus.emit('handoff.requested', { conversation: updated, reason: 'transfer' });
      bus.emit('agents.changed', { agentId: by.id });
      return updated;
    },

    async handBack(conversation, by) {
      const updated = await store.conversations.transition(
        conversation.id,
        ['assigned'],
        { status: 'bot', assignedAgentId: null, fallbackCount: 0 },
        conversation.assignedAgentId,
      );
      if (!updated) throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
      await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'handed_back', agentName: by.name } });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      bus.emit('agents.changed', { agentId: by.id });
      return updated;
    },

  };
}
