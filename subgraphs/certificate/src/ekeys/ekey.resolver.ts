import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { EKeyPinOutcomeType, EKeyType, RegisterEKeyInput } from './ekey.type';
import { ekeyView } from './ekey.view';

/** EKey media over the graph (CT-3, RA-6, RA-8); who may call what is in `ekey.permissions.ts`. */
@Resolver()
export class EKeyResolver {
  @Query(() => EKeyType, { description: 'CT-3: an EKey by the serial printed on it (staff).' })
  async ekey(@Arg('serialNumber', () => String) serialNumber: string, @Ctx() ctx: GraphContext): Promise<EKeyType> {
    return ekeyView(await servicesOf(ctx).pki.ekeys.bySerial(serialNumber));
  }

  @Query(() => [EKeyType], { description: 'CT-3: the EKeys a person holds, newest first (staff).' })
  async ekeys(@Arg('holderUserId', () => UUID) holderUserId: string, @Ctx() ctx: GraphContext): Promise<EKeyType[]> {
    return (await servicesOf(ctx).pki.ekeys.ofHolder(holderUserId)).map(ekeyView);
  }

  @Mutation(() => EKeyType, { description: 'CT-3: records the medium handed out at issuance (issuing clerk).' })
  async registerEKey(
    @Arg('input', () => RegisterEKeyInput) input: RegisterEKeyInput,
    @Ctx() ctx: GraphContext,
  ): Promise<EKeyType> {
    const ekey = await servicesOf(ctx).pki.ekeys.register({
      serialNumber: input.serialNumber,
      model: input.model.trim(),
      algorithms: input.algorithms,
      purchasedOn: input.purchasedOn,
      holderUserId: input.holderUserId ?? undefined,
    });
    return ekeyView(ekey);
  }

  @Mutation(() => EKeyPinOutcomeType, {
    description: 'CT-3: the client reports a PIN attempt; the fifth wrong PIN in a row locks the key.',
  })
  async reportEKeyPinAttempt(
    @Arg('serialNumber', () => String) serialNumber: string,
    @Arg('correct', () => Boolean) correct: boolean,
    @Ctx() ctx: GraphContext,
  ): Promise<EKeyPinOutcomeType> {
    const { ekeys } = servicesOf(ctx).pki;
    const outcome = correct ? await ekeys.recordPinSuccess(serialNumber) : await ekeys.recordPinFailure(serialNumber);
    return Object.assign(new EKeyPinOutcomeType(), outcome);
  }

  @Mutation(() => EKeyType, {
    description: 'RA-6: unlocks a locked EKey for an approved RA unlock application (RA service only).',
  })
  async unlockEKey(
    @Arg('serialNumber', () => String) serialNumber: string,
    @Arg('unlockApplication', () => String) unlockApplication: string,
    @Ctx() ctx: GraphContext,
  ): Promise<EKeyType> {
    return ekeyView(await servicesOf(ctx).pki.ekeys.unlock(serialNumber, unlockApplication));
  }
}
