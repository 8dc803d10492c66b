/**
 * KB editing as drafts: anyone on the team proposes a change (an intent created, edited or deleted);
 * an approver (admin, or supervisor when KB_SUPERVISORS_APPROVE) approves it, which writes the YAML
 * (write-intent.ts) and reloads the engine without a restart. Every change keeps author, time and diff,
 * and an approved change can be rolled back (a new approved change that puts the intent back).
 *
 * Several instances: the approving instance writes its KB_DIR and reloads; instances that share that
 * folder (a shared volume) reload through their file watcher. See README § Knowledge base editing.
 */
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors';
import type { KbChangeKind, KbDraft, KbDraftCreate, KbDraftStatus, KbFieldError, KbIntentDoc, KbIntentSummary } from '../../shared/kb';
import type { Agent } from '../../shared/model';
import type { KbHolder } from '../kb-holder';
import type { Store } from '../store/store';
import { createKeyedMutex } from '../util/keyed-mutex';
import { intentDiff } from './intent-diff';
import { isSameIntent, toIntentDoc, validateIntent } from './intent-doc';
import { listCategories, restoreFile, writeIntentChange } from './write-intent';

/** A draft whose intent fails the KB schema: the form shows each error beside its field. */
export class KbDraftInvalid extends AppError {
  constructor(readonly fields: KbFieldError[]) {
    super('INVALID_PAYLOAD', { message: fields.map((f) => `${f.field}: ${f.message}`).join('; ') });
  }
}

export interface KbEditor {
  intents(query: string): KbIntentSummary[];
  intent(id: string): { intent: KbIntentDoc; category: string } | null;
  categories(): Promise<{ category: string; department: string }[]>;
  propose(author: Agent, input: KbDraftCreate & { source: 'editor' | 'gap' | 'reply' }): Promise<KbDraft>;
  drafts(status?: KbDraftStatus): Promise<KbDraft[]>;
  approve(id: string, reviewer: Agent): Promise<KbDraft>;
  reject(id: string, reviewer: Agent): Promise<KbDraft>;
  rollback(id: string, reviewer: Agent): Promise<KbDraft>;
  /** Whether this agent may approve, reject and roll back. */
  canApprove(agent: Agent): boolean;
}

const LIST_LIMIT = 200;

