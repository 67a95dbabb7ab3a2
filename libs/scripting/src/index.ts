export * from './lib/script-error';
export * from './lib/script-limits';
export * from './lib/script-log';
export * from './lib/script-server-error';
export * from './lib/request-properties';
export * from './lib/may-act/may-act-script';
export * from './lib/dcr/dcr-script';
export { MAX_SCRIPT_SOURCE_CHARS } from './lib/sandbox/sandbox';
export { scriptingBenchmark, type RunRate, type ScriptingBenchmarkResult } from './bench/scripting-benchmark';
