// Worker threads start without the parent's tsx loader (and Node 20 does not apply
// `--import tsx` from a worker's execArgv to its entry module), so a worker is started from a
// tiny eval bootstrap that registers tsx, as bin/ronghe.js does for the main thread, and then
// imports the TypeScript entry. Pass the result to `new Worker(source, { eval: true })`.
export function tsWorkerSource(entry: URL): string {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
