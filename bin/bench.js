#!/usr/bin/env node
// `npm run bench -- <area>`: runs bench/<area>.ts and prints its JSON result.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
process.exitCode = await main(process.argv.slice(2));
