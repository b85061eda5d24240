import { workerData } from 'node:worker_threads';
import { threadTextTower, type TextRequest, type TextThreadData } from './text-tower.js';
import { serveTower } from './tower-thread.js';

// The text tower's worker thread: tokenizer, session and runs off the main thread ([Note: warming for the page]).
serveTower<TextRequest>(() => threadTextTower(workerData as TextThreadData));
