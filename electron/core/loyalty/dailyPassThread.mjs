// The loyalty daily pass's thread when Akrab runs from source (CLI, web harness, tests): its TypeScript loads through
// tsx. Bundled builds (Electron) start their own compiled copy instead (see useLoyaltyPassEntry).
import { register } from 'tsx/esm/api';

register();
await import('./dailyPassThread.ts');
