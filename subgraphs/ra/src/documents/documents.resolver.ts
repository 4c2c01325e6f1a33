import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { IsBase64, IsUUID, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { BusinessType, CertificateKind } from '../applications/business-type';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { BusinessTypeValue, CertificateKindValue } from '../applications/certificate-application.type';
import { actorOf } from '../workflow/actor';
import { ChecklistItemType } from './checklist-item.type';
import { checklistItemView } from './checklist-item.view';
import { Documents, maxDocumentBase64Length } from './documents';
import { type DocumentType, documentTypes, requiredDocuments } from './requirements';

@InputType()
class DocumentInput {
  @Field(() => UUID)
  @IsUUID()
  applicationId!: string;

  @Field(() => String, { description: `One of: ${documentTypes.join(', ')}.` })
  documentType!: string;
}

@InputType()
class UploadDocumentInput extends DocumentInput {
  @Field(() => String, { description: 'The file, base64 (PDF, JPEG or PNG, at most 5 MB).' })
  @IsBase64()
  @MaxLength(maxDocumentBase64Length)
  contentBase64!: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'Issue 17 item 7: the entry clerk, with the paper in hand, confirms the copy matches the form in the same act (RA-10); otherwise a new upload clears the check.',
  })
  check!: boolean;
}

@ObjectType('DocumentFile', { description: 'An uploaded copy, read back and verified against its SHA-256 (RA-10).' })
class DocumentFileType {
  @Field(() => String)
  documentType!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Int)
  size!: number;

  @Field(() => String)
  sha256!: string;

  @Field(() => String, { description: 'The file, base64.' })
  contentBase64!: string;
}

const documents = new Documents();

function documentType(value: string): DocumentType {
  if (!(documentTypes as readonly string[]).includes(value)) throw new DomainError('DOCUMENT_NOT_REQUIRED');
  return value as DocumentType;
}

async function application(ctx: GraphContext, id: string) {
  const found = await ctx.em.findOne(CertificateApplication, { id });
  if (!found) throw new DomainError('APPLICATION_NOT_FOUND');
  return found;
}

@Resolver(() => ChecklistItemType)
export class DocumentsResolver {
  @Query(() => [String], { description: 'The required documents of a business type and certificate kind (RA-10).' })
  requiredDocuments(
    @Arg('businessType', () => BusinessTypeValue) businessType: BusinessTypeValue,
    @Arg('certificateKind', () => CertificateKindValue) certificateKind: CertificateKindValue,
  ): string[] {
    return requiredDocuments(businessType as BusinessType, certificateKind as CertificateKind);
  }

  @Query(() => DocumentFileType, {
    description:
      'The uploaded copy of a required document (staff); `DOCUMENT_CONTENT_CORRUPT` if it no longer has its SHA-256.',
  })
  async documentFile(@Arg('input') input: DocumentInput, @Ctx() ctx: GraphContext): Promise<DocumentFileType> {
    const { row, content } = await documents.read(
      ctx.em,
      await application(ctx, input.applicationId),
      documentType(input.documentType),
    );
    return Object.assign(new DocumentFileType(), {
      documentType: row.documentType,
      contentType: row.contentType,
      size: content.length,
      sha256: row.sha256,
      contentBase64: content.toString('base64'),
    });
  }

  @Mutation(() => ChecklistItemType, { description: 'Keep a scanned copy of a required document (and check it).' })
  async uploadDocument(@Arg('input') input: UploadDocumentInput, @Ctx() ctx: GraphContext) {
    const actor = actorOf(ctx.viewer);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const row = await documents.upload(
      ctx.em,
      await application(ctx, input.applicationId),
      documentType(input.documentType),
      Buffer.from(input.contentBase64, 'base64'),
      input.check ? actor.id : undefined,
    );
    return checklistItemView(row.documentType, row);
  }

  @Mutation(() => ChecklistItemType, { description: 'The entry clerk confirms a document matches the form (RA-10).' })
  async checkDocument(@Arg('input') input: DocumentInput, @Ctx() ctx: GraphContext) {
    const actor = actorOf(ctx.viewer);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const row = await documents.check(ctx.em, { id: input.applicationId }, documentType(input.documentType), actor.id);
    return checklistItemView(row.documentType, row);
  }
}
