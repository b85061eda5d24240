import type { z } from 'zod';
import { albumInputs, type AlbumsApi } from './albums.js';
import { importInputs, type ImportsApi } from './imports.js';
import { libraryInputs, type LibraryApi } from './library.js';
import { markInputs, type MarksApi } from './marks.js';
import { trashInputs, type TrashApi } from './trash.js';
import { modelsInputs, type ModelsApi } from './models.js';
import { searchInputs, type SearchApi } from './search.js';
import { tagsInputs, type TagsApi } from './tags.js';

/**
 * [Note: one contract]
 * PhotoApi is declared once, as the union of the feature contracts. Each method takes one
 * JSON object, described by a zod schema in `apiInputs`. Every adapter (Electron IPC, the
 * preload bridge, the loopback HTTP routes, the renderer clients) derives its channel list
 * from `API_METHODS` and parses arguments with `parseInput`, so no side can drift.
 */
export interface PhotoApi extends LibraryApi, SearchApi, ModelsApi, AlbumsApi, ImportsApi, TagsApi, MarksApi, TrashApi {}

export type ApiMethod = keyof PhotoApi;

export const apiInputs = {
  ...libraryInputs,
  ...searchInputs,
  ...modelsInputs,
  ...albumInputs,
  ...importInputs,
  ...tagsInputs,
  ...markInputs,
  ...trashInputs,
} satisfies Record<ApiMethod, z.ZodType>;

// Fails to compile if a method has no schema or a schema has no method.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const EVERY_METHOD_HAS_A_SCHEMA: Exact<keyof typeof apiInputs, ApiMethod> = true;

export const API_METHODS = Object.keys(apiInputs) as ApiMethod[];

export type ApiInput<M extends ApiMethod> = Parameters<PhotoApi[M]>[0];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiInputs, name);
}

/** A method's argument after parsing (defaults filled in): what the core's services receive. */
export type ApiParsed<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

/** The shape of a core service that implements some of the API's methods. */
export type ApiService<K extends ApiMethod> = { [M in K]: (input: ApiParsed<M>) => ReturnType<PhotoApi[M]> };

type UniformApi = Record<ApiMethod, (input: unknown) => Promise<unknown>>;

/** Calls one PhotoApi method by name with an already parsed input; the union of signatures needs one cast here. */
export function callApiMethod(api: PhotoApi, method: ApiMethod, input: unknown): Promise<unknown> {
  return (api as unknown as UniformApi)[method](input);
}
