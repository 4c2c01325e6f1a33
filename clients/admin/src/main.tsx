import { loadBranding, loadBureauTimeZone, TesseraProvider } from '@tessera/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import './admin.css';
import { graph, i18n, session } from './tessera';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
// The first screen already shows dates in the bureau's time zone and the bureau's own name (issue 17).
void Promise.all([loadBureauTimeZone(), loadBranding()]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <TesseraProvider graph={graph} session={session} i18n={i18n}>
        <BrowserRouter basename="/admin">
          <App />
        </BrowserRouter>
      </TesseraProvider>
    </StrictMode>,
  ),
);
