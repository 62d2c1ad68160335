// The preload: builds window.blindfold from the contract and exposes it with contextBridge. The
// renderer gets these functions and nothing else — never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../common/api';
import { channelOf } from '../common/contract';
import type { Result } from '../common/result';

contextBridge.exposeInMainWorld(
  'blindfold',
  buildApi((name, input) => ipcRenderer.invoke(channelOf(name), input) as Promise<Result<unknown>>),
);
