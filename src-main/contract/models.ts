import { z } from 'zod';

/** 'ensemble': CLIP's 80 ImageNet templates averaged; 'single': "a photo of a {}."; 'none': the prompt as written. */
export const TEMPLATE_MODES = ['ensemble', 'single', 'none'] as const;
export type TemplateMode = (typeof TEMPLATE_MODES)[number];

/** Which text tower reads queries and prompts: 'auto' by each text's language, or always CLIP's / the multilingual one. */
export const TEXT_TOWER_CHOICES = ['auto', 'clip', 'multilingual'] as const;
export type TextTowerChoice = (typeof TEXT_TOWER_CHOICES)[number];

export interface ModelVariantInfo {
  name: string;
  description: string;
  default: boolean;
  /** bytes on disk, exact where the catalogue knows the sizes */
  sizeBytes: number;
}

/** One model the person can pick: a catalogue entry, or a model imported from a folder or zip. */
export interface ModelInfo {
  id: string;
  displayName: string;
  description: string;
  source: 'catalogue' | 'import';
  licence: string | null;
  /** ImageNet zero-shot top-1 in percent, for the picker */
  imagenetTop1: number | null;
  embeddingSize: number | null;
  /** a text tower that shares another model's image space (it cannot embed photos) */
  textOnly: boolean;
  /** for a text tower: the image model whose photo vectors it reads (its add-on), else null */
  sharesImageSpaceWith: string | null;
  variants: ModelVariantInfo[];
  installed: { dir: string; variant: string | null; status: 'ready' | 'broken'; problem: string | null } | null;
  /** the library's chosen model */
  active: boolean;
  /** its vectors answer search now (during a switch, the old model still serves) */
  serving: boolean;
  downloading: boolean;
}

export interface ModelDownloadEvent {
  id: string;
  bytesDone: number;
  bytesTotal: number | null;
  ratePerSec: number;
  etaSeconds: number | null;
  /** the file being fetched, as named in the installed folder */
  file: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  error?: { code: string; message: string };
  /** with 'done': what the person should know, e.g. checksums recorded because the catalogue had none */
  notices?: string[];
}

/** The background re-embedding of the library after a model change. */
export interface ModelSwitchEvent {
  from: string | null;
  to: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
  error?: { code: string; message: string };
}

export interface RunningModel {
  id: string;
  dir: string;
  embeddingSize: number;
  provider: string;
  providerChoice: string;
  threads: number;
  scoring: { kind: 'softmax' | 'sigmoid'; logitScale: number; logitBias?: number };
}

export interface ModelStatus {
  settings: { model: string | null; provider: string; threads: number | null; textTower: TextTowerChoice };
  /** the multilingual text tower that reads non-English text for the serving model, when one is installed */
  multilingual: string | null;
  /** the model whose vectors answer search; null until one is installed and chosen */
  serving: RunningModel | null;
  switching: ModelSwitchEvent | null;
  /** why the chosen model is not serving (it failed to load when the library opened) */
  problem?: string;
}

export interface ProviderReport {
  provider: string;
  /** providers tried first, each with the reason it was not used */
  tried: { name: string; error: string }[];
}

export interface Diagnosis {
  os: { platform: string; release: string; arch: string };
  cpu: { model: string; logicalCores: number };
  node: string;
  onnxruntime: string;
  /** what this onnxruntime-node build offers ('bundled': its library ships with it) */
  backends: { name: string; bundled: boolean }[];
  providerChoice: string;
  threads: number;
  towers: { image: ProviderReport | null; text: ProviderReport | null };
  model: { id: string; dir: string; variant: string | null; embeddingSize: number } | null;
  throughput: { imagesPerSec: number; images: number; seconds: number; batch: number; textQueryMs: number } | null;
}

export interface PromptScore {
  prompt: string;
  /** softmax over the prompts (CLIP, sums to 1) or each prompt's own sigmoid (SigLIP) */
  probability: number;
  cosine: number;
}

const ModelId = z.string().min(1).max(64);
const oneImage = (input: { photoId?: string | undefined; imagePath?: string | undefined }): boolean =>
  (input.photoId === undefined) !== (input.imagePath === undefined);
const oneModel = (input: { id?: string | undefined; dir?: string | undefined }): boolean =>
  (input.id === undefined) !== (input.dir === undefined);

export const modelsInputs = {
  listModels: z.object({}),
  modelStatus: z.object({}),
  downloadModel: z.object({ id: ModelId, variant: z.string().min(1).optional() }),
  cancelModelDownload: z.object({ id: ModelId }),
  useModel: z
    .object({
      /** an installed model */
      id: ModelId.optional(),
      /** or any model folder in the Hugging Face layout */
      dir: z.string().min(1).optional(),
      provider: z.string().min(1).optional(),
      threads: z.number().int().positive().max(256).nullable().optional(),
    })
    .refine(oneModel, 'give either id or dir'),
  removeModel: z.object({ id: ModelId }),
  importModel: z.object({ path: z.string().min(1), id: ModelId.optional() }),
  classify: z
    .object({
      photoId: z.string().min(1).optional(),
      /** an image file anywhere: embedded for this answer, not added to the library */
      imagePath: z.string().min(1).optional(),
      prompts: z.array(z.string().trim().min(1).max(300)).min(1).max(100),
      templates: z.enum(TEMPLATE_MODES).default('ensemble'),
    })
    .refine(oneImage, 'give either photoId or imagePath'),
  diagnose: z.object({ seconds: z.number().min(0).max(30).default(2) }),
  setTextTower: z.object({ tower: z.enum(TEXT_TOWER_CHOICES) }),
};

type In<K extends keyof typeof modelsInputs> = z.input<(typeof modelsInputs)[K]>;
export type ClassifyInput = z.output<typeof modelsInputs.classify>;

export interface ModelsApi {
  /** The catalogue's models and imported ones, with what is installed, chosen and downloading. */
  listModels(input: In<'listModels'>): Promise<ModelInfo[]>;
  modelStatus(input: In<'modelStatus'>): Promise<ModelStatus>;
  /** Starts a download in the background; progress arrives as `modelDownload` events. */
  downloadModel(input: In<'downloadModel'>): Promise<ModelDownloadEvent>;
  cancelModelDownload(input: In<'cancelModelDownload'>): Promise<{ cancelled: boolean }>;
  /**
   * Chooses the library's model (persisted with the provider and threads when given). With another
   * model than the one serving, the library is embedded again in the background (`modelSwitch`
   * events) while search keeps answering from the old vectors.
   */
  useModel(input: In<'useModel'>): Promise<ModelStatus>;
  removeModel(input: In<'removeModel'>): Promise<void>;
  /** Installs a CLIP export from a folder or zip in the Hugging Face layout, checking its towers' signatures. */
  importModel(input: In<'importModel'>): Promise<ModelInfo>;
  /** Zero-shot scores of one photo or image file against prompts, best first. */
  classify(input: In<'classify'>): Promise<PromptScore[]>;
  /** Machine, providers, model and a short measured throughput (`shoebox doctor`). */
  diagnose(input: In<'diagnose'>): Promise<Diagnosis>;
  /** Chooses which text tower reads queries and prompts (saved in the library's settings). */
  setTextTower(input: In<'setTextTower'>): Promise<ModelStatus>;
}
