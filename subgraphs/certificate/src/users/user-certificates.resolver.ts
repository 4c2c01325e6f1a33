import type { GraphContext } from '@tessera/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CertificateType } from '../certificates/certificate.type';
import { certificateView } from '../certificates/certificate.view';
import { certificatesOfHolders } from '../certificates/certificate-rows';
import { UserType } from './user.type';

@Resolver(() => UserType)
export class UserCertificatesResolver {
  @FieldResolver(() => [CertificateType], { nullable: true, description: 'Certificates the person holds.' })
  async certificates(@Root() user: UserType, @Ctx() ctx: GraphContext): Promise<CertificateType[]> {
    const rows = await certificatesOfHolders(ctx).load(user.id);
    return rows.map(certificateView);
  }
}
