// Entry point: builds the services, restores the session, registers the service worker, renders.
import '@sheaf/shared/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createServices } from './app/services.js';
import { startPwa } from './pwa.js';
import { App } from './ui/App.js';
import './styles/theme.css';
import './styles/controls.css';
import './styles/auth.css';
import './styles/drive.css';
import './styles/menus.css';
import './styles/files.css';
import './styles/uploads.css';
import './styles/rows.css';
import './styles/layout.css';
import './styles/dialogs.css';
import './styles/versions.css';
import './styles/activity.css';
import './styles/preview.css';
import './styles/status.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

const services = createServices();
const pwa = startPwa();
void services.session.restore();

createRoot(root).render(
  <StrictMode>
    <App services={services} pwa={pwa} />
  </StrictMode>,
);
