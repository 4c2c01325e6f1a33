import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import {
  ArchiveBoxLabelType,
  ArchiveBoxType,
  ArchiveCabinetType,
  ArchivedFileType,
  type ArchiveSeriesValue,
} from './archive.type';
import { ArchiveBox } from './archive-box.entity';
import { ArchivedFile } from './archived-file.entity';
import { Archives, boxLabel } from './archives';

const archives = new Archives();

export function boxView(box: ArchiveBox): ArchiveBoxType {
  return Object.assign(new ArchiveBoxType(), {
    id: box.id,
    series: box.series as ArchiveSeriesValue,
    number: box.number,
    cabinet: box.cabinet,
    capacity: box.capacity,
    fileCount: box.fileCount,
    label: boxLabel(box),
    createdAt: box.createdAt,
  });
}

function fileView(file: ArchivedFile): ArchivedFileType {
  return Object.assign(new ArchivedFileType(), {
    id: file.id,
    socialInsuranceNumber: file.socialInsuranceNumber,
    archivedBy: file.archivedBy,
    archivedAt: file.archivedAt,
    applicationId: file.application.id,
    box: boxView(file.box),
  });
}

/** Paper archives (RA-16): cabinets, boxes in shelf order, where an application's file lies, box labels. */
@Resolver(() => ArchiveBoxType)
export class ArchiveBoxResolver {
  @Query(() => [ArchiveCabinetType], { description: 'Every cabinet with its boxes (RA-16).' })
  async archiveCabinets(@Ctx() ctx: GraphContext): Promise<ArchiveCabinetType[]> {
    const cabinets = await archives.cabinets(ctx.em);
    return cabinets.map((cabinet) =>
      Object.assign(new ArchiveCabinetType(), {
        series: cabinet.series as ArchiveSeriesValue,
        number: cabinet.number,
        boxes: cabinet.boxes.map(boxView),
      }),
    );
  }

  @Query(() => ArchiveBoxType, { nullable: true, description: 'A box by id.' })
  async archiveBox(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<ArchiveBoxType | null> {
    const box = await ctx.loaders.byId(ArchiveBox).load(id);
    return box && boxView(box);
  }

  @Query(() => ArchivedFileType, {
    nullable: true,
    description:
      'Where the paper file of an application lies (RA-16): null while it is not archived; `APPLICATION_NOT_FOUND` when there is no such application.',
  })
  async archivedFile(
    @Arg('applicationId', () => UUID) applicationId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<ArchivedFileType | null> {
    const file = await archives.fileOf(ctx.em, applicationId);
    return file && fileView(file);
  }

  @FieldResolver(() => [ArchivedFileType], { description: 'The files in shelf order: by social-insurance number.' })
  async files(@Root() root: ArchiveBoxType, @Ctx() ctx: GraphContext): Promise<ArchivedFileType[]> {
    const box = await ctx.em.findOneOrFail(ArchiveBox, { id: root.id });
    const files = await archives.contents(ctx.em, box);
    return files.map(fileView);
  }

  @FieldResolver(() => ArchiveBoxLabelType, { description: 'The printable label of the box.' })
  async printLabel(@Root() root: ArchiveBoxType, @Ctx() ctx: GraphContext): Promise<ArchiveBoxLabelType> {
    const box = await ctx.em.findOneOrFail(ArchiveBox, { id: root.id });
    return Object.assign(new ArchiveBoxLabelType(), await archives.label(ctx.em, box));
  }
}

@Resolver(() => ArchivedFileType)
export class ArchivedFileResolver {
  @FieldResolver(() => CertificateApplicationType, { nullable: true })
  async application(
    @Root() root: ArchivedFileType,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType | null> {
    const application = await ctx.loaders.byId(CertificateApplication).load(root.applicationId);
    return application && applicationView(application);
  }

  @FieldResolver(() => Int, { description: 'Its place in the box, from 1, in shelf order.' })
  async position(@Root() root: ArchivedFileType, @Ctx() ctx: GraphContext): Promise<number> {
    const file = await ctx.em.findOneOrFail(ArchivedFile, { id: root.id });
    return archives.position(ctx.em, file);
  }
}
