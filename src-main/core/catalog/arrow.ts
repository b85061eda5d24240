import { createRequire } from 'node:module';

/**
 * [Note: one apache-arrow]
 * LanceDB is a CommonJS package that `require`s apache-arrow. An ESM `import` of apache-arrow
 * would load the package's other build, whose classes LanceDB does not recognise ("schemas must
 * be equivalent"). Loading it through `createRequire` gives the app and LanceDB one copy.
 */
const require = createRequire(import.meta.url);
const arrow = require('apache-arrow') as typeof import('apache-arrow');

export const { Schema, Field, FixedSizeList, Float32, Float64, Int32, Int64, Utf8, Bool } = arrow;
export type ArrowSchema = import('apache-arrow').Schema;
