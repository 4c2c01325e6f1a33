import type { EntityManager } from '@mikro-orm/postgresql';
import { type DataProtector, maskIdNumber, type StaffRole, staffRoles } from '@tessera/kit';
import type { PasswordHasher } from '../passwords/password-hasher';
import { User } from '../users/user.entity';
import { maskCardNumber } from '../validation/bank-card';
import { maskMobile } from '../validation/mobile';

/** The demo citizen of the embedded platform and the README: 张三 of the sandbox bank, already verified. */
export const demoCitizen = {
  /** Fixed, so that the other services' demo data can name the demo citizen without asking identity. */
  id: '7e550000-0000-4000-8000-00000000a001',
  username: 'zhangsan',
  displayName: '张三',
  idNumber: '440303198503121239',
  bankCode: 'ICBC',
  cardNumber: '6222020000000001230',
  phone: '13800138000',
} as const;

/** One demo staff account per role: `entry_clerk`, `review_clerk`, … */
export const demoStaff: { username: string; displayName: string; role: StaffRole }[] = staffRoles.map((role) => ({
  username: role.toLowerCase(),
  displayName: `演示 ${role.toLowerCase()}`,
  role,
}));

/** Password of every demo account (demo data is never seeded in production). */
export const demoPassword = 'Tessera-Demo-2026';

/** TOTP secret (base32) of every demo staff account: add it to an authenticator app. */
export const demoTotpSecret = 'TESSERADEMOTOTP2';

export interface DemoSeedTools {
  hasher: PasswordHasher;
  protector: DataProtector;
}

/** Seeds the demo accounts once (idempotent: existing usernames are left as they are). */
export async function seedDemoAccounts(em: EntityManager, { hasher, protector }: DemoSeedTools): Promise<void> {
  const fork = em.fork();
  const wanted = [demoCitizen.username, ...demoStaff.map((s) => s.username)];
  const existing = new Set((await fork.find(User, { username: { $in: wanted } })).map((u) => u.username));
  if (existing.size === wanted.length) return;
  const passwordHash = await hasher.hash(demoPassword);
  if (!existing.has(demoCitizen.username)) {
    fork.create(User, {
      id: demoCitizen.id,
      username: demoCitizen.username,
      displayName: demoCitizen.displayName,
      kind: 'citizen',
      passwordHash,
      idType: 'RESIDENT_ID_CARD',
      idNumberSealed: protector.seal('idNumber', demoCitizen.idNumber),
      idNumberIndex: protector.index('idNumber', `RESIDENT_ID_CARD:${demoCitizen.idNumber}`),
      idNumberMasked: maskIdNumber(demoCitizen.idNumber),
      bankCode: demoCitizen.bankCode,
      cardNumberSealed: protector.seal('cardNumber', demoCitizen.cardNumber),
      cardNumberMasked: maskCardNumber(demoCitizen.cardNumber),
      phoneSealed: protector.seal('phone', demoCitizen.phone),
      phoneIndex: protector.index('phone', demoCitizen.phone),
      phoneMasked: maskMobile(demoCitizen.phone),
      verifiedAt: new Date(),
      verificationMethod: 'bank_four_elements',
    });
  }
  for (const staff of demoStaff.filter((s) => !existing.has(s.username))) {
    fork.create(User, {
      username: staff.username,
      displayName: staff.displayName,
      kind: 'staff',
      roles: [staff.role],
      passwordHash,
      totpSecretSealed: protector.seal('totpSecret', demoTotpSecret),
    });
  }
  await fork.flush();
}