export function createKbEditor(deps: { store: Store; kb: KbHolder; logger: Logger; now: () => number; supervisorsApprove: boolean }): KbEditor {
  const { store, kb, logger, now } = deps;
  // One KB write and reload at a time in this process; the store's review CAS covers other instances.
  const writing = createKeyedMutex();
  const live = (id: string) => kb.bot().kb.intents.find((i) => i.id === id);

  const canApprove = (agent: Agent) => agent.role === 'admin' || (deps.supervisorsApprove && agent.role === 'supervisor');
  const mustApprove = (agent: Agent) => {
    if (!canApprove(agent)) throw new AppError('FORBIDDEN', { message: 'Only an admin can approve KB changes.' });
  };
  const reviewOf = (status: KbDraftStatus, agent: Agent) => ({ status, reviewerId: agent.id, reviewerName: agent.name, reviewedAt: now() });

  /** The intent in the files must still be what the change was based on. */
  const checkBase = (kind: KbChangeKind, intentId: string, base: KbIntentDoc | null) => {
    const current = live(intentId);
    if (kind === 'create') {
      if (current) throw new AppError('CONFLICT', { message: `Intent "${intentId}" exists already.` });
      return;
    }
    if (!current) throw new AppError('CONFLICT', { message: `Intent "${intentId}" is no longer in the KB.` });
    if (!isSameIntent(toIntentDoc(current), base)) {
      throw new AppError('CONFLICT', { message: `Intent "${intentId}" changed since this draft was written; write the change again.` });
    }
  };

  /** Writes the change and reloads; a KB the loader refuses is put back as it was. */
  const apply = (change: { kind: KbChangeKind; intentId: string; category: string; intent: KbIntentDoc | null }) =>
    writing.run('kb', async () => {
      const dir = kb.status().dir;
      const written = await writeIntentChange(dir, change);
      try {
        await kb.reload();
      } catch (err) {
        await restoreFile(written);
        await kb.reload().catch((again: unknown) => logger.error({ err: again }, 'KB reload after restoring a refused change failed'));
        throw err;
      }
      logger.info({ intent: change.intentId, kind: change.kind, file: written.file }, 'KB change written');
    });

  return {
    canApprove,
    intents(query) {
      const q = query.trim().toLowerCase();
      return kb
        .bot()
        .kb.intents.filter(
          (i) =>
            q === '' ||
            i.id.includes(q) ||
            i.title.en.toLowerCase().includes(q) ||
            i.title.zh.includes(q) ||
            i.answer.en.toLowerCase().includes(q) ||
            i.utterances.en.some((u) => u.toLowerCase().includes(q)) ||
            i.utterances.zh.some((u) => u.includes(q)),
        )
        .slice(0, LIST_LIMIT)
        .map((i) => ({ id: i.id, category: i.category, title: i.title, utterances: i.utterances.en.length + i.utterances.zh.length }));
    },
    intent(id) {
      const found = live(id);
      return found ? { intent: toIntentDoc(found), category: found.category } : null;
    },
    categories: () => listCategories(kb.status().dir),

    async propose(author, input) {
      const current = live(input.intentId);
      let intent: KbIntentDoc | null = null;
      if (input.kind !== 'delete') {
        const checked = validateIntent({ ...input.intent, id: input.intentId });
        if (checked.errors) throw new KbDraftInvalid(checked.errors);
        intent = checked.intent;
        const known = new Set(kb.bot().kb.intents.map((i) => i.id));
        const unknown = Array.isArray(intent.followups) ? (intent.followups as string[]).findIndex((f) => !known.has(f)) : -1;
        if (unknown >= 0) throw new KbDraftInvalid([{ field: `followups.${unknown}`, message: 'unknown intent' }]);
      }
      if (input.kind === 'create') {
        if (current) throw new KbDraftInvalid([{ field: 'id', message: 'an intent with this id exists' }]);
        const categories = (await listCategories(kb.status().dir)).map((c) => c.category);
        if (!input.category || !categories.includes(input.category)) throw new KbDraftInvalid([{ field: 'category', message: 'choose one of the categories' }]);
      } else if (!current) {
        throw new AppError('NOT_FOUND', { message: `Intent "${input.intentId}" is not in the KB.` });
      }
      const base = current ? toIntentDoc(current) : null;
      return store.kbDrafts.create({
        kind: input.kind,
        intentId: input.intentId,
        category: current?.category ?? input.category!,
        intent,
        base,
        source: input.source,
        note: input.note ?? null,
        authorId: author.id,
        authorName: author.name,
        diff: intentDiff(input.intentId, base, intent),
        createdAt: now(),
      });
    },

    drafts: (status) => store.kbDrafts.list({ status: status ? [status] : undefined, limit: LIST_LIMIT }),

    async approve(id, reviewer) {
      mustApprove(reviewer);
      const draft = await store.kbDrafts.get(id);
      if (!draft) throw new AppError('NOT_FOUND', { message: 'No such draft.' });
      if (draft.status !== 'pending') throw new AppError('INVALID_STATE', { message: `The draft is ${draft.status}.` });
      checkBase(draft.kind, draft.intentId, draft.base);
      const approved = await store.kbDrafts.review(id, ['pending'], reviewOf('approved', reviewer));
      if (!approved) throw new AppError('CONFLICT', { message: 'Someone reviewed this draft first.' });
      try {
        await apply(draft);
      } catch (err) {
        // Not written: the draft goes back to the queue, with the reason in the error.
        await store.kbDrafts.review(id, ['approved'], { status: 'pending', reviewerId: null, reviewerName: null, reviewedAt: null });
        throw err;
      }
      return approved;
    },

    async reject(id, reviewer) {
      mustApprove(reviewer);
      const rejected = await store.kbDrafts.review(id, ['pending'], reviewOf('rejected', reviewer));
      if (rejected) return rejected;
      if (!(await store.kbDrafts.get(id))) throw new AppError('NOT_FOUND', { message: 'No such draft.' });
      throw new AppError('INVALID_STATE', { message: 'Only a pending draft can be rejected.' });
    },

    async rollback(id, reviewer) {
      mustApprove(reviewer);
      const draft = await store.kbDrafts.get(id);
      if (!draft) throw new AppError('NOT_FOUND', { message: 'No such draft.' });
      if (draft.status !== 'approved') throw new AppError('INVALID_STATE', { message: 'Only an approved change can be rolled back.' });
      // The reverse change, based on what the approved change wrote.
      const kind: KbChangeKind = draft.kind === 'create' ? 'delete' : draft.kind === 'delete' ? 'create' : 'update';
      const restored = draft.kind === 'create' ? null : draft.base;
      checkBase(kind, draft.intentId, draft.kind === 'delete' ? null : draft.intent);
      const claimed = await store.kbDrafts.review(id, ['approved'], reviewOf('rolled_back', reviewer));
      if (!claimed) throw new AppError('CONFLICT', { message: 'This change was rolled back already.' });
      try {
        await apply({ kind, intentId: draft.intentId, category: draft.category, intent: restored });
      } catch (err) {
        await store.kbDrafts.review(id, ['rolled_back'], { status: 'approved', reviewerId: draft.reviewerId, reviewerName: draft.reviewerName, reviewedAt: draft.reviewedAt });
        throw err;
      }
      return store.kbDrafts.create({
        kind,
        intentId: draft.intentId,
        category: draft.category,
        intent: restored,
        base: draft.kind === 'delete' ? null : draft.intent,
        source: 'rollback',
        note: null,
        authorId: reviewer.id,
        authorName: reviewer.name,
        diff: intentDiff(draft.intentId, draft.kind === 'delete' ? null : draft.intent, restored),
        rollbackOf: draft.id,
        createdAt: now(),
        status: 'approved',
      });
    },
  };
}
