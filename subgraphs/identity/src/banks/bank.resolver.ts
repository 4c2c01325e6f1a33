import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../identity-services';
import type { Bank } from './bank.entity';
import { BankType } from './bank.type';

function bankView(bank: Bank): BankType {
  const { code, nameZh, nameEn, connected } = bank;
  return Object.assign(new BankType(), { code, nameZh, nameEn, connected });
}

@Resolver(() => BankType)
export class BankResolver {
  @Query(() => [BankType], { description: 'The twelve partner banks, connected or not (ID-6).' })
  async banks(@Ctx() ctx: GraphContext): Promise<BankType[]> {
    return (await servicesOf(ctx).banks.list()).map(bankView);
  }

  @Mutation(() => BankType, { description: "Connects or disconnects a bank's verification platform (administrators)." })
  async setBankConnected(
    @Arg('code', () => String) code: string,
    @Arg('connected', () => Boolean) connected: boolean,
    @Ctx() ctx: GraphContext,
  ): Promise<BankType> {
    return bankView(await servicesOf(ctx).banks.setConnected(code, connected));
  }
}
