import { EnvelopeFormatValue, type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { Certificate } from '../certificates/certificate.entity';
import { CertificateType } from '../certificates/certificate.type';
import { certificateView } from '../certificates/certificate.view';
import { KeyEscrow } from './key-escrow.entity';
import { KeyEscrowEvent } from './key-escrow-event.entity';
import type { StaffActor } from './key-management-service';
import type { KeyRecoveryState } from './key-recovery-transitions';
import {
  KeyEscrowEventType,
  KeyEscrowType,
  KeyRecoveryDeliveryType,
  KeyRecoveryStateValue,
  KeyRecoveryType,
} from './kmc.type';
import { keyEscrowEventView, keyEscrowView, keyRecoveryView } from './kmc.view';

function staffActor(ctx: GraphContext): StaffActor {
  return ctx.viewer.kind === 'staff'
    ? { id: ctx.viewer.subject, roles: ctx.viewer.roles }
    : { id: ctx.viewer.kind === 'anonymous' ? 'anonymous' : ctx.viewer.subject, roles: new Set() };
}

async function certificateOf(ctx: GraphContext, id: string): Promise<CertificateType | null> {
  const certificate = await ctx.loaders.byId(Certificate).load(id);
  return certificate && certificateView(certificate);
}

@Resolver(() => KeyEscrowType)
export class KeyEscrowResolver {
  @Query(() => [KeyEscrowType], { description: 'CT-1: escrowed encryption keys of a subject (exact name).' })
  async keyEscrows(@Arg('subject', () => String) subject: string, @Ctx() ctx: GraphContext): Promise<KeyEscrowType[]> {
    return (await servicesOf(ctx).pki.kmc.escrowsOf(subject)).map(keyEscrowView);
  }

  @Query(() => KeyEscrowType, { nullable: true, description: 'CT-1: the escrow of an encryption certificate.' })
  async keyEscrow(
    @Arg('encryptionCertificateId', () => UUID) encryptionCertificateId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<KeyEscrowType | null> {
    const escrow = await servicesOf(ctx).pki.kmc.escrowOf(encryptionCertificateId);
    return escrow && keyEscrowView(escrow);
  }

  @FieldResolver(() => CertificateType, { nullable: true })
  encryptionCertificate(@Root() escrow: KeyEscrowType, @Ctx() ctx: GraphContext): Promise<CertificateType | null> {
    return certificateOf(ctx, escrow.encryptionCertificateId);
  }

  @FieldResolver(() => CertificateType, {
    nullable: true,
    description: 'The signing certificate of the first delivery.',
  })
  signingCertificate(@Root() escrow: KeyEscrowType, @Ctx() ctx: GraphContext): Promise<CertificateType | null> {
    return certificateOf(ctx, escrow.signingCertificateId);
  }

  @FieldResolver(() => [KeyEscrowEventType], { description: 'The audit trail: escrow, then every recovery step.' })
  async events(@Root() escrow: KeyEscrowType, @Ctx() ctx: GraphContext): Promise<KeyEscrowEventType[]> {
    const rows = await ctx.loaders
      .groupedBy(KeyEscrowEvent, 'escrowId', { at: 'asc', createdAt: 'asc' })
      .load(escrow.id);
    return rows.map(keyEscrowEventView);
  }
}

@Resolver(() => KeyRecoveryType)
export class KeyRecoveryResolver {
  @Query(() => [KeyRecoveryType], {
    description: 'CT-1: key recoveries, newest first; `REQUESTED` is the auditors’ queue.',
  })
  async keyRecoveries(
    @Arg('state', () => KeyRecoveryStateValue, { nullable: true }) state: KeyRecoveryStateValue | undefined,
    @Ctx() ctx: GraphContext,
  ): Promise<KeyRecoveryType[]> {
    return (await servicesOf(ctx).pki.kmc.recoveries(state as KeyRecoveryState | undefined)).map(keyRecoveryView);
  }

  @Mutation(() => KeyRecoveryType, {
    description:
      'CT-1: an administrator opens a key recovery, naming the in-use signing certificate that will receive the key.',
  })
  async requestKeyRecovery(
    @Arg('encryptionCertificateId', () => UUID) encryptionCertificateId: string,
    @Arg('targetCertificateId', () => UUID) targetCertificateId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: GraphContext,
  ): Promise<KeyRecoveryType> {
    const recovery = await servicesOf(ctx).pki.kmc.requestRecovery(
      { encryptionCertificateId, targetCertificateId, reason },
      staffActor(ctx),
    );
    return keyRecoveryView(recovery);
  }

  @Mutation(() => KeyRecoveryType, {
    description: 'CT-1: an auditor, not the one who opened it, approves a key recovery.',
  })
  async approveKeyRecovery(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<KeyRecoveryType> {
    return keyRecoveryView(await servicesOf(ctx).pki.kmc.approveRecovery(id, staffActor(ctx)));
  }

  @Mutation(() => KeyRecoveryType, {
    description: 'CT-1: an auditor, not the one who opened it, rejects a key recovery.',
  })
  async rejectKeyRecovery(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<KeyRecoveryType> {
    return keyRecoveryView(await servicesOf(ctx).pki.kmc.rejectRecovery(id, staffActor(ctx)));
  }

  @Mutation(() => KeyRecoveryDeliveryType, {
    description:
      'CT-1: delivers an approved recovery once, enveloped to the target signing certificate (CMS, or SM2EnvelopedKey to an SM2 key).',
  })
  async deliverKeyRecovery(
    @Arg('id', () => UUID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<KeyRecoveryDeliveryType> {
    const { recovery, envelope } = await servicesOf(ctx).pki.kmc.deliverRecovery(id, staffActor(ctx));
    return Object.assign(new KeyRecoveryDeliveryType(), {
      recovery: keyRecoveryView(recovery),
      envelope: envelope.pem,
      envelopeFormat: envelope.format as EnvelopeFormatValue,
    });
  }

  @FieldResolver(() => KeyEscrowType, { nullable: true })
  async escrow(@Root() recovery: KeyRecoveryType, @Ctx() ctx: GraphContext): Promise<KeyEscrowType | null> {
    const escrow = await ctx.loaders.byId(KeyEscrow).load(recovery.escrowId);
    return escrow && keyEscrowView(escrow);
  }

  @FieldResolver(() => CertificateType, {
    nullable: true,
    description: 'The signing certificate the key is sealed to.',
  })
  targetCertificate(@Root() recovery: KeyRecoveryType, @Ctx() ctx: GraphContext): Promise<CertificateType | null> {
    return certificateOf(ctx, recovery.targetCertificateId);
  }
}
