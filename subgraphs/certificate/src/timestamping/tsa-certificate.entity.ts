import { Entity } from '@mikro-orm/core';
import { DelegatedCertificate } from '../authority/delegated-certificate.entity';

/** The time-stamping authority's certificate from one issuing CA (RFC 3161 §2.3) and where its key lives. */
@Entity({ tableName: 'tsa_certificate' })
export class TsaCertificate extends DelegatedCertificate {}
