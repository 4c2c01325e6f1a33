import type { EntityManager } from '@mikro-orm/postgresql';
import { type StaffRole, staffRoles } from '@tessera/kit';
import { User } from '../users/user.entity';

/** The demo citizen of the embedded platform and the README. */
export const demoCitizen = { username: 'zhangsan', displayName: '张三' } as const;

/** One demo staff account per role: `entry_clerk`, `review_clerk`, … */
export const demoStaff: { username: string; displayName: string; role: StaffRole }[] = staffRoles.map((role) => ({
  username: role.toLowerCase(),
  displayName: `演示 ${role.toLowerCase()}`,
  role,
}));

/** Seeds the demo accounts once (idempotent: existing usernames are left as they are). */
export async function seedDemoAccounts(em: EntityManager): Promise<void> {
  const fork = em.fork();
  const wanted = [
    { username: demoCitizen.username, displayName: demoCitizen.displayName, kind: 'citizen' as const, roles: [] },
    ...demoStaff.map((s) => ({
      username: s.username,
      displayName: s.displayName,
      kind: 'staff' as const,
      roles: [s.role],
    })),
  ];
  const existing = new Set(
    (await fork.find(User, { username: { $in: wanted.map((w) => w.username) } })).map((u) => u.username),
  );
  for (const account of wanted) {
    if (!existing.has(account.username)) fork.create(User, account);
  }
  await fork.flush();
}
