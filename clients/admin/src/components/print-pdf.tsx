import { download, ErrorAlert, type Graph, GraphError, useGraph } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApplicationFormPdfDocument,
  ArchiveBoxLabelPdfDocument,
  ConsultationRecordPdfDocument,
  TaskCompletionRecordPdfDocument,
} from '../gql/graphql';

interface PrintedPdf {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** The paper the RA prints (issue 17 item 8): each sheet, and how to fetch it from the graph. */
const sheets = {
  applicationForm: async (graph: Graph, id: string) =>
    (await graph.request(ApplicationFormPdfDocument, { applicationId: id })).applicationFormPdf,
  taskCompletionRecord: async (graph: Graph, id: string) =>
    (await graph.request(TaskCompletionRecordPdfDocument, { applicationId: id })).taskCompletionRecordPdf,
  archiveBoxLabel: async (graph: Graph, id: string) =>
    (await graph.request(ArchiveBoxLabelPdfDocument, { boxId: id })).archiveBoxLabelPdf,
  consultationRecord: async (graph: Graph, id: string) =>
    (await graph.request(ConsultationRecordPdfDocument, { consultationId: id })).consultationRecordPdf,
} satisfies Record<string, (graph: Graph, id: string) => Promise<PrintedPdf>>;

export type Sheet = keyof typeof sheets;

/**
 * A button that asks the server for a printable sheet as a PDF and saves it: the server makes the
 * paper from its own records, so what the subscriber signs is what the RA holds. The sheets are in
 * Chinese whatever the page's language, as the bureau files them.
 */
export function PrintPdfButton(props: { sheet: Sheet; id: string; className?: string }) {
  const { t } = useTranslation();
  const graph = useGraph();
  const [error, setError] = useState<GraphError | null>(null);
  const [busy, setBusy] = useState(false);
  const print = async () => {
    setError(null);
    setBusy(true);
    try {
      const pdf = await sheets[props.sheet](graph, props.id);
      download(
        pdf.fileName,
        Uint8Array.from(atob(pdf.contentBase64), (c) => c.charCodeAt(0)),
        pdf.contentType,
      );
    } catch (caught) {
      setError(GraphError.from(caught, t('common.offline')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={props.className ?? 'secondary'}
        onClick={print}
        disabled={busy}
        data-testid={`print-${props.sheet}`}
      >
        {busy ? t('paper.printing') : t(`paper.${props.sheet}`)}
      </button>
      <ErrorAlert error={error} />
    </>
  );
}
