import { createHash } from 'node:crypto';
import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { type PrintedDocument, PrintedPaper } from './printed-paper';

@ObjectType('PrintedDocument', {
  description: 'A sheet of paper the RA printed from its records, as a PDF (issue 17 item 8).',
})
export class PrintedDocumentType {
  @Field(() => String, { description: 'The title printed at the top of the sheet.' })
  title!: string;

  @Field(() => String, { description: 'A file name to save it under.' })
  fileName!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Int)
  size!: number;

  @Field(() => String)
  sha256!: string;

  @Field(() => String, { description: 'The PDF, base64.' })
  contentBase64!: string;
}

function documentView(document: PrintedDocument): PrintedDocumentType {
  return Object.assign(new PrintedDocumentType(), {
    title: document.title,
    fileName: document.fileName,
    contentType: 'application/pdf',
    size: document.content.length,
    sha256: createHash('sha256').update(document.content).digest('hex'),
    contentBase64: document.content.toString('base64'),
  });
}

const paper = new PrintedPaper();

/** The paper the counters print, as PDFs made from the RA's records (thin: `PrintedPaper` does the work). */
@Resolver()
export class PrintedPaperResolver {
  @Query(() => PrintedDocumentType, {
    description:
      'The application form of an application, pre-filled for the subscriber to sign and stamp (RA-10): 单位/个人证书申请（更新）表, 证书变更、挂起、解挂、吊销表 or 数字证书解锁申请表 by its business type.',
  })
  async applicationFormPdf(
    @Arg('applicationId', () => UUID) applicationId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<PrintedDocumentType> {
    return documentView(await paper.applicationForm(ctx.em, applicationId));
  }

  @Query(() => PrintedDocumentType, {
    description: 'The task completion record (任务完成记录单, RA-13) of a completed application.',
  })
  async taskCompletionRecordPdf(
    @Arg('applicationId', () => UUID) applicationId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<PrintedDocumentType> {
    return documentView(await paper.taskCompletionRecord(ctx.em, applicationId));
  }

  @Query(() => PrintedDocumentType, { description: 'The label of an archive box (RA-16).' })
  async archiveBoxLabelPdf(
    @Arg('boxId', () => UUID) boxId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<PrintedDocumentType> {
    return documentView(await paper.archiveBoxLabel(ctx.em, boxId));
  }

  @Query(() => PrintedDocumentType, { description: 'A consultation record (咨询服务记录表, CS-1).' })
  async consultationRecordPdf(
    @Arg('consultationId', () => UUID) consultationId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<PrintedDocumentType> {
    return documentView(await paper.consultationRecord(ctx.em, consultationId));
  }
}
