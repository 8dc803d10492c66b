import { newAgent } from '../common/new-records';
import { AppError } from '../../../shared/errors';
import type { Agent } from '../../../shared/model';
import { emailKey } from '../common/email-key';
import { newId } from '../ids';
import type { AgentStore } from '../store';
import { toAgent } from './docs';
import { isDuplicateKey } from './mongo-errors';
import type { AgentDoc, Models } from './models';
import { pickDefined } from './pick-defined';

type AgentPatch = Parameters<AgentStore['update']>[1];
const FIELDS: Record<keyof AgentPatch, true> = { name: true, role: true, departments: true, maxChats: true, avatarUrl: true, isActive: true };
const PATCHABLE = Object.keys(FIELDS) as (keyof AgentPatch)[];

/** Agents in MongoDB; the unique index on the lower-cased email makes "one agent per email" hold across instances. */
export function createAgentsStore(models: () => Promise<Models>): AgentStore {
  return {
    async create(input) {
      const { agents } = await models();
      const agent: Agent = newAgent(input, newId(), Date.now());
      const { id, ...rest } = agent;
      try {
        await agents.create({ _id: id, ...rest, emailKey: emailKey(agent.email), passwordHash: input.passwordHash });
      } catch (err) {
        if (isDuplicateKey(err)) {
          throw new AppError('CONFLICT', { message: `an agent with email ${agent.email} already exists`, cause: err });
        }
        throw err;
      }
      return agent;
    },
    async get(id) {
      const { agents } = await models();
      const doc = await agents.findById(id).lean<AgentDoc>();
      return doc ? toAgent(doc) : null;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const { agents } = await models();
      const docs = await agents.find({ _id: { $in: [...ids] } }).lean<AgentDoc[]>();
      const byId = new Map(docs.map((d) => [d._id, toAgent(d)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async getCredentials(email) {
      const { agents } = await models();
      const doc = await agents.findOne({ emailKey: emailKey(email) }).lean<AgentDoc>();
      return doc ? { agent: toAgent(doc), passwordHash: doc.passwordHash } : null;
    },
    async list() {
      const { agents } = await models();
      return (await agents.find().sort({ createdAt: 1, _id: 1 }).lean<AgentDoc[]>()).map(toAgent);
    },
    async update(id, patch) {
      const { agents } = await models();
      const set = pickDefined(patch, PATCHABLE);
      const doc =
        Object.keys(set).length === 0
          ? await agents.findById(id).lean<AgentDoc>()
          : await agents.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<AgentDoc>();
      return doc ? toAgent(doc) : null;
    },
    async bumpTokenVersion(id) {
      const { agents } = await models();
      const doc = await agents.findOneAndUpdate({ _id: id }, { $inc: { tokenVersion: 1 } }, { returnDocument: 'after' }).lean<AgentDoc>();
      return doc ? toAgent(doc) : null;
    },
    async count() {
      const { agents } = await models();
      return agents.countDocuments();
    },
  };
}
