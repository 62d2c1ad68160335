import { CoreError } from '../../common/result';
// What core may ask of the machine it runs on, supplied by the transport: native file dialogs in
// Electron's main process, scripted answers in the e2e harness, nothing in the CLI.
export interface Host {
  /** Asks the user for a file or folder; null when cancelled or when there is no one to ask. */
  choosePath(request: { kind: 'file' | 'folder'; title: string; filters?: readonly { name: string; extensions: readonly string[] }[] }): Promise<string | null>;
  /** Asks where to save a file; null when cancelled. */
  chooseSavePath(request: { title: string; defaultName: string }): Promise<string | null>;
  /**
   * Whether the path chooseSavePath answers may replace an existing file. Only the command line's
   * host says so, when its user asked (--force); a dialog never does (Linux save dialogs do not
   * confirm replacing), and no call's input can ask for it.
   */
  readonly replacesFiles?: boolean;
  /**
   * Renders a self-contained HTML document (its own CSP; no scripts, no remote resources) to PDF
   * bytes with Chromium's print engine: printToPDF in Electron, page.pdf in the e2e harness.
   */
  renderPdf(html: string): Promise<Buffer>;
}

export const NO_HOST: Host = {
  choosePath: async () => null,
  chooseSavePath: async () => null,
  renderPdf: async () => {
    throw new Error('Printing to PDF needs the desktop app');
  },
};

/**
 * A study server's host: no one sits at its machine to answer a dialog, and a browser cannot be
 * handed a path on it. What needs a file on the study's machine says so instead of doing nothing.
 */
export const SERVER_HOST: Host = {
  choosePath: async () => {
    throw new CoreError('bad_input', "Choosing a file is done on the study's own computer: in the desktop app opened on the study folder, or with the blindfold command there. Over a study server, type the file's path on the server.");
  },
  chooseSavePath: async () => {
    throw new CoreError('bad_input', "Saving a file is done on the study's own computer (the desktop app opened on the study folder, or `blindfold export` and `blindfold analyse` there): a study server does not send exports or reports to a browser.");
  },
  renderPdf: async () => {
    throw new CoreError('bad_input', 'Printing to PDF needs the desktop app');
  },
};
