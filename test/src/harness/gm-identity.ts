import { randomUUID } from 'node:crypto';
import { PemConverter } from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { ok } from './graph-checks';
import { type Counter, officerIdNumber, submittedAtCounter } from './ra-counter';

/** GM/T 0015 identity extensions (certificate subgraph, profiles/identity-extensions.ts), by name. */
export const gmt0015Oids = {
  identityCode: '1.2.156.10260.4.1.1',
  insuranceNumber: '1.2.156.10260.4.1.2',
  icRegistrationNumber: '1.2.156.10260.4.1.3',
  organizationCode: '1.2.156.10260.4.1.4',
  taxationNumber: '1.2.156.10260.4.1.5',
};
let sequence = 0;

/** A person registered at the counter, applying for a personal certificate with their ID number. */
export async function personApplication(counter: Counter): Promise<{ id: string; insuranceNumber: string }> {
  sequence += 1;
  const insuranceNumber = `1401${Date.now() % 10000000}${sequence}`;
  const { registerSubscriber } = ok(
    await counter.as<{ registerSubscriber: { id: string } }>(
      'ENTRY_CLERK',
      'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
      {
        input: {
          kind: 'person',
          userId: randomUUID(),
          socialInsuranceNumber: insuranceNumber,
          name: '张三',
          contactName: '张三',
          contactPhone: '13900139000',
          region: '太原市',
          agency: '太原市社会保险管理中心',
        },
      },
    ),
  );
  const id = await submittedAtCounter(counter.as, registerSubscriber.id, {
    businessType: 'CHANGE',
    certificateKind: 'PERSONAL',
    idNumber: officerIdNumber,
  });
  return { id, insuranceNumber };
}

/** The certificate's extensions by OID, each value parsed by asn1js from the PEM the administrator reads. */
export async function extensionsOf(counter: Counter, certificateId: string): Promise<Map<string, asn1js.AsnType>> {
  const { certificate } = ok(
    await counter.as<{ certificate: { pem: string } }>(
      'ADMINISTRATOR',
      'query($id: UUID!) { certificate(id: $id) { pem } }',
      { id: certificateId },
    ),
  );
  const der = PemConverter.decodeFirst(certificate.pem);
  const tbs = (asn1js.fromBER(der).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const wrapper = tbs.valueBlock.value.find((part) => part.idBlock.tagClass === 3 && part.idBlock.tagNumber === 3);
  const list = ((wrapper as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
  const found = new Map<string, asn1js.AsnType>();
  for (const extension of list as asn1js.Sequence[]) {
    const parts = extension.valueBlock.value;
    const oid = (parts[0] as asn1js.ObjectIdentifier).valueBlock.toString();
    const value = parts[parts.length - 1] as asn1js.OctetString;
    found.set(oid, asn1js.fromBER(value.valueBlock.valueHexView).result);
  }
  return found;
}

/** A PrintableString's text. */
export const text = (value: asn1js.AsnType | undefined) =>
  (value as asn1js.PrintableString | undefined)?.valueBlock.value;

/** The public status query by a social-insurance number or credit code (CT-2), anonymously. */
export async function byNumber(counter: Counter, number: string): Promise<string[]> {
  const { certificateStatusByNumber } = ok(
    await counter.as<{ certificateStatusByNumber: { certificates: { id: string; state: string }[] } }>(
      'anonymous',
      'query($number: String!) { certificateStatusByNumber(number: $number) { certificates { id state } } }',
      { number },
    ),
  );
  return certificateStatusByNumber.certificates.map((certificate) => certificate.id);
}
