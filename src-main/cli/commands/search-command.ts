import path from 'node:path';
import type { ImageQuery, SearchFilters, SearchResult, SearchSort } from '../../contract/search.js';
import {
  boolFlag,
  intFlag,
  parseArgs,
  rejectUnknown,
  stringFlag,
  UsageError,
  type ParsedArgs,
} from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';

const FILTER_FLAGS = ['from', 'to', 'folder', 'camera', 'type', 'gps', 'no-gps', 'album', 'tag'];
const SORTS: Record<string, SearchSort> = {
  relevance: 'relevance',
  date: 'newest',
  newest: 'newest',
  oldest: 'oldest',
};

export const searchCommand: Command = {
  summary: 'find photos by describing them, or by a photo (see "Search syntax" in the README)',
  usage:
    'shoebox search "<query>" [--image FILE | --like ID] [--from DATE] [--to DATE] [--folder DIR] [--camera X] ' +
    '[--type jpeg] [--gps | --no-gps] [--album ID] [--tag T] [--sort relevance|date|newest|oldest] [--limit N] [--offset N] ' +
    '[--json] [--library DIR]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json', 'gps', 'no-gps'] });
    rejectUnknown(args, [...CORE_FLAGS, ...FILTER_FLAGS, 'json', 'image', 'like', 'sort', 'limit', 'offset']);
    const text = args.positionals.join(' ').trim();
    const image = imageFrom(args);
    if (text === '' && image === undefined) {
      throw new UsageError(
        'say what to search for, e.g. shoebox search "dog at the beach", or give --image FILE or --like ID',
      );
    }
    const request = {
      text,
      ...(image === undefined ? {} : { image }),
      filters: filtersFrom(args),
      sort: sortFrom(args),
      limit: intFlag(args, 'limit', 20),
      offset: offsetFrom(args),
    };
    return withCore(coreOptionsFrom(args, { searchSoon: true }), async (core) => {
      const result = await core.search(request);
      if (boolFlag(args, 'json')) io.out(JSON.stringify(result.hits.map(jsonHit)));
      else printResult(result, io);
      return EXIT.ok;
    });
  },
};

function imageFrom(args: ParsedArgs): ImageQuery | undefined {
  const file = stringFlag(args, 'image');
  const like = stringFlag(args, 'like');
  if (file !== undefined && like !== undefined)
    throw new UsageError('give either --image FILE or --like ID, not both');
  if (file !== undefined) return { path: path.resolve(file) };
  return like === undefined ? undefined : { photoId: like };
}

function filtersFrom(args: ParsedArgs): SearchFilters {
  const filters: SearchFilters = {};
  for (const name of ['from', 'to', 'camera', 'album', 'tag'] as const) {
    const value = stringFlag(args, name);
    if (value !== undefined) filters[name] = value;
  }
  const folder = stringFlag(args, 'folder');
  if (folder !== undefined) filters.folder = path.resolve(folder);
  const type = stringFlag(args, 'type');
  if (type !== undefined) filters.format = type;
  if (boolFlag(args, 'gps') && boolFlag(args, 'no-gps'))
    throw new UsageError('give either --gps or --no-gps, not both');
  if (boolFlag(args, 'gps')) filters.hasGps = true;
  if (boolFlag(args, 'no-gps')) filters.hasGps = false;
  return filters;
}

function sortFrom(args: ParsedArgs): SearchSort {
  const value = stringFlag(args, 'sort') ?? 'relevance';
  const sort = SORTS[value];
  if (sort === undefined)
    throw new UsageError(`--sort must be relevance, date, newest or oldest, not "${value}"`);
  return sort;
}

function offsetFrom(args: ParsedArgs): number {
  const value = stringFlag(args, 'offset');
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--offset must be a whole number of 0 or more, not "${value}"`);
  return n;
}

/** `--json` stays an array of hits, best first, so scripts that read {id, path, score} keep working. */
function jsonHit(hit: SearchResult['hits'][number]): Record<string, unknown> {
  return {
    id: hit.id,
    path: hit.path,
    score: hit.score,
    tier: hit.tier,
    takenAt: hit.takenAt,
    keywordMatch: hit.keywordMatch,
  };
}

function printResult(result: SearchResult, io: CliIo): void {
  if (result.total === 0) {
    io.out('no photos match');
    return;
  }
  const what = result.query === '' ? 'the image' : `"${result.query}"`;
  io.out(
    result.nothingMatched
      ? `No close match for ${what}; the nearest ${result.total} photos:`
      : `${result.bestCount} best ${result.bestCount === 1 ? 'match' : 'matches'} for ${what} (${result.total} listed):`,
  );
  let tier: string | null = null;
  for (const hit of result.hits) {
    if (tier === 'best' && hit.tier === 'more') io.out('— more —');
    tier = hit.tier;
    io.out(`${hit.score.toFixed(3)}  ${hit.tier.padEnd(4)}  ${hit.keywordMatch ? 'kw' : '  '}  ${hit.path}`);
  }
  const shown = result.offset + result.hits.length;
  if (shown < result.total) io.out(`(${result.total - shown} more: --offset ${shown})`);
}
