import type { CertificateKindValue } from '../certificates/certificate.type';
import type { SignatureVerification } from './signature-verification.entity';
import {
  SignatureSignerType,
  SignatureVerificationType,
  type SigningTimeSourceValue,
} from './signature-verification.type';
import type { SignerFacts } from './signature-verification-service';

export function signerView(signer: SignerFacts): SignatureSignerType {
  return Object.assign(new SignatureSignerType(), {
    ...signer,
    certificateSerial: signer.serialNumber,
    kind: signer.kind as CertificateKindValue,
  });
}

export function verificationView(record: SignatureVerification): SignatureVerificationType {
  return Object.assign(new SignatureVerificationType(), {
    id: record.id,
    requesterKind: record.requesterKind,
    requester: record.requester,
    requestedAt: record.requestedAt,
    form: record.form,
    inputDigest: record.inputDigest,
    valid: record.valid,
    code: record.code,
    certificateId: record.certificateId,
    certificateSerial: record.certificateSerial,
    signingTime: record.signingTime,
    signingTimeSource: record.signingTimeSource as SigningTimeSourceValue | undefined,
  });
}
