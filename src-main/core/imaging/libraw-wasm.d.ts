/** libraw-wasm's Emscripten module, which its package declares no types for: see [Note: RAW photos]. */
declare module 'libraw-wasm/dist/libraw.js' {
  const factory: (options: {
    wasmBinary: Uint8Array;
    print?: (text: string) => void;
    printErr?: (text: string) => void;
  }) => Promise<unknown>;
  export default factory;
}
