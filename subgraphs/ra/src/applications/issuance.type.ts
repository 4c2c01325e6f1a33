import { EnvelopeFormatValue } from '@tessera/kit';
import { Field, ObjectType } from 'type-graphql';
import type { Issuance } from '../certificate-authority/certificate-authority-client';
import { CertificateType } from '../certificates/certificate.type';

@ObjectType('IssuedEncryptionKey', {
  description: 'CT-1: the encryption certificate of a dual certificate and its key, enveloped to the signing key.',
})
export class IssuedEncryptionKeyType {
  @Field(() => CertificateType)
  certificate!: CertificateType;

  @Field(() => String)
  serialNumber!: string;

  @Field(() => String, { description: 'The encryption certificate, PEM.' })
  pem!: string;

  @Field(() => String, {
    description: 'The envelope (PEM) only the subscriber’s signing key opens; its format in `envelopeFormat`.',
  })
  envelope!: string;

  @Field(() => EnvelopeFormatValue)
  envelopeFormat!: EnvelopeFormatValue;
}

@ObjectType('ApplicationIssuance', {
  description:
    'RA item 14: what an application’s codes issued, given to the issuing clerk again until the certificate is delivered.',
})
export class ApplicationIssuanceType {
  @Field(() => CertificateType)
  certificate!: CertificateType;

  @Field(() => String)
  serialNumber!: string;

  @Field(() => Date)
  notAfter!: Date;

  @Field(() => String, { description: 'The issued certificate, PEM.' })
  pem!: string;

  @Field(() => IssuedEncryptionKeyType, { nullable: true })
  encryption?: IssuedEncryptionKeyType | null;
}

const certificate = (id: string) => Object.assign(new CertificateType(), { id });

export function issuanceView(issuance: Issuance): ApplicationIssuanceType {
  const { encryption } = issuance;
  return Object.assign(new ApplicationIssuanceType(), {
    certificate: certificate(issuance.certificateId),
    serialNumber: issuance.serialNumber,
    notAfter: issuance.notAfter,
    pem: issuance.pem,
    encryption:
      encryption &&
      Object.assign(new IssuedEncryptionKeyType(), {
        certificate: certificate(encryption.certificateId),
        serialNumber: encryption.serialNumber,
        pem: encryption.pem,
        envelope: encryption.envelope,
        envelopeFormat: encryption.envelopeFormat,
      }),
  });
}
