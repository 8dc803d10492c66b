import type { KbIntentDoc } from '../../../shared/kb';
import type { NewKbDraft } from '../../../server/store/store';
import { uid, type GetStore } from './helpers';

/** KbDraftStore rules: drafts as given, newest first, and a review that only one caller wins. */
export function kbDraftsContract(store: GetStore): void {
  describe('kb drafts', () => {
    const intent = (id: string, answer = 'We ship to the moon.'): KbIntentDoc => ({
      id,
      title: { en: 'Moon shipping', zh: '月球配送' },
      utterances: { en: ['do you ship to the moon'], zh: ['能寄到月球吗'] },
      answer: { en: answer, zh: '可以。' },
    });
    const draft = (over: Partial<NewKbDraft> = {}): NewKbDraft => {
      const intentId = over.intentId ?? `t${uid().replace(/[^a-f]/g, '')}.moon`;
      return {
        kind: 'create',
        intentId,
        category: 'shipping',
        intent: intent(intentId),
        base: null,
        source: 'gap',
        note: null,
        authorId: 'a1',
        authorName: 'Ana',
        diff: '+answer',
        createdAt: 1000,
        ...over,
      };
    };

    it('stores a draft as given, pending, and reads it back', async () => {
      const created = await store().kbDrafts.create(draft({ note: 'from the gap list' }));
      expect(created).toMatchObject({ kind: 'create', status: 'pending', source: 'gap', note: 'from the gap list', reviewerId: null, reviewedAt: null, rollbackOf: null, diff: '+answer' });
      expect(await store().kbDrafts.get(created.id)).toEqual(created);
      expect(await store().kbDrafts.get(uid())).toBeNull();
    });

    it('records a rollback as approved by its author', async () => {
      const created = await store().kbDrafts.create(draft({ status: 'approved', source: 'rollback', rollbackOf: 'x', kind: 'delete', intent: null, base: intent('a.b') }));
      expect(created).toMatchObject({ status: 'approved', reviewerId: 'a1', reviewerName: 'Ana', reviewedAt: 1000, rollbackOf: 'x', intent: null });
      expect((await store().kbDrafts.get(created.id))?.base).toEqual(intent('a.b'));
    });

    it('lists newest first, by status and by intent', async () => {
      const intentId = `t${uid().replace(/[^a-f]/g, '')}.list`;
      const first = await store().kbDrafts.create(draft({ intentId, createdAt: 2000 }));
      const second = await store().kbDrafts.create(draft({ intentId, createdAt: 3000, kind: 'update' }));
      expect((await store().kbDrafts.list({ intentId })).map((d) => d.id)).toEqual([second.id, first.id]);
      await store().kbDrafts.review(first.id, ['pending'], { status: 'rejected', reviewerId: 'r', reviewerName: 'Rui', reviewedAt: 4000 });
      expect((await store().kbDrafts.list({ intentId, status: ['rejected'] })).map((d) => d.id)).toEqual([first.id]);
      expect((await store().kbDrafts.list({ intentId, limit: 1 })).map((d) => d.id)).toEqual([second.id]);
    });

    it('reviews only from the given statuses: of two racing approvals one wins', async () => {
      const d = await store().kbDrafts.create(draft());
      const review = { status: 'approved' as const, reviewerId: 'r', reviewerName: 'Rui', reviewedAt: 5000 };
      const results = await Promise.all([store().kbDrafts.review(d.id, ['pending'], review), store().kbDrafts.review(d.id, ['pending'], review)]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await store().kbDrafts.get(d.id)).toMatchObject(review);
      expect(await store().kbDrafts.review(d.id, ['pending'], { ...review, status: 'rejected' })).toBeNull();
      expect(await store().kbDrafts.review(d.id, ['approved'], { ...review, status: 'rolled_back' })).toMatchObject({ status: 'rolled_back' });
      expect(await store().kbDrafts.review(uid(), ['pending'], review)).toBeNull();
    });
  });
}
