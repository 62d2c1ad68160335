import type { BlindfoldApi } from '../../electron/common/contract';

declare global {
  interface Window {
    readonly blindfold: BlindfoldApi;
    VIDEOJS_NO_DYNAMIC_STYLE?: boolean;
  }
}
