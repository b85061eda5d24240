import { z } from 'zod';

/** Lower-case ids double as folder names under the models directory, so they stay filesystem-safe. */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A relative POSIX path that cannot leave the folder it is joined to: files are written to disk under
 * these names, so a catalogue (or a zip) can never aim a write outside the model's folder.
 */
export function isSafeRelativePath(value: string): boolean {
  if (value.length === 0 || value.startsWith('/') || value.includes('\\') || value.includes('\0'))
    return false;
  return value.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const relativePath = z
  .string()
  .refine(isSafeRelativePath, { error: 'must be a relative path inside the model folder' });

export const registryFileSchema = z.object({
  /** path inside the source repository */
  path: relativePath,
  /** where it lands in the installed folder; defaults to `path` (used to give int8 towers the canonical name) */
  saveAs: relativePath.optional(),
  url: z.url({ protocol: /^https$/ }),
  /**
   * A file taken from another repository than the entry's, pinned to a commit: an export that lacks its
   * tokenizer gets it from the repository that has it (Chinese-CLIP's towers, Xenova's tokenizer).
   */
  from: z.object({ repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/), revision: z.string().regex(/^[0-9a-f]{40}$/) }).optional(),
  /** exact byte size, or null where not published: then the server's Content-Length is used */
  size: z.number().int().positive().nullable(),
  /** rounded size as shown by the hub, for the picker and the disk-space check before a download */
  approxSize: z.number().int().positive(),
  /** null where not published: the downloader records the hash it computes at first download */
  sha256: z.string().regex(SHA256_PATTERN, 'must be 64 lower-case hex digits').nullable(),
});

const variantSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().min(1),
  default: z.boolean(),
  files: z.array(registryFileSchema).min(1),
});

const triple = z.tuple([z.number(), z.number(), z.number()]);

/** Field names match `PreprocessSpec` (core/imaging) so an entry's preprocessing can be handed over as is. */
const preprocessingSchema = z.object({
  resizeMode: z.enum(['shortest-edge', 'stretch']),
  shortestEdge: z.number().int().positive(),
  cropHeight: z.number().int().positive(),
  cropWidth: z.number().int().positive(),
  resample: z.enum(['bicubic', 'bilinear']),
  rescaleFactor: z.number().positive(),
  mean: triple.nullable(),
  std: triple.nullable(),
});

const visionSchema = z.object({
  input: z.string().min(1),
  output: z.string().min(1),
  preprocessing: preprocessingSchema,
});

/** A linear layer stored outside the ONNX graph (sentence-transformers' Dense module), applied after pooling. */
const projectionSchema = z.object({
  file: relativePath,
  format: z.literal('safetensors'),
  tensor: z.string().min(1),
  inFeatures: z.number().int().positive(),
  outFeatures: z.number().int().positive(),
  bias: z.boolean(),
});

const textSchema = z.object({
  contextLength: z.number().int().positive(),
  /** 'max': pad every prompt to contextLength (SigLIP was trained that way); 'longest': pad a batch to its longest */
  padding: z.enum(['max', 'longest']),
  inputIds: z.string().min(1),
  attentionMask: z.string().min(1).nullable(),
  output: z.string().min(1),
  /** 'mean': the output is per-token and must be mean-pooled over the attention mask */
  pooling: z.enum(['none', 'mean']),
  projection: projectionSchema.nullable(),
});

const scoringSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('softmax'), logitScale: z.number().positive() }),
  z.object({ kind: z.literal('sigmoid'), logitScale: z.number().positive(), logitBias: z.number() }),
]);

export const registryEntrySchema = z
  .object({
    id: z.string().regex(MODEL_ID_PATTERN, 'must be lower-case letters, digits, ".", "_" or "-"'),
    displayName: z.string().min(1),
    description: z.string().min(1),
    default: z.boolean(),
    licence: z.string().min(1),
    imagenetTop1: z.number().min(0).max(100).nullable(),
    imagenetTop1Source: z.string().min(1),
    source: z.object({
      repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
      revision: z.string().min(1),
      revisionPinned: z.boolean(),
    }),
    files: z.array(registryFileSchema),
    variants: z.array(variantSchema).min(1),
    embeddingSize: z.number().int().positive(),
    scoring: scoringSchema,
    text: textSchema,
    vision: visionSchema.nullable(),
    textOnly: z.boolean(),
    sharesImageSpaceWith: z.string().regex(MODEL_ID_PATTERN).nullable(),
    /** facts that could not be checked against a published source; empty when everything was */
    unverified: z.array(z.string().min(1)),
  })
  .superRefine((entry, ctx) => {
    if (entry.textOnly !== (entry.vision === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vision'],
        message: 'must be null exactly when textOnly is true',
      });
    }
    if (entry.textOnly !== (entry.sharesImageSpaceWith !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sharesImageSpaceWith'],
        message: 'a text-only model must name the model whose image space it shares',
      });
    }
    if (entry.variants.filter((v) => v.default).length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: 'exactly one variant must be the default',
      });
    }
    entry.variants.forEach((variant, index) => {
      const targets = [...entry.files, ...variant.files].map((f) => f.saveAs ?? f.path);
      const duplicate = targets.find((t, i) => targets.indexOf(t) !== i);
      if (duplicate !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', index, 'files'],
          message: `two files would be saved as "${duplicate}"`,
        });
      }
    });
  });

export const modelRegistrySchema = z
  .object({
    schemaVersion: z.literal(1),
    models: z.array(registryEntrySchema).min(1),
  })
  .superRefine((catalogue, ctx) => {
    const ids = catalogue.models.map((m) => m.id);
    catalogue.models.forEach((model, index) => {
      if (ids.indexOf(model.id) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'id'],
          message: `duplicate id "${model.id}"`,
        });
      }
      if (model.sharesImageSpaceWith !== null && !ids.includes(model.sharesImageSpaceWith)) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', index, 'sharesImageSpaceWith'],
          message: `no model "${model.sharesImageSpaceWith}" in the catalogue`,
        });
      }
    });
    if (catalogue.models.filter((m) => m.default).length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['models'], message: 'exactly one model must be the default' });
    }
  });

export type RegistryFile = z.infer<typeof registryFileSchema>;
export type RegistryVariant = z.infer<typeof variantSchema>;
export type RegistryEntry = z.infer<typeof registryEntrySchema>;
export type ModelRegistry = z.infer<typeof modelRegistrySchema>;
