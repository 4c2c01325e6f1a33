import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { SubscriberRegister } from './register';

export enum RegisterFormat {
  XLSX = 'xlsx',
  CSV = 'csv',
}
registerEnumType(RegisterFormat, { name: 'RegisterFormat', description: 'File format of an export.' });

@ObjectType('RegisterExport', { description: 'The subscriber register as a file (RA-15).' })
export class RegisterExportType {
  @Field(() => String)
  filename!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => String, { description: 'The file, base64.' })
  contentBase64!: string;

  @Field(() => Int)
  rows!: number;
}

const register = new SubscriberRegister();
const contentTypes: Record<RegisterFormat, string> = {
  [RegisterFormat.XLSX]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  [RegisterFormat.CSV]: 'text/csv; charset=utf-8',
};

@Resolver(() => RegisterExportType)
export class RegisterResolver {
  @Query(() => RegisterExportType, { description: 'Export the subscriber register (administrators, RA-15).' })
  async subscriberRegister(
    @Arg('format', () => RegisterFormat, { defaultValue: RegisterFormat.XLSX }) format: RegisterFormat,
    @Ctx() ctx: GraphContext,
  ): Promise<RegisterExportType> {
    const rows = await register.rows(ctx.em);
    const content = format === RegisterFormat.XLSX ? await register.xlsx(rows) : register.csv(rows);
    return Object.assign(new RegisterExportType(), {
      filename: `subscriber-register-${new Date().toISOString().slice(0, 10)}.${format}`,
      contentType: contentTypes[format],
      contentBase64: content.toString('base64'),
      rows: rows.length,
    });
  }
}
