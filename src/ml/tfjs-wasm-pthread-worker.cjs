// The script of each pthread worker of the threaded-SIMD tfjs wasm module under Node (see register-threaded-wasm-backend.ts).
// tfjs ships the worker only as a string meant for a browser Blob; it expects `require` and `__filename` to be
// globals, which they are not in a CommonJS worker, so they are provided before the string is evaluated globally.
'use strict';
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');

Object.assign(globalThis, { require, __filename });
// The string holds `\n` escapes that a template literal turned into newlines; tfjs escapes them back the same way.
(0, eval)(wasmWorkerContents.replace(/\n/g, '\\n'));
