import { contextBridge, ipcRenderer } from 'electron';
import { callNames } from '../../shared/callNames';
import { channelFor } from '../../shared/ipc';

/** Exposes exactly the contract's calls to the renderer, each as one async function; nothing else of Electron or Node. */
const api = Object.fromEntries(callNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(channelFor(name), input)]));

contextBridge.exposeInMainWorld('akrab', Object.freeze(api));
