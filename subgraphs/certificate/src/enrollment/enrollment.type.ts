import { CertificateHierarchyValue, UUID } from '@tessera/kit';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { CertificateKindValue, CertificateType, CertificateUsageValue } from '../certificates/certificate.type';
import { EncryptionKeyDeliveryType } from '../kmc/kmc.type';

@InputType('SubscriberIdentityInput', {
  description:
    "The subscriber's numbers from the RA's data, carried in the GM/T 0015 identity extensions when `CA_GM_IDENTITY_EXTENSIONS` is on.",
})
export class SubscriberIdentityInput {
  @Field(() => String, {
    nullable: true,
    description: "A person's ID document number (IdentityCode): only for a personal certificate of that person.",
  })
  idNumber?: string;

  @Field(() => String, { nullable: true, description: '社保编号 of the person or unit (InsuranceNumber).' })
  insuranceNumber?: string;

  @Field(() => String, {
    nullable: true,
    description:
      "A unit's unified social credit code: ICRegistrationNumber and TaxationNumber carry it, OrganizationCode its characters 9-17.",
  })
  creditCode?: string;

  @Field(() => String, { nullable: true, description: "A unit's organization code, when it has no credit code." })
  organizationCode?: string;
}

@InputType('EnrollmentInput', { description: 'An approved application, as the RA sends it (RA-11).' })
export class EnrollmentInput {
  @Field(() => CertificateKindValue)
  kind!: CertificateKindValue;

  @Field(() => CertificateUsageValue)
  usage!: CertificateUsageValue;

  @Field(() => String, { description: 'Distinguished name, e.g. `CN=张三,O=某单位,C=CN`.' })
  subject!: string;

  @Field(() => [String], {
    nullable: true,
    description:
      'CT-1: the approved DNS names of a server certificate (required there, refused elsewhere); a CSR may ask for no others.',
  })
  dnsNames?: string[];

  @Field(() => String, {
    nullable: true,
    description:
      "The subscriber's email address: the certificate names it (rfc822Name) and only then carries emailProtection.",
  })
  email?: string;

  @Field(() => UUID, { nullable: true })
  holderUserId?: string;

  @Field(() => Int, { nullable: true })
  validityDays?: number;

  @Field(() => String, { nullable: true })
  applicationReference?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'CT-1 dual certificate (usage SIGNING): the key management centre adds an encryption certificate whose key it generates, escrows and delivers enveloped to the signing key.',
  })
  dual?: boolean;

  @Field(() => SubscriberIdentityInput, { nullable: true })
  identity?: SubscriberIdentityInput;

  @Field(() => CertificateHierarchyValue, {
    nullable: true,
    description:
      'The hierarchy the application chose (国密 SM2 or 国际 RSA/ECC), the default one (CA_HIERARCHIES) when absent: the certificate is issued under it and the CSR must be of its family (CSR_ALGORITHM_MISMATCH); CA_HIERARCHY_UNKNOWN when it is not configured.',
  })
  hierarchy?: CertificateHierarchyValue;
}

@ObjectType('EnrollmentCodes', {
  description: 'The codes of an enrollment; the authorization code is shown only here.',
})
export class EnrollmentCodesType {
  @Field(() => String)
  referenceCode!: string;

  @Field(() => String)
  authorizationCode!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => CertificateType, { description: 'The reserved certificate, in state NEW_APPLICATION.' })
  certificate!: CertificateType;

  @Field(() => CertificateType, {
    nullable: true,
    description: 'The reserved encryption certificate of a dual certificate.',
  })
  encryptionCertificate?: CertificateType;
}

@ObjectType('RedeemedCertificate')
export class RedeemedCertificateType {
  @Field(() => CertificateType)
  certificate!: CertificateType;

  @Field(() => String, { description: 'The issued certificate, PEM.' })
  pem!: string;

  @Field(() => EncryptionKeyDeliveryType, {
    nullable: true,
    description: 'A dual certificate (CT-1): the encryption certificate and its key, enveloped to the signing key.',
  })
  encryption?: EncryptionKeyDeliveryType;
}
