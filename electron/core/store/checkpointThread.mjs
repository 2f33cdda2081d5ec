// The checkpoint thread when Akrab runs from source (CLI, web harness, tests): its TypeScript loads through tsx.
// Bundled builds (Electron) start their own compiled copy instead (see useCheckpointEntry).
import { register } from 'tsx/esm/api';

register();
await import('./checkpointThread.ts');
