// The preload: builds window.blindfold from the contract and exposes it with contextBridge. The
// renderer gets these functions and nothing else — never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../core/api';
import { channelOf } from '../core/contract';
import type { Result } from '../core/result';

contextBridge.exposeInMainWorld(
  'blindfold',
  buildApi((name, input) => ipcRenderer.invoke(channelOf(name), input) as Promise<Result<unknown>>),
);
