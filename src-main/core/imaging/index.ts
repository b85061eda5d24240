/** Imaging: decode any supported photo, orient it, make the model's input and the thumbnail. */
export type { ImageFormat } from './image-format.js';
export { DEFAULT_MAX_PIXELS, setDecodeThreads } from './image-source.js';
export type { ImagingErrorCode } from './imaging-errors.js';
export { cropGeometry, rgbToTensor, type CropGeometry } from './model-tensor.js';
export { writeTensorFile } from './output-files.js';
export { parsePreprocessorConfig, type PreprocessSpec } from './preprocess-spec.js';
export {
  makeThumbnail,
  prepareImage,
  preprocessImage,
  type PreparedImage,
  type PrepareOptions,
  type RgbPixels,
  tensorOfPixels,
  thumbnailOfPixels,
} from './prepare-image.js';
export { DEFAULT_THUMBNAIL_SIZE } from './thumbnail.js';
