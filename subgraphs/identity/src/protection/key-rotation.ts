import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector, ProtectedField } from '@tessera/kit';

/** Every sealed column of the identity schema, with the field its AAD names. */
const sealedColumns: readonly { table: string; column: string; field: ProtectedField; key?: string }[] = [
  { table: 'user', column: 'id_number_sealed', field: 'idNumber' },
  { table: 'user', column: 'card_number_sealed', field: 'cardNumber' },
  { table: 'user', column: 'phone_sealed', field: 'phone' },
  { table: 'user', column: 'totp_secret_sealed', field: 'totpSecret' },
  { table: 'registration_flow', column: 'id_number_sealed', field: 'idNumber' },
  { table: 'registration_flow', column: 'card_number_sealed', field: 'cardNumber' },
  { table: 'registration_flow', column: 'phone_sealed', field: 'phone' },
  { table: 'sms_message', column: 'phone_sealed', field: 'phone' },
  { table: 'profile_change', column: 'card_number_sealed', field: 'cardNumber' },
  { table: 'profile_change', column: 'phone_sealed', field: 'phone' },
  { table: 'signing_key', column: 'private_key_sealed', field: 'signingKey', key: 'kid' },
];

/**
 * After a new key becomes active (ID-8 key rotation), re-seals values (personal data, the private
 * halves of the token-signing keys) still sealed under older keys, a batch at a time, so the old
 * key can later be dropped. Returns how many were re-sealed.
 */
export async function resealStaleValues(em: EntityManager, protector: DataProtector, batchSize = 500): Promise<number> {
  let resealed = 0;
  for (const { table, column, field, key = 'id' } of sealedColumns) {
    for (;;) {
      const rows: { id: string; value: string }[] = await em.execute(
        `select "${key}" as "id", "${column}" as "value" from "identity"."${table}" where "${column}" is not null and "${column}" not like ? limit ?`,
        [`${protector.activeKeyId}.%`, batchSize],
      );
      const stale = rows.filter((row) => protector.isStale(row.value));
      for (const row of stale) {
        await em.execute(`update "identity"."${table}" set "${column}" = ? where "${key}" = ? and "${column}" = ?`, [
          protector.seal(field, protector.open(field, row.value)),
          row.id,
          row.value,
        ]);
      }
      resealed += stale.length;
      if (rows.length < batchSize) break;
    }
  }
  return resealed;
}
