import type { EntityManager } from '@mikro-orm/postgresql';
import { Loaders } from './loaders';

class Thing {
  constructor(
    readonly id: string,
    readonly ownerId: string,
  ) {}
}

const ids = [
  '6f1c9a5e-2b1d-4c8e-9a51-000000000001',
  '6f1c9a5e-2b1d-4c8e-9a51-000000000002',
  '6f1c9a5e-2b1d-4c8e-9a51-000000000003',
];
const rows = [new Thing(ids[0] as string, 'o1'), new Thing(ids[1] as string, 'o1'), new Thing(ids[2] as string, 'o2')];

function fakeEm() {
  const find = jest.fn(async (_entity: unknown, where: Record<string, { $in: string[] }>) => {
    const [field, condition] = Object.entries(where)[0] as [keyof Thing, { $in: string[] }];
    return rows.filter((row) => condition.$in.includes(row[field]));
  });
  return { em: { find } as unknown as EntityManager, find };
}

describe('batched reference loading', () => {
  it('loads many ids of one type with one IN query and keeps the order, nulls for missing', async () => {
    const { em, find } = fakeEm();
    const loaders = new Loaders(em);
    const missing = '6f1c9a5e-2b1d-4c8e-9a51-00000000dead';
    const results = await Promise.all([ids[2], missing, ids[0]].map((id) => loaders.byId(Thing).load(id as string)));
    expect(results.map((r) => r?.id ?? null)).toEqual([ids[2], null, ids[0]]);
    expect(find).toHaveBeenCalledTimes(1);
    expect(find.mock.calls[0]?.[1]).toEqual({ id: { $in: [ids[2], missing, ids[0]] } });
  });

  it('answers ids that cannot be keys with null, without a query', async () => {
    const { em, find } = fakeEm();
    await expect(new Loaders(em).byId(Thing).load('not-a-uuid')).resolves.toBeNull();
    expect(find).not.toHaveBeenCalled();
  });

  it('groups one-to-many rows per key with one query', async () => {
    const { em, find } = fakeEm();
    const loaders = new Loaders(em);
    const [o1, o2, none] = await Promise.all(
      ['o1', 'o2', 'o3'].map((k) => loaders.groupedBy(Thing, 'ownerId').load(k)),
    );
    expect(o1?.map((t) => t.id)).toEqual([ids[0], ids[1]]);
    expect(o2?.map((t) => t.id)).toEqual([ids[2]]);
    expect(none).toEqual([]);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('keeps one loader per type for the whole request', () => {
    const loaders = new Loaders(fakeEm().em);
    expect(loaders.byId(Thing)).toBe(loaders.byId(Thing));
  });

  it("batches the keys of one request through the caller's own function, one loader per name", async () => {
    const loaders = new Loaders(fakeEm().em);
    const batch = jest.fn(async (keys: readonly string[]) => keys.map((k) => k.toUpperCase()));
    const answers = await Promise.all(['a', 'b', 'c'].map((k) => loaders.batched('upper', batch).load(k)));
    expect(answers).toEqual(['A', 'B', 'C']);
    expect(batch).toHaveBeenCalledTimes(1);
    expect(loaders.batched('upper', batch)).toBe(loaders.batched('upper', batch));
  });
});
