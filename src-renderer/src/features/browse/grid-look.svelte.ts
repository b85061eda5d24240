/** Thumbnail sizes offered: the cell's smallest width in CSS pixels. */
export const TILE_SIZES = { small: 112, medium: 176, large: 280 } as const;
export type TileSize = keyof typeof TILE_SIZES;
/** square: cropped to fill the cell; aspect: the whole photo in its own shape (Photos' "aspect ratio grid"). */
export type TileShape = 'square' | 'aspect';

const STORAGE_KEY = 'shoebox.gridLook';

interface Stored {
  size: TileSize;
  shape: TileShape;
}

function stored(): Stored {
  try {
    const value = JSON.parse(globalThis.localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<Record<string, unknown>>;
    const size = typeof value['size'] === 'string' && value['size'] in TILE_SIZES ? (value['size'] as TileSize) : 'medium';
    const shape = value['shape'] === 'aspect' ? 'aspect' : 'square';
    return { size, shape };
  } catch {
    return { size: 'medium', shape: 'square' };
  }
}

/** How the grids draw their photos: the thumbnails' size and shape, remembered on this computer. */
export class GridLook {
  size = $state<TileSize>(stored().size);
  shape = $state<TileShape>(stored().shape);
  readonly cellSize = $derived(TILE_SIZES[this.size]);

  setSize(size: TileSize): void {
    this.size = size;
    this.#save();
  }

  setShape(shape: TileShape): void {
    this.shape = shape;
    this.#save();
  }

  #save(): void {
    try {
      globalThis.localStorage.setItem(STORAGE_KEY, JSON.stringify({ size: this.size, shape: this.shape }));
    } catch {
      // private mode: the choice lasts this session
    }
  }
}
