/** heic-decode ships no types; this is the part of its API that imaging uses. */
declare module 'heic-decode' {
  interface DecodedImage {
    width: number;
    height: number;
    /** RGBA, 8 bits per channel, not premultiplied */
    data: Uint8ClampedArray;
  }

  interface HeifImage {
    width: number;
    height: number;
    decode(): Promise<DecodedImage>;
  }

  interface HeifImageList extends Array<HeifImage> {
    /** frees the images of `all`; `decode` alone frees its own */
    dispose(): void;
  }

  interface HeicDecode {
    (input: { buffer: Uint8Array }): Promise<DecodedImage>;
    all(input: { buffer: Uint8Array }): Promise<HeifImageList>;
  }

  const decode: HeicDecode;
  export default decode;
}
