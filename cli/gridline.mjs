#!/usr/bin/env node
// The `gridline` command. The project is TypeScript run through tsx, so nothing needs compiling first.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
