import type { ApplicationDocument } from './application-document.entity';
import { ChecklistItemType } from './checklist-item.type';

/** The GraphQL view of one checklist item: the required type and what was received of it. */
export function checklistItemView(
  documentType: string,
  received: Pick<ApplicationDocument, 'contentType' | 'size' | 'sha256' | 'checkedBy' | 'checkedAt'> | null,
): ChecklistItemType {
  return Object.assign(new ChecklistItemType(), {
    documentType,
    received: Boolean(received?.sha256),
    checked: Boolean(received?.checkedAt),
    contentType: received?.contentType ?? null,
    size: received?.size ?? null,
    sha256: received?.sha256 ?? null,
    checkedBy: received?.checkedBy ?? null,
  });
}
