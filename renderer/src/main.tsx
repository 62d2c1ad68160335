import './videojs-setup';
import 'video.js/dist/video-js.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { buildApi } from '../../electron/common/api';
import { httpInvoke } from '../../electron/common/http';

// In the desktop app the preload has put window.blindfold there (IPC). A browser given this page by
// a study server has no preload: the same API is built over HTTPS to the page's own server.
if (!('blindfold' in window)) {
  Object.defineProperty(window, 'blindfold', { value: buildApi(httpInvoke({ base: '/api/' })), writable: false, configurable: false });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
