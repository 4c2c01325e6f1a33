import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, visit } from 'graphql';

/** The fields whose answer carries a file: a stored copy of an uploaded document (RA-10), a printed PDF (issue 17 item 8). */
const documentFields: ReadonlySet<string> = new Set([
  'documentFile',
  'applicationFormPdf',
  'taskCompletionRecordPdf',
  'archiveBoxLabelPdf',
  'consultationRecordPdf',
]);

/**
 * RA-10: a response carrying a stored copy (base64 inside the JSON) is marked as a download, so a
 * browser led to open one (a GET link to the graph) saves it and renders nothing; with `nosniff` on
 * every response it is never read as anything but JSON either.
 */
export function documentDownloadsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ document, response }) {
          if (!document) return;
          let carriesCopy = false;
          visit(document, {
            Field(node) {
              if (!documentFields.has(node.name.value)) return undefined;
              carriesCopy = true;
              return BREAK;
            },
          });
          if (carriesCopy) response.http.headers.set('content-disposition', 'attachment; filename="document.json"');
        },
      };
    },
  };
}
