import { Entity } from '@mikro-orm/core';
import { DelegatedCertificate } from '../authority/delegated-certificate.entity';

/** The delegated OCSP signer of one issuing CA (RFC 6960 §4.2.2.2): its certificate and key location. */
@Entity({ tableName: 'ocsp_responder' })
export class OcspResponder extends DelegatedCertificate {}
