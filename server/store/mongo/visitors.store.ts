import { AppError } from '../../../shared/errors';
import { newVisitor } from '../common/new-visitor';
import { newId } from '../ids';
import type { VisitorStore } from '../store';
import { toVisitor } from './docs';
import { isDuplicateKey } from './mongo-errors';
import type { Models, VisitorDoc } from './models';
import { pickDefined } from './pick-defined';

type VisitorPatch = Parameters<VisitorStore['update']>[1];
const FIELDS: Record<keyof VisitorPatch, true> = { identity: true, locale: true, lastAgentId: true, lastSeenAt: true };
const PATCHABLE = Object.keys(FIELDS) as (keyof VisitorPatch)[];

/** Visitors in MongoDB. */
export function createVisitorsStore(models: () => Promise<Models>): VisitorStore {
  return {
    async create(input) {
      const { visitors } = await models();
      const { id, ...rest } = newVisitor(input, newId(), Date.now());
      try {
        await visitors.create({ _id: id, ...rest, tokenHash: input.tokenHash });
      } catch (err) {
        if (isDuplicateKey(err)) {
          throw new AppError('CONFLICT', { message: `visitor token already registered on site ${input.siteId}`, cause: err });
        }
        throw err;
      }
      return { id, ...rest };
    },
    async getByTokenHash(siteId, tokenHash) {
      const { visitors } = await models();
      const doc = await visitors.findOne({ siteId, tokenHash }).lean<VisitorDoc>();
      return doc ? toVisitor(doc) : null;
    },
    async get(id) {
      const { visitors } = await models();
      const doc = await visitors.findById(id).lean<VisitorDoc>();
      return doc ? toVisitor(doc) : null;
    },
    async update(id, patch) {
      const { visitors } = await models();
      const set = pickDefined(patch, PATCHABLE);
      const doc =
        Object.keys(set).length === 0
          ? await visitors.findById(id).lean<VisitorDoc>()
          : await visitors.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<VisitorDoc>();
      return doc ? toVisitor(doc) : null;
    },
  };
}
