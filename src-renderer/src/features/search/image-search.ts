/** Files a drop or the file picker may search with; the core decides what it can decode. */
const IMAGE_TYPES = /^image\//;

export function isImageFile(file: File): boolean {
  return IMAGE_TYPES.test(file.type) || /\.(jpe?g|png|webp|gif|heic|heif|avif|tiff?|jxl)$/i.test(file.name);
}

/** A dropped file's bytes as base64, as the contract's image query carries them over JSON. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error(`Could not read ${file.name}.`));
    };
    reader.readAsDataURL(file);
  });
}
