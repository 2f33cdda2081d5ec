#!/usr/bin/env node
// The akrab command: runs the TypeScript CLI through tsx's loader, so the core needs no separate build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/akrab.ts');
process.exitCode = await main(process.argv.slice(2));
