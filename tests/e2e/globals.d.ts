// Code passed to page.evaluate runs in the page, where the harness defines window.blindfold.
import type { BlindfoldApi } from '../../electron/common/contract';

declare global {
  interface Window {
    readonly blindfold: BlindfoldApi;
  }
}
