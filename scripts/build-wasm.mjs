#!/usr/bin/env node
/**
 * Assembles src/cli/byte-index.wat (WebAssembly text) into src/cli/byte-index-wasm.ts, the module's
 * bytes in base64, which the CLI's byte scanner instantiates. Run after editing the .wat:
 *   npm run build:wasm
 * test/cli/byte-index.test.ts assembles the .wat again and checks that the two agree.
 */
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleByteIndex } from './wasm.mjs';

const out = fileURLToPath(new URL('../src/cli/byte-index-wasm.ts', import.meta.url));
const bytes = await assembleByteIndex();
const text = `/**
 * The WebAssembly module of ./byte-index.wat, assembled by scripts/build-wasm.mjs (do not edit:
 * edit the .wat and run \`npm run build:wasm\`).
 * @internal
 * @module
 */

/** The module's bytes (${bytes.length}), in base64. @internal */
export const BYTE_INDEX_WASM =
  '${Buffer.from(bytes).toString('base64')}';
`;
writeFileSync(out, text);
console.log(`${out}: ${bytes.length} bytes of WebAssembly`);
