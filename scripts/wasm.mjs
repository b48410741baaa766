/**
 * The bytes of src/cli/byte-index.wat assembled with wabt (WebAssembly's reference toolkit, built
 * for JavaScript): shared by scripts/build-wasm.mjs and the test that checks the embedded module.
 */
import { readFileSync } from 'node:fs';
import wabt from 'wabt';

/** The .wat's module as bytes. */
export async function assembleByteIndex() {
  const path = new URL('../src/cli/byte-index.wat', import.meta.url);
  const w = await wabt();
  const module = w.parseWat('byte-index.wat', readFileSync(path, 'utf8'), { simd: true });
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({ write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}
