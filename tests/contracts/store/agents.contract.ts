import { AppError } from '../../../shared/errors';
import type { NewAgent } from '../../../server/store/store';
import { uid, type GetStore } from './helpers';

const newAgent = (over: Partial<NewAgent> = {}): NewAgent => ({
  email: `Agent.${uid()}@Shop.example`,
  name: 'Ana Agent',
  passwordHash: 'scrypt$salt$hash',
  role: 'agent',
  departments: ['general', 'billing'],
  maxChats: 4,
  ...over,
});

/** AgentStore rules. */
export function agentsContract(store: GetStore): void {
  describe('agents', () => {
    it('creates and reads an agent, without the password hash', async () => {
      const input = newAgent({ avatarUrl: 'https://cdn.example.com/a.png', role: 'supervisor' });
      const agent = await store().agents.create(input);
      expect(agent).toEqual({
        id: expect.any(String),
        email: input.email,
        name: 'Ana Agent',
        role: 'supervisor',
        departments: ['general', 'billing'],
        maxChats: 4,
        avatarUrl: 'https://cdn.example.com/a.png',
        createdAt: expect.any(Number),
        isActive: true,
        tokenVersion: 0,
      });
      expect(await store().agents.get(agent.id)).toEqual(agent);
      expect((await store().agents.create(newAgent())).avatarUrl).toBeNull();
    });

    it('reads several agents at once, in the order asked, leaving out unknown ids', async () => {
      const a = await store().agents.create(newAgent());
      const b = await store().agents.create(newAgent());
      expect(await store().agents.getMany([b.id, uid(), a.id])).toEqual([b, a]);
      expect(await store().agents.getMany([])).toEqual([]);
    });

    it('bumps the token version atomically and deactivates an agent', async () => {
      const agent = await store().agents.create(newAgent());
      const bumps = await Promise.all([1, 2, 3].map(() => store().agents.bumpTokenVersion(agent.id)));
      expect(bumps.map((a) => a?.tokenVersion).sort()).toEqual([1, 2, 3]);
      expect((await store().agents.get(agent.id))?.tokenVersion).toBe(3);
      expect(await store().agents.bumpTokenVersion(`missing-${uid()}`)).toBeNull();
      const off = await store().agents.update(agent.id, { isActive: false });
      expect(off).toMatchObject({ isActive: false, tokenVersion: 3 });
      expect((await store().agents.getCredentials(agent.email))?.agent.isActive).toBe(false);
    });

    it('finds credentials by email, case-insensitively', async () => {
      const input = newAgent();
      const agent = await store().agents.create(input);
      expect(await store().agents.getCredentials(input.email.toUpperCase())).toEqual({ agent, passwordHash: input.passwordHash });
      expect(await store().agents.getCredentials(input.email.toLowerCase())).toEqual({ agent, passwordHash: input.passwordHash });
      expect(await store().agents.getCredentials(`nobody.${uid()}@shop.example`)).toBeNull();
    });

    it('refuses a second agent with the same email in another case with CONFLICT', async () => {
      const input = newAgent();
      await store().agents.create(input);
      const clash = store().agents.create(newAgent({ email: input.email.toLowerCase() }));
      await expect(clash).rejects.toBeInstanceOf(AppError);
      await expect(store().agents.create(newAgent({ email: input.email.toUpperCase() }))).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('lists, counts and updates agents', async () => {
      const before = await store().agents.count();
      const a = await store().agents.create(newAgent());
      const b = await store().agents.create(newAgent());
      expect(await store().agents.count()).toBe(before + 2);
      const ids = (await store().agents.list()).map((x) => x.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));

      const updated = await store().agents.update(a.id, { name: 'Ana B.', role: 'admin', departments: ['sales'], maxChats: 9, avatarUrl: 'https://x/y.png' });
      expect(updated).toEqual({ ...a, name: 'Ana B.', role: 'admin', departments: ['sales'], maxChats: 9, avatarUrl: 'https://x/y.png' });
      expect(await store().agents.get(a.id)).toEqual(updated);
      expect(await store().agents.update(a.id, { avatarUrl: null })).toEqual({ ...updated, avatarUrl: null });
      expect(await store().agents.update(uid(), { name: 'ghost' })).toBeNull();
      expect(await store().agents.get(uid())).toBeNull();
    });
  });
}
