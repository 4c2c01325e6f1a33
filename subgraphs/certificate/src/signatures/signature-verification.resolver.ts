import { type GraphContext, messageFor, UUID } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { CertificateError } from '../errors';
import type { SignatureHash } from '../keys/signature-verification';
import {
  SignatureVerificationPageType,
  SignatureVerificationResultType,
  SignatureVerificationType,
  VerifySignatureInput,
} from './signature-verification.type';
import { signerView, verificationView } from './signature-verification.view';
import { clientErrorCodes, type VerificationOutcome } from './signature-verification-service';

const maxPageSize = 200;

/** The signature verification service over the graph (issue 15 item 3); who may call what is in `signature-verification.permissions.ts`. */
@Resolver()
export class SignatureVerificationResolver {
  @Mutation(() => SignatureVerificationResultType, {
    description:
      'Issue 15 item 3 (签名验签): verifies a CMS SignedData or a raw signature by a certificate Tessera issued, at signing time, and stores the verification. Failures are answered as data (`valid: false`, `code`).',
  })
  async verifySignature(
    @Arg('input', () => VerifySignatureInput) input: VerifySignatureInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SignatureVerificationResultType> {
    const requester = ctx.viewer.kind === 'anonymous' ? { kind: 'anonymous', subject: '' } : ctx.viewer;
    const outcome = await servicesOf(ctx).pki.signatures.verify(
      { ...input, digestAlgorithm: input.digestAlgorithm as SignatureHash | undefined },
      input.purpose,
      { kind: requester.kind, subject: requester.subject },
    );
    return resultView(outcome, ctx);
  }

  @Query(() => SignatureVerificationType, {
    description: 'A stored signature verification (auditors, administrators).',
  })
  async signatureVerification(
    @Arg('id', () => UUID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<SignatureVerificationType> {
    const record = await servicesOf(ctx).pki.signatures.record(id);
    if (!record) throw new CertificateError('SIGNATURE_VERIFICATION_NOT_FOUND', { id });
    return verificationView(record);
  }

  @Query(() => SignatureVerificationPageType, {
    description: 'Stored signature verifications, newest first (auditors, administrators).',
  })
  async signatureVerifications(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: GraphContext,
  ): Promise<SignatureVerificationPageType> {
    const [records, total] = await servicesOf(ctx).pki.signatures.list({
      first: Math.min(Math.max(first, 1), maxPageSize),
      offset: Math.max(offset, 0),
    });
    return Object.assign(new SignatureVerificationPageType(), { total, verifications: records.map(verificationView) });
  }
}

function resultView(outcome: VerificationOutcome, ctx: GraphContext): SignatureVerificationResultType {
  const { code } = outcome;
  return Object.assign(new SignatureVerificationResultType(), {
    verificationId: outcome.record.id,
    valid: outcome.valid,
    code,
    clientErrorCode: code && clientErrorCodes[code],
    message: code && messageFor(code, ctx.locale, outcome.params),
    signer: outcome.signer && signerView(outcome.signer),
    signingTime: outcome.signingTime,
    signingTimeSource: outcome.signingTimeSource,
    revocation: outcome.revocation,
    digestAlgorithm: outcome.digestAlgorithm,
    verifiedAt: outcome.record.requestedAt,
  });
}
