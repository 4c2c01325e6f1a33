import { loadBureauTimeZone, TesseraProvider } from '@tessera/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import './admin.css';
import { graph, i18n, session } from './tessera';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
// Dates on the first screen are already in the bureau's time zone (issue 17).
void loadBureauTimeZone().then(() =>
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
