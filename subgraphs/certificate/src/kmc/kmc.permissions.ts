import { type IRules, rules } from '@tessera/kit';

const administrator = rules.staffWith('ADMINISTRATOR');
const auditor = rules.staffWith('AUDITOR');
const kmcStaff = rules.staffWith('ADMINISTRATOR', 'AUDITOR');

/**
 * CT-1 key management: administrators open and deliver recoveries, auditors decide them; both
 * read escrows and their trail, which carry no key material. The enveloped key of a dual
 * certificate goes to whoever redeems the codes: only the signing key opens it.
 */
export const kmcPermissions: IRules = {
  Query: { keyEscrows: kmcStaff, keyEscrow: kmcStaff, keyRecoveries: kmcStaff },
  Mutation: {
    requestKeyRecovery: administrator,
    approveKeyRecovery: auditor,
    rejectKeyRecovery: auditor,
    deliverKeyRecovery: administrator,
  },
  KeyEscrow: kmcStaff,
  KeyEscrowEvent: kmcStaff,
  KeyRecovery: kmcStaff,
  KeyRecoveryDelivery: administrator,
  EncryptionKeyDelivery: rules.allow,
};
